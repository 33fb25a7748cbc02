/**
 * A service whose whole command is a shell with nothing to run exits at once under compose: Docker
 * gives it no standard input unless stdin_open or tty asks. Ninjaclasher/dmoj-docker's `base` builds
 * dmoj-site-base, the image site, celery and bridged start FROM; its Dockerfile (FROM
 * debian:buster-slim) sets no CMD, so `up` runs Debian's bash, which ends at once. As a Deployment
 * Kubernetes restarted it after every exit, in CrashLoopBackOff.
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
  const directory = mkdtempSync(path.join(tmpdir(), 'run-once-exiting-shell-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  const project = loadProject({ cwd: directory, environment: {}, projectName: 'dmoj' });
  const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
  const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
  const kind = (name: string): string | undefined =>
    manifests.find((manifest) => ['Deployment', 'Job', 'StatefulSet', 'CronJob'].includes(manifest.kind) && (manifest.metadata.name === name || manifest.metadata.name.startsWith(`${name}-`)))?.kind;
  return { kind, messages: plan.warnings.map((warning) => warning.message) };
}

const dmoj = (base: string, dockerfile: string) => ({
  'compose.yaml': `services:
  base:
    build:
      context: .
      dockerfile: ./base/Dockerfile
    image: dmoj-site-base
    network_mode: none
${base}  site:
    build:
      context: .
      dockerfile: ./site/Dockerfile
    image: dmoj-site
    ports: ["8000:8000"]
    depends_on: [base]
`,
  'base/Dockerfile': dockerfile,
  'site/Dockerfile': 'FROM dmoj-site-base:latest\nEXPOSE 8000\nENTRYPOINT uwsgi --ini uwsgi.ini\n',
});

const BASE = 'FROM debian:buster-slim\nRUN apt-get update && apt-get install -y python3\n';

describe('a service whose command is a lone shell without input', () => {
  it("runs once as a Job when its Dockerfile sets no CMD and starts FROM a distribution image (dmoj-docker's base)", () => {
    const { kind, messages } = convert(dmoj('', BASE));
    expect(kind('base')).toBe('Job');
    expect(kind('site')).toBe('Deployment');
    expect(messages).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command is the default of debian:buster-slim, a shell, which without stdin_open or tty has nothing to read and exits at once/));
  });

  it('runs once as a Job for `command: bash` and for a pulled alpine or busybox with no command', () => {
    expect(convert(dmoj('    command: bash\n', BASE + 'CMD ["python3", "-m", "http.server"]\n')).kind('base')).toBe('Job');
    const pulled = convert({ 'compose.yaml': 'services:\n  data:\n    image: busybox:1.36\n    volumes: ["files:/files"]\n  tool:\n    image: alpine:3.20\nvolumes:\n  files: {}\n' });
    expect(pulled.kind('data')).toBe('Job');
    expect(pulled.kind('tool')).toBe('Job');
  });

  it('stays a Deployment with a terminal, a command or CMD of its own, an ENTRYPOINT, a base whose default is no shell, or a restart policy', () => {
    expect(convert(dmoj('    stdin_open: true\n    tty: true\n', BASE)).kind('base')).toBe('Deployment');
    expect(convert(dmoj('    command: ["sleep", "infinity"]\n', BASE)).kind('base')).toBe('Deployment');
    expect(convert(dmoj('', BASE + 'CMD ["python3", "-m", "http.server"]\n')).kind('base')).toBe('Deployment');
    expect(convert(dmoj('', BASE + 'ENTRYPOINT ["/docker-entrypoint.sh"]\n')).kind('base')).toBe('Deployment');
    expect(convert(dmoj('', 'FROM example/server:1.2\n')).kind('base')).toBe('Deployment');
    expect(convert(dmoj('    restart: always\n', BASE)).kind('base')).toBe('Deployment');
    expect(convert({ 'compose.yaml': 'services:\n  shell:\n    image: alpine:3.20\n    command: ["sh", "-c", "while true; do date; sleep 60; done"]\n' }).kind('shell')).toBe('Deployment');
  });
});
