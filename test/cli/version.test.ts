import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import { repoRoot } from '../support/k8s.ts';

test('--version prints the package version; a usage error is one line with a --help hint', async () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), cwd: repoRoot, env: {} };
  expect(await runCli(['--version'], io)).toBe(0);
  expect(stdout).toBe(`cdk8s-compose ${version}\n`);
  expect(await runCli(['convert', '--warnings-format', 'xml'], io)).toBe(2);
  expect(stderr).toBe("cdk8s-compose convert: --warnings-format is text or json, not 'xml'; see 'cdk8s-compose convert --help'\n");
});
