import { nameRecord } from '../../name-records.ts';
import { ComposeError, locateError, shortenMessage } from '../errors.ts';
import type { SecretRedactor } from '../sensitivity.ts';
import type { Diagnostic, SourceLocation } from '../model.ts';
import { nearestLocation } from '../locations.ts';
import { isMapping, toPlain, type Mapping, type Tree } from '../read/tree.ts';
import { parseShellWords } from './shell-words.ts';
import { parseByteSize, parseCpus, parseDuration } from './units.ts';

/**
 * What normalization needs to report problems: the merged document's locations and the warning
 * list. Every reader takes the dotted key of the value it reads, so errors name it.
 */
export class Reporter {
  constructor(
    private readonly locations: Readonly<Record<string, SourceLocation>>,
    readonly warnings: Diagnostic[],
    /** Hides the secret values known so far; redacted before shortening, which would keep a long secret's start. */
    private readonly redactor: SecretRedactor,
  ) {}

  /** Location of `key`, or of its nearest written ancestor (defaults have no location). */
  locate(key: string): SourceLocation | undefined {
    return nearestLocation(this.locations, key);
  }

  fail(key: string, message: string): never {
    throw new ComposeError(`${key}: ${message}`, this.locate(key), key);
  }

  warn(key: string, message: string): void {
    const location = this.locate(key);
    this.warnings.push({ message: shortenMessage(this.redactor.redact(`${key}: ${message}`)), key, ...(location ? { location } : {}) });
  }

  /** Runs a parser that throws location-less ComposeErrors and pins them on `key`. */
  attempt<T>(key: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      throw locateError(error, this.locate(key), key);
    }
  }

  string(value: Tree | undefined, key: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') this.fail(key, 'must be a string');
    return String(value);
  }

  strings(value: Tree | undefined, key: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return [this.string(value, key) ?? ''];
    return value.map((item, index) => this.string(item, `${key}.${index}`) ?? '');
  }

  /**
   * A `command` or `entrypoint`: a list of words, or a string split as compose splits it, without a
   * shell. Compose drops a string's text from its first `;`, `&`, `|`, `<` or `>` on: said, so that
   * nobody believes the rest runs. `null` leaves it unset.
   */
  command(value: Tree | undefined, key: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return this.strings(value, key);
    const parsed = this.attempt(key, () => parseShellWords(value));
    if (parsed.dropped !== undefined) {
      this.warn(key, `compose runs ${JSON.stringify(parsed.words.join(' '))} and drops the rest, ${JSON.stringify(parsed.dropped)}: a command string is split into words without a shell, so only a shell would run it; write it as [sh, -c, "…"] to run the whole line`);
    }
    return [...parsed.words];
  }

  boolean(value: Tree | undefined, key: string, fallback = false): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(key, 'must be a boolean');
    return value;
  }

  number(value: Tree | undefined, key: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isFinite(parsed)) this.fail(key, 'must be a number');
    return parsed;
  }

  integer(value: Tree | undefined, key: string): number | undefined {
    const parsed = this.number(value, key);
    if (parsed !== undefined && !Number.isInteger(parsed)) this.fail(key, 'must be an integer');
    return parsed;
  }

  mapping(value: Tree | undefined, key: string): Mapping | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isMapping(value)) this.fail(key, 'must be a mapping');
    return value;
  }

  /** A mapping of strings (labels, sysctls, driver options); `null` values become `''`. */
  stringRecord(value: Tree | undefined, key: string): Record<string, string> {
    const mapping = this.mapping(value, key);
    if (!mapping) return {};
    const record = nameRecord<string>();
    for (const name of Object.keys(mapping)) record[name] = this.string(mapping[name], `${key}.${name}`) ?? '';
    return record;
  }

  duration(value: Tree | undefined, key: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    return this.attempt(key, () => parseDuration(String(value)));
  }

  bytes(value: Tree | undefined, key: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    return this.attempt(key, () => parseByteSize(typeof value === 'number' ? value : String(value)));
  }

  cpus(value: Tree | undefined, key: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    return this.attempt(key, () => parseCpus(typeof value === 'number' ? value : String(value)));
  }

  /** `x-*` keys of a mapping, as written, as ordinary objects for the code that reads them. */
  extensions(mapping: Mapping | undefined): Record<string, unknown> {
    const extensions: Record<string, unknown> = {};
    if (!mapping) return extensions;
    for (const key of Object.keys(mapping)) if (key.startsWith('x-')) extensions[key] = toPlain(mapping[key] ?? null);
    return extensions;
  }
}

/** Drops undefined fields so the model only holds what was written. */
export function compact<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) if (value !== undefined) result[name] = value;
  return result as { [K in keyof T]?: Exclude<T[K], undefined> };
}
