import { runCli } from '../../lib/cli/main.ts';

/** Runs the CLI in `cwd` with exactly `env` as the environment, collecting both streams. */
export async function cliIn(cwd: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
  return { code, stdout, stderr };
}
