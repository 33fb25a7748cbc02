/**
 * A volume mounted where the service's own build put files (its Dockerfile's COPY and ADD, from the
 * context or another stage) is filled with them, as Docker fills a new named volume: dbist's
 * cockroach-docker builds roach-cert with the nodes' certificates at /certs/roach-N and mounts each
 * node's volume there; the claims started empty, and no node had a certificate (until 2026-12-07).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { placedFiles } from '../../../lib/images/dockerfile/copies.ts';
import { parseDockerfile } from '../../../lib/images/dockerfile/parse.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import type { Json } from '../support/compose-text.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

const CERTGEN = `FROM cockroachdb/cockroach:v24.2.4 AS generator
RUN mkdir -p /tmp/certs/node && cockroach cert create-ca --certs-dir=/tmp/certs/node --ca-key=/tmp/ca.key
FROM alpine:3.20
COPY --from=generator /tmp/certs/node/* /certs/node/
CMD ["tail", "-f", "/dev/null"]
`;

function initContainers(compose: string, dockerfile: string, service: string): string[] {
  return converted(compose, dockerfile).pod(service).initContainers?.map((init: { name: string }) => init.name) ?? [];
}

function converted(compose: string, dockerfile: string): { pod: (service: string) => Json; namespace: Json; warnings: string[] } {
  const directory = mkdtempSync(path.join(tmpdir(), 'placed-files-'));
  directories.push(directory);
  mkdirSync(path.join(directory, 'certgen'));
  writeFileSync(path.join(directory, 'compose.yaml'), compose);
  writeFileSync(path.join(directory, 'certgen', 'Dockerfile'), dockerfile);
  const project = loadProject({ cwd: directory, environment: {}, projectName: 'roach' });
  const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
  const manifests = plan.entries.map((entry) => entry.manifest as Json);
  return {
    pod: (service) => manifests.find((manifest) => manifest.kind === 'Deployment' && manifest.metadata.name === service).spec.template.spec,
    namespace: manifests.find((manifest) => manifest.kind === 'Namespace'),
    warnings: plan.warnings.map((warning) => `${warning.key}: ${warning.message}`),
  };
}

const stack = (mount: string) => `services:
  certgen:
    build: certgen
    volumes: ["${mount}"]
  node:
    image: cockroachdb/cockroach:v24.2.4
    command: start-single-node --certs-dir=/certs
    volumes: ["certs:/certs"]
    depends_on: [certgen]
volumes:
  certs: {}
`;

describe('files the build put where a volume is mounted', () => {
  it('are the destinations of the COPY and ADD of the target stage and the stages it is built FROM, whatever their source', () => {
    const parsed = parseDockerfile('FROM alpine AS base\nWORKDIR /srv\nCOPY app.conf conf/\nFROM busybox AS other\nCOPY y /y\nFROM base\nCOPY --from=other /y /srv/bin\nADD https://example.com/x.tar /opt/x\n', 'Dockerfile');
    expect(placedFiles(parsed, undefined)).toEqual(['/srv/bin', '/opt/x', '/srv/conf']);
    expect(placedFiles(parsed, 'other')).toEqual(['/y']);
  });

  it('fill a volume mounted there, as Docker fills a new named volume (the certificates a certificate image carries)', () => {
    expect(initContainers(stack('certs:/certs/node'), CERTGEN, 'certgen')).toEqual(['image-files-certs']);
  });

  it('leave a volume mounted elsewhere, or read-only, empty', () => {
    expect(initContainers(stack('certs:/data'), CERTGEN, 'certgen')).toEqual([]);
    expect(initContainers(stack('certs:/certs/node:ro'), CERTGEN, 'certgen')).toEqual([]);
  });
});

describe('key material the image keeps where a volume is mounted (a certificate folder)', () => {
  // dbist/cockroach-docker: node.key is 0600 and root's in roach-cert's image; a copier running as
  // nobody could not read it (the copy, and its pod, stopped), and CockroachDB, uid 1000 here, could
  // not have read root's 0600 copy (rw14rc, until 2026-12-07).
  const result = converted(stack('certs:/certs/node'), CERTGEN);
  const copier = result.pod('certgen').initContainers[0];

  it('is copied by root with CHOWN and DAC_OVERRIDE alone, each copy handed, its mode kept, to the user of the service that reads it', () => {
    expect(copier.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE'] } });
    const reader = result.pod('node');
    const uid = reader.containers[0].securityContext.runAsUser;
    const gid = reader.securityContext.fsGroup ?? reader.containers[0].securityContext.runAsGroup;
    expect(copier.command[2]).toContain(`cp -Rp '/certs/node'/. "$s" && chown -R -h ${uid}:${gid} "$s"`);
    expect(copier.command[2]).not.toContain('chmod');
  });

  it('labels the namespace baseline, and says so once, at the mount', () => {
    expect(result.namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(result.warnings.filter((warning) => warning.includes('key material'))).toEqual([
      expect.stringMatching(/^services\.certgen\.volumes\.0: the image's files at \/certs\/node are key material, .* within Pod Security's baseline level .* hands each copy, its mode kept, to uid \d+, gid \d+ \(the user of 'node'\)$/),
    ]);
  });

  it('but files elsewhere are copied as before, by nobody, and the namespace stays restricted', () => {
    const plain = converted(stack('certs:/srv/www').replace('/certs', '/srv/www'), CERTGEN.replaceAll('/certs/node', '/srv/www'));
    expect(plain.pod('certgen').initContainers[0].securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(plain.pod('certgen').initContainers[0].securityContext.capabilities.add).toBeUndefined();
    expect(plain.namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});
