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

function cdk8sSynth(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(cdk8s, ['synth', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
    const files = Object.values(expected);
    // cdk8s-cli pipes the files to stdout concurrently, so their order is its own and a large file may
    // arrive in pieces between another's: every line of every file, and nothing else, is what it owes.
    const lines = (text: string): string[] => text.split('\n').sort();
    expect(lines(result.stdout)).toEqual(lines(files.join('')));
    expect(result.stdout.length).toBe(files.reduce((sum, content) => sum + content.length, 0));
    expect(readTree(distDir)).toEqual(distBefore);
  }, 120_000);
});
