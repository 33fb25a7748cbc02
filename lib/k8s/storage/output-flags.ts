/**
 * The paths a command writes through an output flag: prysmctl's `--geth-genesis-json-out=/execution/genesis.json`
 * and `--output-ssz=/consensus/genesis.ssz` (OffchainLabs/eth-pos-devnet's genesis task), `--output /data/x`,
 * `--out-dir=/build`, `-o /certs/ca.pem`, openssl's `-out /certs/ca.crt` and `-keyout /certs/ca.key`.
 * Only an absolute path given as the flag's value counts (after `=` or as the next word):
 * `--output=json` names a format, not a file, and `--out-of-order` or `--output-format` is no output,
 * whatever follows it. The one reading of output flags for the rules that ask who writes a folder
 * (task-written-folders.ts, secret-folder-writers.ts). Read from words, not run.
 */
import { commandTokens } from '../workload/container-command.ts';

/** Words of a flag's name that say its value is where the program writes. */
const OUTPUT_WORDS: ReadonlySet<string> = new Set(['out', 'output', 'outfile', 'outdir', 'outpath', 'outputfile', 'outputdir', 'keyout', 'certout']);

/** Second words of `--out-…`/`--output-…` that name a setting rather than where to write (`--output-format`, `--out-of-order`). */
const NOT_A_PLACE: ReadonlySet<string> = new Set(['of', 'format', 'fmt', 'type', 'mode', 'level', 'encoding', 'style', 'color', 'colour', 'width', 'limit', 'size', 'buffer', 'only', 'all', 'form']);

/**
 * Whether a flag's name says its value is where the program writes: `-o`; a name whose last word is
 * an output (`--out`, `--output`, `-keyout`, `--geth-genesis-json-out`, `--cert-out`); or `--out-X` /
 * `--output-X` of two words where X names no setting (`--output-ssz`, `--out-file`, `--output-dir`).
 */
export function isOutputFlag(flag: string): boolean {
  const dashes = /^--?/.exec(flag)?.[0];
  if (dashes === undefined) return false;
  const name = flag.slice(dashes.length).toLowerCase();
  if (name === 'o') return dashes === '-';
  if (!/^[a-z][a-z0-9_.-]*$/.test(name)) return false;
  const words = name.split(/[-_.]/);
  if (OUTPUT_WORDS.has(words.at(-1)!)) return true;
  return (words[0] === 'out' || words[0] === 'output') && words.length === 2 && !NOT_A_PLACE.has(words[1]!);
}

const unquoted = (word: string): string => word.replace(/^["']+|["']+$/g, '');

/** The absolute paths the words (a command's, or a script's text as one word) give output flags, in order. */
export function outputFlagPaths(words: readonly string[]): string[] {
  const tokens = commandTokens(words).map(unquoted);
  const paths: string[] = [];
  tokens.forEach((token, index) => {
    const equals = token.indexOf('=');
    const value = equals > 0 ? (isOutputFlag(token.slice(0, equals)) ? unquoted(token.slice(equals + 1)) : undefined) : isOutputFlag(token) ? tokens[index + 1] : undefined;
    if (value !== undefined && value.startsWith('/')) paths.push(value);
  });
  return paths;
}
