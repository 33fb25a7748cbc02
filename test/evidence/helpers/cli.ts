/**
 * Runs the CLI in-process with captured output, and checks what every failure must look like
 * (DEVELOPERS.md, "Bad input"): one message, no stack trace, no control characters.
 */
import { runCli } from '../../../lib/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliCaptured(
  argv: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

/**
 * Everything wrong with how a failure was reported; empty when it is one clear `error:` line.
 * Warnings before it are allowed: they are separate findings, each on its own line.
 */
export function failureReportProblems(stderr: string): string[] {
  const problems: string[] = [];
  const errorLines = stderr.split('\n').filter((line) => line.startsWith('error:'));
  if (errorLines.length !== 1) problems.push(`expected exactly one "error:" line, got ${errorLines.length}`);
  if (/^\s+at /m.test(stderr)) problems.push('stack trace ("    at …" lines)');
  if (/\b[A-Z]\w*(Error|Exception)\b:/.test(stderr)) problems.push('an error class dump ("SomethingError: …")');
  // Binary input must not be echoed raw to the terminal.
  if (/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/.test(stderr)) problems.push('control or replacement characters');
  if (stderr.length > 4096) problems.push(`message of ${stderr.length} characters (huge values must be shortened)`);
  return problems;
}
