import { ComposeError } from '../compose/errors.ts';
import { inspectInput, readChecked } from '../compose/read/input-files.ts';

export type BoundedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: boolean; readonly reason: string };

/**
 * A regular file inside one of `within` (after `..` and symlinks) of at most `maxBytes`, as UTF-8
 * text, through the loader's input-file rules (never /proc, /sys or /dev; no FIFOs or devices).
 * Image facts are optional, so a problem is a reason to warn with, not an error.
 */
export function readBoundedText(file: string, within: readonly string[], maxBytes: number): BoundedText {
  let checked = inspectInput(file, { within: within[0]!, maxBytes });
  // A build may sit beside any of the project's compose files, not only the first one's directory.
  for (const root of within.slice(1)) {
    if (checked.ok || checked.problem !== 'outside') break;
    checked = inspectInput(file, { within: root, maxBytes });
  }
  if (!checked.ok) return { ok: false, missing: checked.problem === 'missing', reason: checked.reason };
  try {
    return { ok: true, text: readChecked(file, 'file', checked.real, checked.stats, maxBytes).toString('utf8') };
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    const prefix = `file ${file} `;
    return { ok: false, missing: false, reason: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
  }
}
