import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../lib/compose/interpolation/dotenv.ts';
import type { Lookup } from '../../../lib/compose/interpolation/interpolation.ts';

/** Conformance against compose-go's dotenv tests (see compose-vectors/README.md). */

interface Fixture {
  readonly test: string;
  readonly file: string;
  readonly os_env_before: Record<string, string>;
  readonly api: string;
  readonly expected: Record<string, string>;
}

interface Vectors {
  readonly fixtures: readonly Fixture[];
  readonly single_line_parse: readonly { readonly input: string; readonly key: string; readonly expected: string }[];
  readonly expanding: readonly {
    readonly name: string;
    readonly input: string;
    readonly expected: Record<string, string>;
  }[];
  readonly errors: readonly { readonly input?: string; readonly file?: string; readonly error: string }[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const vectorsDir = path.resolve(repoRoot, '..', 'shared', 'compose-vectors');
const vectorsFile = path.join(vectorsDir, 'extracted', 'dotenv.json');
const available = existsSync(vectorsFile);
if (!available) console.warn(`Skipping dotenv conformance vectors: ${vectorsFile} is absent.`);
const vectors: Vectors = available
  ? (JSON.parse(readFileSync(vectorsFile, 'utf8')) as Vectors)
  : { fixtures: [], single_line_parse: [], expanding: [], errors: [] };

const noLookup: Lookup = () => undefined;
const lookupIn =
  (env: Record<string, string>): Lookup =>
  (name) =>
    Object.hasOwn(env, name) ? env[name] : undefined;

function readFixture(file: string): string {
  return readFileSync(path.join(vectorsDir, file), 'utf8');
}

/**
 * The Go test drives one of three dotenv entry points around the same parser; each adapter adds
 * only that entry point's own behaviour.
 */
function observe(fixture: Fixture): Record<string, string> {
  const text = readFixture(fixture.file);
  if (fixture.api.startsWith('Load()')) {
    // Load() parses without a lookup, then never overrides a variable already in the process env.
    const parsed = parseDotenv(text, fixture.file, noLookup);
    return Object.fromEntries(
      Object.keys(fixture.expected).map((key) => [key, fixture.os_env_before[key] ?? parsed.get(key) ?? '']),
    );
  }
  const lookup = fixture.api.startsWith('ReadWithLookup') ? lookupIn(fixture.os_env_before) : noLookup;
  // Read()/ReadWithLookup() drop keys starting with a digit after parsing.
  return Object.fromEntries([...parseDotenv(text, fixture.file, lookup)].filter(([key]) => !/^\s*\d/.test(key)));
}

describe.skipIf(!available)('compose-go dotenv vectors', () => {
  describe('fixtures', () => {
    it.each(vectors.fixtures.map((f) => [f.test, f.file, f] as const))('%s (%s)', (_test, _file, fixture) => {
      expect(observe(fixture)).toEqual(fixture.expected);
    });
  });

  describe('single-line parses', () => {
    it.each(vectors.single_line_parse.map((c) => [c.input, c] as const))('%j', (input, testCase) => {
      const parsed = parseDotenv(input, '.env', noLookup);
      expect([...parsed.keys()]).toEqual([testCase.key]);
      expect(parsed.get(testCase.key)).toBe(testCase.expected);
    });
  });

  describe('expansion', () => {
    it.each(vectors.expanding.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
      expect(Object.fromEntries(parseDotenv(testCase.input, '.env', noLookup))).toEqual(testCase.expected);
    });
  });

  describe('errors', () => {
    it.each(vectors.errors.map((c) => [c.input ?? c.file ?? '', c] as const))('%j', (_title, testCase) => {
      const file = testCase.file ?? '.env';
      const text = testCase.file ? readFixture(testCase.file) : (testCase.input ?? '');
      // compose-go puts "line N: " into the message; we carry the line in the location instead.
      const [, line, message = testCase.error] = /^line (\d+): (.*)$/.exec(testCase.error) ?? [];
      expect(() => parseDotenv(text, file, noLookup)).toThrow(
        expect.objectContaining({
          name: 'ComposeError',
          location: expect.objectContaining(line ? { file, line: Number(line) } : { file }),
          message: message === '(any parse error)' ? expect.any(String) : expect.stringContaining(message),
        }),
      );
    });
  });
});
