import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import { repoRoot } from '../support/k8s.ts';

async function script(shell: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['completion', shell], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: repoRoot, env: {} });
  return { code, stdout, stderr };
}

/** What a real bash completes for `words` (the last one being completed), with the script sourced. */
function bashCompletes(completion: string, words: readonly string[]): string[] {
  const program = `${completion}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n_cdk8s_compose\nprintf '%s\\n' "\${COMPREPLY[@]}"\n`;
  const run = spawnSync('bash', ['-c', program], { encoding: 'utf8', cwd: repoRoot });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((line) => line !== '');
}

describe('cdk8s-compose completion', () => {
  it('completes subcommands and each subcommand\'s options in a real bash', async () => {
    const { code, stdout } = await script('bash');
    expect(code).toBe(0);
    expect(bashCompletes(stdout, ['cdk8s-compose', 'con'])).toEqual(['config', 'convert']);
    expect(bashCompletes(stdout, ['cdk8s-compose', 'convert', '--ex'])).toEqual(['--explain']);
    expect(bashCompletes(stdout, ['cdk8s-compose', 'secrets', '--st'])).toEqual([]);
  });

  it('prints zsh and fish scripts; an unknown shell is bad usage', async () => {
    expect((await script('zsh')).stdout).toMatch(/^autoload -U \+X bashcompinit && bashcompinit\n/);
    expect((await script('fish')).stdout).toContain("complete -c cdk8s-compose -n '__fish_seen_subcommand_from convert' -l warnings-format");
    const unknown = await script('tcsh');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("cdk8s-compose completion: give one shell: bash, zsh or fish, not 'tcsh'; see 'cdk8s-compose completion --help'\n");
  });
});
