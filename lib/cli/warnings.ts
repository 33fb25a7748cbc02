/**
 * Warnings as people read them: each once, in file and line order, with paths relative to the
 * working directory, and one line for a message that repeats (`restart: … (and 6 more: …)`);
 * or as JSON for tools.
 */
import { relative, isAbsolute } from 'node:path';
import type { Diagnostic } from '../compose/model.ts';
import type { CliIO } from './io.ts';

export type WarningsFormat = 'text' | 'json';

interface Located {
  /** The project's directory, when `convert --each` converts several. */
  readonly directory?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly key?: string;
  readonly message: string;
}

/** How many further places a repeated message names before `…`. */
const MORE_PLACES = 5;

export function presentWarnings(warnings: readonly Diagnostic[], io: CliIO, format: WarningsFormat): void {
  const directory = io.projectLabel === undefined ? {} : { directory: io.projectLabel };
  const located = sortedUnique(warnings.map((warning) => ({ ...directory, ...locatedFor(warning, io.cwd) })));
  if (format === 'json') {
    if (located.length > 0) io.stderr(`${JSON.stringify(located)}\n`);
    return;
  }
  const byMessage = new Map<string, Located[]>();
  for (const warning of located) {
    const same = byMessage.get(warning.message);
    if (same) same.push(warning);
    else byMessage.set(warning.message, [warning]);
  }
  for (const [message, places] of byMessage) {
    const [first, ...more] = places.map(placeOf);
    const others = more.length === 0 ? '' : ` (and ${more.length} more: ${more.slice(0, MORE_PLACES).join(', ')}${more.length > MORE_PLACES ? ', …' : ''})`;
    io.stderr(`warning: ${first ? `${first}${others}: ` : ''}${message}\n`);
  }
}

function locatedFor(warning: Diagnostic, cwd: string): Located {
  const location = warning.location;
  const file = location === undefined ? '' : readablePath(location.file, cwd);
  return { file, line: location?.line ?? 0, column: location?.column ?? 0, ...(warning.key !== undefined ? { key: warning.key } : {}), message: warning.message };
}

/** Relative to the working directory when the file lies below it. */
export function readablePath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const inside = relative(cwd, file);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}

function placeOf(warning: Located): string {
  return warning.file === '' ? '' : `${warning.file}:${warning.line}:${warning.column}`;
}

function sortedUnique(warnings: readonly Located[]): Located[] {
  const seen = new Set<string>();
  const unique = warnings.filter((warning) => {
    const id = `${placeOf(warning)}\n${warning.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return unique.sort((a, b) => order(a.file, b.file) || a.line - b.line || a.column - b.column || order(a.message, b.message));
}
