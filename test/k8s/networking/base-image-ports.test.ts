/**
 * A service built from a Dockerfile that starts from a server image the converter knows has that
 * image's usual port: bgruening/docker-galaxy-stable builds its database as
 * andreassko/galaxy-postgres `FROM postgres`, which galaxy-server depends on.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import type { Json } from '../support/compose-text.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function convert(files: Record<string, string>) {
  const directory = mkdtempSync(path.join(tmpdir(), 'base-image-ports-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  const project = loadProject({ cwd: directory, environment: {}, projectName: 'galaxy' });
  const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
  const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
  const object = (kind: string, name: string): Json => manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  return { object, messages: plan.warnings.map((warning) => warning.message) };
}

const compose = (dockerfile: string) => ({
  'compose.yaml': `services:
  galaxy-server:
    image: x/galaxy-server:1
    ports: ["8080:8080"]
    depends_on: [postgres]
  postgres:
    image: andreassko/galaxy-postgres:24.1
    build: galaxy-postgres
    environment:
      POSTGRES_USER: galaxy
`,
  'galaxy-postgres/Dockerfile': dockerfile,
  'galaxy-postgres/init.sql': 'create table t (id int);\n',
});

describe("a service built FROM a server image the converter knows (galaxy's galaxy-postgres FROM postgres)", () => {
  const { object, messages } = convert(compose('FROM postgres:15\nCOPY init.sql /docker-entrypoint-initdb.d/\n'));

  it("has the base image's usual port on its Service, said once", () => {
    expect(object('Service', 'postgres').spec.ports).toEqual([{ name: 'tcp-5432', port: 5432, protocol: 'TCP', targetPort: 'tcp-5432' }]);
    expect(messages).toContain("the Service carries port 5432 (the usual port of postgres images) that compose does not declare, so that the others reach 'postgres' on it (declare expose: to change)");
  });

  it('so that its dependents wait for it there', () => {
    const server = object('Deployment', 'galaxy-server').spec.template.spec;
    expect(server.initContainers.map((init: Json) => init.name)).toEqual(['wait-for-postgres']);
    expect(server.initContainers[0].command.join(' ')).toContain('nc -z -w 2 postgres 5432');
    expect(messages.join('\n')).not.toContain('is not waited for');
  });

  it('but not when the Dockerfile EXPOSEs its own ports, or starts from an image of no known port', () => {
    const exposed = convert(compose('FROM postgres:15\nEXPOSE 6543\n'));
    expect(exposed.object('Service', 'postgres').spec.ports.map((port: Json) => port.port)).toEqual([6543]);
    // A server command of its own: with none, Debian's bash would exit at once and the service be a Job (run-once/exiting-shell.ts).
    const unknown = convert(compose('FROM debian:12\nRUN true\nCMD ["/usr/local/bin/galaxy-db"]\n'));
    expect(unknown.object('Service', 'postgres').spec.ports).toBeUndefined();
    // Its Service is headless, whose name answers once its pod is ready: the wait is for the name.
    expect(unknown.messages).toContain(
      "depends_on 'postgres' waits until the name 'postgres' resolves: no port of it is known, so its Service is headless, whose name answers with its pod's address once the pod is ready (on any port, as under compose); declare expose: with the ports it serves to wait for one of them",
    );
  });
});
