/**
 * Issue 17: arguments that could only fail later with a raw errno (`-o` naming a file, `-p` too
 * long for a file name, `-o` under /proc) or be ignored (`-n ''`) are refused first, with one line
 * and exit code 1, and nothing is written.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../lib/cli/io.ts';
import { runCli } from '../../lib/cli/main.ts';
import { temporaryDirectory } from '../support/temporary.ts';

function project(): string {
  const directory = temporaryDirectory('project-args');
  writeFileSync(join(directory, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.25\n');
  writeFileSync(join(directory, 'afile'), 'keep');
  mkdirSync(join(directory, 'out'));
  return directory;
}

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd, env: {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('convert and secrets refuse unusable arguments with one line', () => {
  const long = 'a'.repeat(300);
  it.each([
    [['convert', '-o', 'afile/sub'], /^error: -o: .*afile exists and is not a directory\n$/],
    [['convert', '-o', ''], /^error: -o: the output directory must not be empty\n$/],
    [['convert', '-o', '/proc/x'], /^error: -o: \/proc\/x is under \/proc, \/sys, \/dev, where no output is written\n$/],
    [['convert', '-p', long, '-o', 'out'], /^error: -p: the project name is 300 characters; at most 63 fit a Kubernetes namespace, a label value and a file name\n$/],
    [['convert', '-n', '', '--stdout'], /^error: -n: "" is not a namespace: at most 63 lowercase letters/],
    [['convert', '-n', 'Bad', '--stdout'], /^error: -n: "Bad" is not a namespace/],
    [['secrets', '-n', 'a b'], /^error: -n: "a b" is not a namespace/],
  ])('%j', async (args, message) => {
    const directory = project();
    const before = readdirSync(directory).sort();
    const result = await cli(directory, ...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(readdirSync(directory).sort()).toEqual(before);
    expect(readdirSync(join(directory, 'out'))).toEqual([]);
  });

  it('-o an existing file (any name) or a new FILE.yaml writes that file, as kubectl and kompose take -o', async () => {
    const directory = project();
    expect((await cli(directory, 'convert', '-o', 'afile')).code).toBe(0);
    expect(readFileSync(join(directory, 'afile'), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
    writeFileSync(join(directory, 'old.yaml'), 'previous\n');
    expect((await cli(directory, 'convert', '-o', 'old.yaml')).code).toBe(0);
    expect(readFileSync(join(directory, 'old.yaml'), 'utf8')).toBe(readFileSync(join(directory, 'afile'), 'utf8'));
    const nested = await cli(directory, 'convert', '-o', 'afile/x.yaml');
    expect(nested.code).toBe(1);
    expect(nested.stderr).toMatch(/^error: -o: .*afile exists and is not a directory\n$/);
  });

  it('still writes into a directory that does not exist yet', async () => {
    const directory = project();
    const result = await cli(directory, 'convert', '-o', 'new/dir');
    expect(result.code).toBe(0);
    expect(readdirSync(join(directory, 'new', 'dir'))).toEqual([expect.stringMatching(/\.k8s\.yaml$/)]);
  });
});
