/**
 * Issue 18 item 4, the conventions of docker compose, kubectl and kompose, each as a user meets it
 * (the others have their own tests: --version in version.test.ts, completion in completion.test.ts,
 * `-f -` and SERVICE… in convert.test.ts, -o FILE|DIR in project-args.test.ts and convert.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { commands } from '../../lib/cli/commands/index.ts';
import { runCli } from '../../lib/cli/main.ts';
import { repoRoot } from '../support/k8s.ts';
import { temporaryDirectory } from '../support/temporary.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conventions-'));
  writeFileSync(join(dir, 'compose.yaml'), 'name: shop\nservices:\n  web:\n    image: nginx\n    container_name: web1\n    ports: ["8080:80"]\n    x-kubernetes: {exposure: loadbalancer}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {} });
  return { code, stdout, stderr };
}

describe('CLI conventions', () => {
  test('no colour, ever: no escape sequence in any output, even where a terminal is claimed (so NO_COLOR holds)', () => {
    const env = { ...process.env, FORCE_COLOR: '3', TERM: 'xterm-256color', CLICOLOR_FORCE: '1' };
    const runs = [['--help'], ['convert', '--explain'], ['convert', '--bogus'], ['convert', '-f', 'missing.yaml'], ['convert', '--strict'], ['config']].map((args) =>
      spawnSync(process.execPath, [join(repoRoot, 'bin', 'cdk8s-compose'), ...args], { cwd: dir, env, encoding: 'utf8' }),
    );
    expect(runs.map((run) => run.status)).toEqual([0, 0, 2, 1, 1, 0]);
    expect(runs.some((run) => run.stderr.includes('warning:'))).toBe(true);
    for (const run of runs) expect(`${run.stdout}${run.stderr}`).not.toMatch(/\x1b/);
  });

  test('a usage error of any command is one line with a --help hint, exit 2', async () => {
    for (const command of commands) {
      const run = await cli(command.name, '--bogus');
      expect(run.code, command.name).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^cdk8s-compose ${command.name}: [^\\n]+; see 'cdk8s-compose ${command.name} --help'\\n$`));
    }
    expect((await cli('convert', '--bogus')).stderr).toBe("cdk8s-compose convert: Unknown option '--bogus'; see 'cdk8s-compose convert --help'\n");
    expect(await cli('frobnicate')).toEqual({ code: 2, stdout: '', stderr: "cdk8s-compose: unknown command 'frobnicate'; see 'cdk8s-compose --help'\n" });
  });

  test('enum values in any case: x-kubernetes exposure: loadbalancer, --warnings-format JSON', async () => {
    const run = await cli('convert', '--warnings-format', 'JSON');
    expect(run.code, run.stderr).toBe(0);
    const services = parseAllDocuments(run.stdout).map((doc) => doc.toJS() as { kind: string; spec?: { type?: string } }).filter((doc) => doc.kind === 'Service');
    expect(services.map((service) => service.spec?.type)).toContain('LoadBalancer');
    expect(JSON.parse(run.stderr.split('\n')[0]!)).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'services.web.container_name' })]));
  });

  test('run from a directory that was removed, as a shell can be: one error line, exit 1; --version still answers', () => {
    const removed = join(temporaryDirectory('conventions-removed'), 'gone');
    const bin = join(repoRoot, 'bin', 'cdk8s-compose');
    const compose = join(dir, 'compose.yaml');
    for (const start of [`'${bin}'`, `'${process.execPath}' '${bin}'`]) {
      const inRemoved = (args: string) => spawnSync('sh', ['-c', `mkdir '${removed}' && cd '${removed}' && rmdir '${removed}' && exec ${start} ${args}`], { encoding: 'utf8' });
      const converted = inRemoved(`convert -f '${compose}'`);
      expect(converted.status).toBe(1);
      expect(converted.stdout).toBe('');
      // The shell itself may say that it cannot tell where it is; then comes our one line.
      expect(converted.stderr.split('\n').filter((line) => line && !line.includes('getcwd'))).toEqual([
        'error: the current directory: cannot be read (ENOENT): it was removed, or this user may not enter it; change to an existing directory',
      ]);
      expect(inRemoved('--version')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^cdk8s-compose \d/) });
    }
  });

  test('every option a command takes is completed', async () => {
    const script = (await cli('completion', 'bash')).stdout;
    const convertLine = script.split('\n').find((line) => line.trim().startsWith('convert)'));
    for (const option of ['--each', '--diagram', '--output', '--stdout', '--strict', '--quiet', '--warnings-format', '--file', '--profile']) expect(convertLine).toContain(option);
  });
});
