/**
 * The text of a compose file as compose-go's YAML reader (go.yaml.in/yaml/v4) accepts it: UTF-8,
 * or UTF-16 after its byte order mark (what Windows PowerShell 5 writes with `>`), with no invalid
 * sequence and no control character but tab, line feed and carriage return. The `yaml` package and
 * the line reader take any string: without this, a stray NUL went into image names and commands,
 * an invalid byte became U+FFFD, and a UTF-16 file was "not a mapping".
 */
import { ComposeError } from '../errors.ts';
import { locationAt } from './text-location.ts';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Decoders drop the encoding's byte order mark at the start, as compose-go does. The UTF-16 ones
 * are made when needed: the start-up snapshot cannot hold the ICU converter they keep.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What YAML 1.2 and compose-go refuse: C0 controls but tab, line feed and carriage return, and the noncharacters U+FFFE and U+FFFF. */
const CONTROL_CHARACTER = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

/**
 * The most lines, flow items and flow collections a compose file may hold. Each YAML node costs
 * about 1 KB by the time it is converted, and a file within the size limit (64 MiB) of one-letter
 * list items made ~30 million: the process ran out of heap (a V8 fatal error) after minutes.
 * compose-go stops at 100,000 nodes; a generated estate of 5,000 services has about 150,000.
 */
export const MAX_YAML_PIECES = 1_000_000;
/** Every node is at least two characters (`a,`, `a\n`): a shorter text cannot pass the limit and is not counted. */
const COUNTED_FROM_LENGTH = 2 * MAX_YAML_PIECES;
const PIECE_START = /[\n,[{]/g;

/** `content` (a file's bytes, or text already decoded) as the YAML reader may take it; a located ComposeError otherwise. */
export function yamlText(content: string | Uint8Array, file: string): string {
  const text = typeof content === 'string' ? content : decode(content, file);
  refuseControlCharacter(text, file);
  if (text.length >= COUNTED_FROM_LENGTH) refuseTooManyPieces(text, file);
  return text;
}

function refuseTooManyPieces(text: string, file: string): void {
  PIECE_START.lastIndex = 0;
  for (let count = 0; PIECE_START.exec(text); count++) {
    if (count < MAX_YAML_PIECES) continue;
    throw new ComposeError(
      `the file is too large to convert: more than ${MAX_YAML_PIECES.toLocaleString('en')} lines, flow items and flow collections (docker compose's loader stops at 100,000 YAML nodes)`,
      locationAt(text, PIECE_START.lastIndex - 1, file),
    );
  }
}

function refuseControlCharacter(text: string, file: string): void {
  const control = CONTROL_CHARACTER.exec(text);
  if (!control) return;
  const code = text.charCodeAt(control.index);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const utf16 = code === 0 && (text.charCodeAt(0) === 0 || text.charCodeAt(1) === 0) ? ' (UTF-16 without a byte order mark? save the file as UTF-8)' : '';
  throw new ComposeError(`invalid YAML: ${code < 0x20 ? 'control character' : 'noncharacter'} ${name} is not allowed${utf16}`, locationAt(text, control.index, file));
}

function decode(bytes: Uint8Array, file: string): string {
  const encoding: Encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    return (encoding === 'utf-8' ? utf8 : new TextDecoder(encoding, { fatal: true })).decode(bytes);
  } catch {
    throw invalidEncoding(bytes, encoding, file);
  }
}

/**
 * Where decoding failed: the longest prefix a streaming decoder takes (it waits for the rest of an
 * incomplete character instead of failing, so that prefixes are accepted up to the first bad
 * sequence and refused from there on), found by bisection.
 */
function invalidEncoding(bytes: Uint8Array, encoding: Encoding, file: string): ComposeError {
  const prefixText = (length: number): string | undefined => {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
    } catch {
      return undefined;
    }
  };
  let accepted = 0;
  let refused = bytes.length + 1;
  while (refused - accepted > 1) {
    const middle = Math.floor((accepted + refused) / 2);
    if (prefixText(middle) === undefined) refused = middle;
    else accepted = middle;
  }
  const before = prefixText(accepted) ?? '';
  // As compose-go, which reads a character at a time, the first problem is the one reported.
  refuseControlCharacter(before, file);
  const what =
    encoding === 'utf-8'
      ? `not UTF-8 text${accepted < bytes.length ? ` (byte 0x${(bytes[badByteOffset(before, bytes)] ?? 0).toString(16).padStart(2, '0')})` : ' (it ends inside a character)'}; save the file as UTF-8`
      : `not UTF-16 text, which its byte order mark announces; save the file as UTF-8`;
  return new ComposeError(`invalid YAML: ${what}`, locationAt(before, before.length, file));
}

/** The first byte the decoder did not take: the bytes of `before`, after a byte order mark. */
function badByteOffset(before: string, bytes: Uint8Array): number {
  const mark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return mark + Buffer.byteLength(before, 'utf8');
}
