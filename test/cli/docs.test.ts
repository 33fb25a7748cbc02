/** docs/cli.md stays the reference of the commands as they are: every option each one takes, and no other. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { commands } from '../../lib/cli/commands/index.ts';
import { repoRoot } from '../support/k8s.ts';

const optionsIn = (text: string): string[] => [...new Set(text.match(/(?<![\w-])--[a-z][a-z-]*[a-z]/g) ?? [])].sort();

test('docs/cli.md names every command and every option of each, and no option the CLI lacks', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8');
  for (const command of commands) {
    const section = doc.split(/^## /m).find((part) => part.startsWith(command.name));
    expect(section, command.name).toBeDefined();
    // The project options are documented once, for all the commands that take them.
    const documented = optionsIn(`${section}${doc.split(/^### Project options/m)[1]?.split(/^## /m)[0] ?? ''}`);
    for (const option of optionsIn(command.usage).filter((option) => option !== '--help')) expect(documented, `${command.name} ${option}`).toContain(option);
  }
  const known = new Set([...commands.flatMap((command) => optionsIn(command.usage)), '--help', '--version']);
  // Options of other tools the page quotes in its examples.
  const quoted = new Set(['--from-file', '--no-install']);
  expect(optionsIn(doc).filter((option) => !known.has(option) && !quoted.has(option))).toEqual([]);
});
