/**
 * A checkout's bin/cdk8s-compose, run as a program, starts from a V8 snapshot built by the Node.js
 * that built it and with the V8 flags that Node.js knows (tools/snapshot.mjs). Switching Node.js
 * (nvm, an upgrade) must never break the program: the first start under another Node.js runs plainly
 * and rebuilds the snapshot for it, without a word from Node about a snapshot it refuses; the next
 * starts from it. `npm run synth` writes the same dist/ under each.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyRepo } from '../../bench/repo-copy.ts';
import { repoRoot } from '../support/k8s.ts';
import { nodeBinary } from '../support/node-binaries.ts';
import { distDir, readTree } from '../synth/dist.ts';

const scratch = mkdtempSync(join(tmpdir(), 'cdk8s-compose-checkout-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const repo = join(scratch, 'repo');
const project = join(scratch, 'project');
const bin = join(repo, 'bin', 'cdk8s-compose');
const flagsFile = join(repo, '.build', 'cli.blob.flags');

/** An environment whose PATH finds the `node` of `directory` first. */
function envFinding(directory: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${directory}${delimiter}${process.env['PATH'] ?? ''}`, HOME: process.env['HOME'] ?? '', LANG: 'C', ...extra };
}

function envWith(major: string, extra: Record<string, string> = {}): Record<string, string> {
  return envFinding(dirname(nodeBinary(major)), extra);
}

function convert(major: string, extra: Record<string, string> = {}) {
  return convertIn(envWith(major, extra));
}

function convertIn(env: Record<string, string>) {
  const result = spawnSync(bin, ['convert', '-q'], { cwd: project, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a checkout run as a program under another Node.js', () => {
  let expected: string;

  beforeAll(() => {
    copyRepo(repoRoot, repo);
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), 'name: shop\nservices:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n');
    // The plain start under the Node.js of the tests (20) builds the bundle, then the snapshot.
    const plain = spawnSync(process.execPath, [bin, 'convert', '-q'], { cwd: project, encoding: 'utf8' });
    expect(plain.status).toBe(0);
    expected = plain.stdout;
    expect(expected).toContain('kind: Deployment');
    expect(readFileSync(flagsFile, 'utf8')).toContain('--interrupt-budget=');
  }, 600_000);

  test.each([['22'], ['24'], ['20']])('switched to Node %s: runs plainly once, then from a snapshot of its own', (major) => {
    // Silent: Node would say on stderr that it refuses a snapshot another Node.js built.
    expect(convert(major)).toEqual({ status: 0, stdout: expected, stderr: '' });
    // That start was plain: it built the snapshot for the `node` it was started with.
    expect(readFileSync(flagsFile, 'utf8').split('\n')[1]).toBe(join(dirname(nodeBinary(major)), 'node'));
    // Node traces every ES module it loads: a start from the snapshot loads none.
    const next = convert(major, { NODE_DEBUG: 'esm' });
    expect(next).toEqual({ status: 0, stdout: expected, stderr: '' });
    // V8 12 (Node 22) and later have no --interrupt-budget: the snapshot is built and started without it.
    expect(readFileSync(flagsFile, 'utf8').includes('--interrupt-budget=')).toBe(major === '20');
  }, 600_000);

  test('a node on PATH that is a symlink to the one that built the snapshot starts from it', () => {
    const linked = join(scratch, 'linked-node');
    mkdirSync(linked);
    symlinkSync(nodeBinary('20'), join(linked, 'node'));
    expect(convertIn(envFinding(linked, { NODE_DEBUG: 'esm' }))).toEqual({ status: 0, stdout: expected, stderr: '' });
  });

  test.each([['22'], ['24']])('npm run synth under Node %s writes the committed dist/', (major) => {
    rmSync(join(repo, 'dist'), { recursive: true, force: true });
    const env = envWith(major);
    expect(spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout).toMatch(new RegExp(`^v${major}\\.`));
    const synth = spawnSync('node', [join(repo, 'tools', 'synth.mjs')], { cwd: repo, env, encoding: 'utf8' });
    expect(synth.status).toBe(0);
    expect(readTree(join(repo, 'dist'))).toEqual(readTree(distDir));
  }, 600_000);
});
