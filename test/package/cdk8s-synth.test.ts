/**
 * The repository's cdk8s app behaves like any cdk8s app under the real cdk8s CLI: `cdk8s synth -o DIR`
 * writes the manifests into DIR and `--stdout` prints them, while dist/ (which only `npm run synth`
 * writes) stays as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { distDir, freshTree, readTree } from '../synth/dist.ts';
import { repoRoot } from '../support/k8s.ts';

const cdk8s = join(repoRoot, 'node_modules', '.bin', 'cdk8s');
const scratch = mkdtempSync(join(tmpdir(), 'cdk8s-synth-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cdk8sSynth(args: readonly string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync(cdk8s, ['synth', ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

/** fs.createReadStream's read size, which is the piece each pipe hands on at a time. */
const STREAM_CHUNK = 64 * 1024;

/**
 * Whether `output` is exactly the files, each cut into its read-stream chunks, the chunks of each
 * file in order and those of different files in any interleaving: what concurrent pipes may print.
 * At each point the next chunk of exactly one file is expected to match (two files whose next chunks
 * are identical would be told apart by what follows; the synthesized files have no such chunks).
 */
function isChunkInterleaving(output: Buffer, files: readonly Buffer[]): boolean {
  const next = files.map(() => 0);
  let at = 0;
  while (at < output.length) {
    const file = files.findIndex((content, index) => {
      const end = Math.min(next[index]! + STREAM_CHUNK, content.length);
      return end > next[index]! && output.subarray(at, at + end - next[index]!).equals(content.subarray(next[index]!, end));
    });
    if (file < 0) return false;
    const taken = Math.min(STREAM_CHUNK, files[file]!.length - next[file]!);
    next[file]! += taken;
    at += taken;
  }
  return next.every((position, index) => position === files[index]!.length);
}

test('the interleaving check takes chunks of each file in order and refuses anything else', () => {
  const a = Buffer.from('a'.repeat(STREAM_CHUNK) + 'A-end\n');
  const b = Buffer.from('b'.repeat(STREAM_CHUNK) + 'B-end\n');
  const piece = (file: Buffer, index: number) => file.subarray(index * STREAM_CHUNK, (index + 1) * STREAM_CHUNK);
  expect(isChunkInterleaving(Buffer.concat([piece(a, 0), piece(b, 0), piece(b, 1), piece(a, 1)]), [a, b])).toBe(true);
  expect(isChunkInterleaving(Buffer.concat([b, a]), [a, b])).toBe(true);
  expect(isChunkInterleaving(Buffer.concat([piece(a, 1), piece(a, 0), b]), [a, b])).toBe(false);
  expect(isChunkInterleaving(Buffer.concat([a, b.subarray(1)]), [a, b])).toBe(false);
  expect(isChunkInterleaving(Buffer.concat([a, b, Buffer.from('x')]), [a, b])).toBe(false);
});

describe('cdk8s synth (cdk8s-cli)', () => {
  const expected = freshTree();
  const distBefore = readTree(distDir);

  test('-o DIR writes every manifest and kustomization into DIR, and leaves dist/ alone', () => {
    const out = join(scratch, 'out');
    const result = cdk8sSynth(['-o', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('No manifests synthesized');
    expect(readTree(out)).toEqual(expected);
    expect(readTree(distDir)).toEqual(distBefore);
  }, 120_000);

  test('--stdout prints every synthesized file, and nothing else', () => {
    const result = cdk8sSynth(['--stdout']);
    expect(result.status, result.stderr).toBe(0);
    const files = Object.values(expected).map((content) => Buffer.from(content, 'utf8'));
    // cdk8s-cli pipes the files to stdout concurrently, so their order is its own and a large file may
    // arrive in 64 KiB pieces between another's, even within a line: every piece of every file, in
    // order within its file, and nothing else, is what it owes.
    expect(result.stdout.length).toBe(files.reduce((sum, content) => sum + content.length, 0));
    expect(isChunkInterleaving(result.stdout, files)).toBe(true);
    expect(readTree(distDir)).toEqual(distBefore);
  }, 120_000);
});
