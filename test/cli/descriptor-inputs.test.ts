/**
 * `-f` and `--env-file` may name an open file descriptor, as a shell's process substitution passes
 * one (`--env-file <(sops -d .env.enc)`: /dev/fd/63, a pipe) or /dev/stdin: read once, to the
 * input limit, with the working directory as the project directory (as for `-f -`). Anything else
 * under /proc, /sys and /dev stays unread, and no compose file can name a descriptor.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/k8s.ts';
import { temporaryDirectory } from '../support/temporary.ts';

const bin = join(repoRoot, 'bin', 'cdk8s-compose');
const COMPOSE = 'services:\n  web:\n    image: nginx:${TAG}\n    ports: ["8080:80"]\n';

/** Runs `script` in bash (for its process substitution) in a new project directory, with $BIN set. */
function bash(script: string, files: Record<string, string> = {}) {
  const directory = temporaryDirectory('descriptor-inputs');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  const run = spawnSync('bash', ['-c', script], { cwd: directory, env: { ...process.env, BIN: bin }, encoding: 'utf8' });
  return { directory, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('inputs named by a file descriptor', () => {
  // The plain start too: Node 20 and 22 read the file an `--env-file` anywhere on their command
  // line names, which emptied the pipe before the CLI read it (bin/cdk8s-compose now passes `--`).
  it.each([['snapshot', ''], ['plain', 'CDK8S_COMPOSE_SNAPSHOT=0 ']])('-f <(…) and --env-file <(…) convert as the files would, the project named after the working directory (%s start)', (_, start) => {
    const files = { 'compose.text': COMPOSE, 'env.text': 'TAG=1.27\n' };
    const piped = bash(`${start}"$BIN" convert -q -f <(cat compose.text) --env-file <(cat env.text)`, files);
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain('image: nginx:1.27');
    const asFiles = bash('cp compose.text compose.yaml && "$BIN" convert -q -f compose.yaml --env-file env.text', files);
    expect(asFiles.status).toBe(0);
    // The same project (named after the directory, which differs) but for its name.
    const named = (run: { directory: string; stdout: string }) => run.stdout.replaceAll(run.directory.split('/').pop()!.toLowerCase(), 'PROJECT');
    expect(named(piped)).toBe(named(asFiles));
  });

  it('-f /dev/stdin reads standard input, to the input limit', () => {
    const read = bash('cat compose.text | "$BIN" convert -q -f /dev/stdin --env-file <(echo TAG=1.27)', { 'compose.text': COMPOSE });
    expect(read.stderr).toBe('');
    expect(read.stdout).toContain('image: nginx:1.27');
    const endless = bash('"$BIN" convert -q -f /dev/stdin < /dev/zero');
    expect(endless).toMatchObject({ status: 1, stdout: '', stderr: 'error: compose file /dev/stdin is larger than 64 MiB\n' });
  });

  it('refuses other system files, and a descriptor a compose file names', () => {
    expect(bash('"$BIN" convert -q -f /dev/zero')).toMatchObject({ status: 1, stderr: 'error: compose file /dev/zero is under /proc, /sys, /dev, which are never read\n' });
    const compose = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: /dev/fd/3\n', 'env.text': 'A=1\n' };
    for (const opened of ['3<env.text', '3< <(echo A=1)']) {
      const named = bash(`"$BIN" convert -q ${opened}`, compose);
      expect(named).toMatchObject({ status: 1, stdout: '' });
      expect(named.stderr).toMatch(/^error: \S*compose\.yaml:4:5: services\.web\.env_file\.0: env file \/dev\/fd\/3 names a file descriptor: only -f and --env-file may\n$/);
    }
  });

  it('--overlay, which reads the files again, refuses a descriptor', () => {
    const overlay = bash('"$BIN" convert -q -f <(cat compose.text) --kustomize --overlay prod=prod.yaml -o out', { 'compose.text': COMPOSE, 'prod.yaml': 'services: {}\n' });
    expect(overlay.status).toBe(2);
    expect(overlay.stderr).toContain("--overlay needs compose files, not '-f -' or a file descriptor's name (read only once)");
  });
});
