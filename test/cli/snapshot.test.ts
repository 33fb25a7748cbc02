/**
 * bin/cdk8s-compose starts from a V8 start-up snapshot of the CLI when it can (tools/snapshot.mjs).
 * The snapshot holds a process that has already converted a small project; nothing of that may leak
 * into a real run: every stack converts to the same bytes, warnings and exit code as the plain start.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusStacks } from '../support/corpus-stacks.ts';
import { repoRoot } from '../support/k8s.ts';
import { temporaryDirectory } from '../support/temporary.ts';

interface SnapshotModule {
  ensureSnapshot(): Promise<boolean>;
  SNAPSHOT_BLOB: string;
  SNAPSHOT_FLAGS_FILE: string;
}

const bin = join(repoRoot, 'bin', 'cdk8s-compose');
const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LANG: 'C' };

let blob: string;
let flags: readonly string[];

function run(start: 'snapshot' | 'plain', args: readonly string[], cwd: string) {
  const argv = start === 'snapshot' ? [...flags, '--snapshot-blob', blob, '--', ...args] : [bin, ...args];
  const result = spawnSync(process.execPath, argv, { cwd, env, encoding: 'utf8', input: '', maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function sameFromBothStarts(args: readonly string[], cwd: string) {
  const snapshot = run('snapshot', args, cwd);
  expect(snapshot).toEqual(run('plain', args, cwd));
  return snapshot;
}

describe('the start-up snapshot', () => {
  beforeAll(async () => {
    const module = (await import(pathToFileURL(join(repoRoot, 'tools', 'snapshot.mjs')).href)) as SnapshotModule;
    expect(await module.ensureSnapshot()).toBe(true);
    blob = module.SNAPSHOT_BLOB;
    // The flags it was built with (the first line), which bin/cdk8s-compose starts it with.
    flags = readFileSync(module.SNAPSHOT_FLAGS_FILE, 'utf8').split('\n')[0]!.split(' ').filter(Boolean);
  }, 120_000);

  it.each(corpusStacks(['realworld']).map((stack) => [stack.id, stack] as const))('converts %s as the plain start does', (_, stack) => {
    const { status, stdout } = sameFromBothStarts(['convert', ...stack.args], stack.dir);
    expect(status).toBe(0);
    expect(stdout).toContain('kind: Namespace');
  }, 60_000);

  it('reports bad input, bad usage and help as the plain start does', () => {
    const dir = temporaryDirectory('snapshot');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    ports: ["not-a-port"]\n');
    expect(sameFromBothStarts(['convert'], dir).status).toBe(1);
    expect(sameFromBothStarts(['convert', '--no-such-flag'], dir).status).toBe(2);
    expect(sameFromBothStarts(['--help'], dir).stdout).toContain('Usage: cdk8s-compose');
    expect(sameFromBothStarts(['secrets', '--help'], dir).status).toBe(0);
  }, 60_000);

  it('is what bin/cdk8s-compose starts from when run as a program', () => {
    const dir = temporaryDirectory('snapshot');
    // Node traces the ES modules it loads; a start from the snapshot loads none (the plain start
    // loads tools/precompiled.mjs).
    const start = (extra: Record<string, string>) => spawnSync(bin, ['--version'], { cwd: dir, env: { ...env, NODE_DEBUG: 'esm', ...extra }, encoding: 'utf8' });
    const traced = start({});
    expect(traced.status).toBe(0);
    expect(traced.stdout).toMatch(/^cdk8s-compose \d/);
    // Nor does Node refuse it: bin/cdk8s-compose starts it with the flags it was built with.
    expect(traced.stderr).toBe('');
    expect(start({ CDK8S_COMPOSE_SNAPSHOT: '0' }).stderr).toContain('precompiled.mjs');
  });

  it('starts without NODE_EXTRA_CA_CERTS but gives the CLI the environment it was started with', () => {
    const dir = temporaryDirectory('snapshot');
    // An empty file: Node warns about a file it cannot read, which would tell the starts apart.
    const certs = join(dir, 'extra-ca.pem');
    writeFileSync(certs, '');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    environment:\n      CA: ${NODE_EXTRA_CA_CERTS:-unset}\n');
    const config = (argv: readonly string[], extra: Record<string, string>) =>
      spawnSync(argv[0]!, [...argv.slice(1), 'config'], { cwd: dir, env: { ...env, ...extra }, encoding: 'utf8' });
    for (const value of [certs, '']) {
      const program = config([bin], { NODE_EXTRA_CA_CERTS: value });
      expect(program.stdout).toContain(`CA: ${value || 'unset'}\n`);
      expect(program).toMatchObject({ status: 0, stderr: '' });
      expect(program.stdout).toBe(config([process.execPath, bin], { NODE_EXTRA_CA_CERTS: value }).stdout);
    }
    expect(config([bin], {}).stdout).toContain('CA: unset\n');
  });
});
