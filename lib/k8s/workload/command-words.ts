/** Shells a command runs a script with (`sh -c '…'`). */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/**
 * Words before a command's program: shell keywords, wrappers and declarations (`until ping …`,
 * `busybox ping`, `export DB_PASSWORD=…`).
 */
export const COMMAND_LEADERS: ReadonlySet<string> = new Set([
  '!', 'exec', 'then', 'do', 'else', 'if', 'while', 'until', 'command', 'busybox', 'sudo', 'nice', 'nohup', 'time', 'export', 'env', 'local', 'readonly', 'declare',
]);

/** Whether the word runs a shell: `sh`, or one by its path (`/bin/bash`). */
export function isShell(word: string): boolean {
  return SHELLS.has(word.slice(word.lastIndexOf('/') + 1));
}
