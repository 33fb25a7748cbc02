import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { interpolate } from '../../../lib/compose/interpolation/interpolation.ts';

/** Conformance against compose-go's template and interpolation tests (see compose-vectors/README.md). */

interface StringCase {
  readonly t: string;
  readonly expected?: string;
  readonly error?: string;
  readonly kind?: 'missing-required' | 'invalid-template';
  readonly note?: string;
}

interface Suite {
  readonly name: string;
  readonly env: Record<string, string>;
  readonly cases: readonly StringCase[];
  readonly operator_choice?: { readonly cases: readonly (readonly [string, string])[] };
}

interface TreeCase {
  readonly description: string;
}

interface Vectors {
  readonly suites: readonly Suite[];
  readonly tree_level: readonly TreeCase[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const vectorsFile = path.resolve(repoRoot, '..', 'shared', 'compose-vectors', 'extracted', 'interpolation.json');
const available = existsSync(vectorsFile);
if (!available) console.warn(`Skipping interpolation conformance vectors: ${vectorsFile} is absent.`);
const vectors: Vectors = available
  ? (JSON.parse(readFileSync(vectorsFile, 'utf8')) as Vectors)
  : { suites: [], tree_level: [] };

/** Our message for a malformed template differs from compose-go's `Invalid template: "..."` wording. */
const ERROR_PATTERN = {
  'missing-required': /^required variable /,
  'invalid-template': /^invalid interpolation format in /,
} as const;

describe.skipIf(!available)('compose-go interpolation vectors', () => {
  for (const suite of vectors.suites) {
    const lookup = (name: string): string | undefined => (Object.hasOwn(suite.env, name) ? suite.env[name] : undefined);
    describe(suite.name, () => {
      it.each(suite.cases.map((c) => [c.t, c] as const))('%s', (_title, testCase) => {
        if (testCase.expected !== undefined) {
          expect(interpolate(testCase.t, lookup).value).toBe(testCase.expected);
          return;
        }
        const kind = testCase.kind ?? 'invalid-template';
        expect(() => interpolate(testCase.t, lookup)).toThrow(
          expect.objectContaining({
            name: 'ComposeError',
            location: undefined,
            message:
              kind === 'missing-required'
                ? expect.stringContaining(testCase.error ?? '')
                : expect.stringMatching(ERROR_PATTERN[kind]),
          }),
        );
      });

      const choices = suite.operator_choice?.cases ?? [];
      it.runIf(choices.length > 0).each(choices.map(([body, operator]) => [body, operator] as const))(
        'operator of ${%s} is %s',
        (body, operator) => {
          // An unset variable makes each operator's effect distinguishable: the defaults yield the
          // rest of the text, the alternatives yield nothing, the required forms fail with it.
          const name = 'VARNAME';
          const argument = body.slice(name.length + operator.length);
          const unset = (): undefined => undefined;
          if (operator.endsWith('?')) {
            expect(() => interpolate(`\${${body}}`, unset)).toThrow(
              new ComposeError(`required variable ${name} is missing a value: ${argument}`),
            );
          } else {
            expect(interpolate(`\${${body}}`, unset).value).toBe(operator.endsWith('-') ? argument : '');
            // Set but empty separates ':-' from '-' and ':+' from '+'.
            const empty = interpolate(`\${${body}}`, () => '').value;
            expect(empty).toBe(operator === ':-' || operator === '+' ? argument : '');
          }
        },
      );
    });
  }

  // Tree walking, error paths and type casts belong to the loader's tree interpolation, which calls
  // interpolate() once per scalar; these vectors are asserted by its tests.
  for (const treeCase of vectors.tree_level) {
    it.skip(`tree-level, covered by the loader: ${treeCase.description}`, () => {});
  }
});
