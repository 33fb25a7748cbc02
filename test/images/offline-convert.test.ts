/**
 * Issue 14: convert reads image facts from the lock file only — never the network — and the
 * pinDigests option runs each locked image by the digest its tag resolved to.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { LOCK_FILE_NAME, serializeImageLock, type ImageLock } from '../../lib/images/lock-file.ts';
import { repoRoot } from '../support/k8s.ts';

const INDEX = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const lock: ImageLock = {
  version: 1,
  images: {
    'docker.io/library/postgres:16': {
      digest: INDEX,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      platforms: {
        'linux/amd64': {
          digest: 'sha256:2222222222222222222222222222222222222222222222222222222222222222',
          config: { user: { spec: '999', uid: 999 }, exposedPorts: [{ port: 5432, protocol: 'tcp' }], labels: {} },
        },
      },
    },
  },
};

const directory = mkdtempSync(path.join(tmpdir(), 'offline-convert-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function convertOffline(compose: string): { code: number | null; stdout: string; stderr: string } {
  writeFileSync(path.join(directory, 'compose.yaml'), compose);
  writeFileSync(path.join(directory, LOCK_FILE_NAME), serializeImageLock(lock));
  const run = spawnSync(process.execPath, ['--require', path.join(repoRoot, 'test/images/support/no-network.cjs'), path.join(repoRoot, 'bin/cdk8s-compose'), 'convert', '--stdout'], {
    cwd: directory,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const container = (yaml: string, name: string) => {
  const docs = parseAllDocuments(yaml).map((doc) => doc.toJS());
  return docs.find((doc) => doc.metadata?.name === name && doc.spec?.template)?.spec.template.spec.containers[0];
};

describe('convert with the network unreachable', () => {
  it('uses the lock file and pins the locked image by its index digest when asked', () => {
    const run = convertOffline('services:\n  db:\n    image: postgres:16\n    x-kubernetes: {pinDigests: true}\n  cache:\n    image: redis:7\n    x-kubernetes: {pinDigests: true}\n');
    expect(run.code, run.stderr).toBe(0);
    expect(container(run.stdout, 'db')?.image).toBe(`postgres:16@${INDEX}`);
    expect(container(run.stdout, 'cache')?.image).toBe('redis:7');
    expect(run.stderr).toContain("image 'redis:7' is not pinned to a digest: it is not in the image lock file");
  });

  it('fails as it should when something does reach for the network (the guard works)', () => {
    const run = spawnSync(process.execPath, ['--require', path.join(repoRoot, 'test/images/support/no-network.cjs'), '-e', "require('node:net').connect(80, 'example.com')"], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('network access attempted');
  });
});
