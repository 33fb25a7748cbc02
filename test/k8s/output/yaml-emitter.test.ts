import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Pair, parse, Scalar, stringify, YAMLMap } from 'yaml';
import { buildEnvironment, environmentNames } from '../../../charts/build.ts';
import { systems } from '../../../charts/index.ts';
import { planManifests } from '../../../lib/k8s/plan/plan.ts';
import { sortManifests } from '../../../lib/k8s/output/synth.ts';
import {
  emitYamlDocument,
  type JsonValue,
  plainScalarVerdict,
  readsAsNonString,
  readsAsNonStringWhenParsed,
} from '../../../lib/k8s/output/yaml-emitter.ts';
import { corpusCharts, noticeSkip, sharedAvailable } from '../../support/k8s.ts';

/**
 * The emitter `manifestsToYaml` used before: a quoting pre-pass into yaml nodes, then yaml's
 * stringifier. Kept here only as the oracle the direct emitter must match byte for byte.
 */
function quoteAmbiguous(value: unknown): unknown {
  if (typeof value === 'string') return readsAsNonString(value) ? quotedScalar(value) : value;
  if (Array.isArray(value)) return value.map(quoteAmbiguous);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, quoteAmbiguous(item)] as const);
    if (!entries.some(([key]) => readsAsNonString(key))) return Object.fromEntries(entries);
    const map = new YAMLMap();
    for (const [key, item] of entries) map.items.push(new Pair(readsAsNonString(key) ? quotedScalar(key) : key, item));
    return map;
  }
  return value;
}

function quotedScalar(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

const oracleStream = (docs: readonly unknown[]): string =>
  docs.map((doc) => stringify(quoteAmbiguous(doc), { version: '1.1', lineWidth: 0 })).join('---\n');
const emittedStream = (docs: readonly JsonValue[]): string => docs.map((doc) => emitYamlDocument(doc)).join('---\n');

/** Both emitters' streams for a chart's objects, sorted as `synthChartYaml` sorts them. */
function compareChart(chart: { toJson(): unknown[] }): { emitted: string; oracle: string } {
  const docs = sortManifests(chart.toJson() as { kind?: unknown }[]) as JsonValue[];
  return { emitted: emittedStream(docs), oracle: oracleStream(docs) };
}

describe('direct YAML emitter against the yaml-library oracle', () => {
  test('every dist/ manifest of every environment renders byte-identically', () => {
    let files = 0;
    for (const environment of environmentNames(systems)) {
      const plans = buildEnvironment(systems, environment);
      for (const { system, plan } of plans) {
        const { emitted, oracle } = compareChart({ toJson: () => planManifests(plan) });
        expect(emitted, `${environment}/${system}`).toBe(oracle);
        files += 1;
      }
      const resources = plans.map(({ system }) => `${system}.k8s.yaml`);
      const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
      expect(emittedStream([kustomization])).toBe(oracleStream([kustomization]));
    }
    expect(files).toBeGreaterThanOrEqual(10);
  });

  // The block-scalar, quoting and key cases the property below draws from, spelled out.
  test.each<[string, JsonValue]>([
    ['multi-line script', { script: 'set -e\necho "hi"\n  indented\n' }],
    ['trailing blank lines keep', { text: 'a\n\n\n' }],
    ['leading space needs an indent indicator', { text: '  lead\nnext' }],
    ['whitespace-only last line is quoted', { text: 'a\n  ' }],
    ['document marker inside a block', { text: 'x\n---\ny' }],
    ['document marker as a root key', { '--- a': 1, '...': { '---': 'b' } }],
    ['long double-quoted line breaks', { text: 'first line that is long enough to span\n second\t"x"\n\n' }],
    ['control characters', { text: 'bell\u0007 nul\u0000 nbsp\u00a0 \ud800' }],
    ['YAML 1.1 words and numbers', { on: 'yes', y: ['no', '0755', '1e3', '0o17', '12:30', '~', '', '.5', '-', '<<'] }],
    ['a key beyond 1024 characters is explicit', { ['k'.repeat(1100)]: { a: 1 }, ['j'.repeat(1100)]: null, x: ['k'.repeat(1100)] }],
    ['empty collections and nesting', { a: {}, b: [], c: [[], {}, [[1, 2], { d: null }], -0, 1e21, 0.1, true] }],
    // Not JSON, but objects built in code may hold undefined values: yaml drops them.
    ['undefined values are dropped', { a: undefined, b: { c: undefined }, d: [{ e: undefined, f: 1 }], g: 'x' } as unknown as JsonValue],
  ])('%s', (_name, value) => {
    expect(emitYamlDocument(value)).toBe(oracleStream([value]));
  });

  test('escapes what kubectl refuses raw (DEL, C1 controls) or reads as a line break (U+0085, U+2028, U+2029), even in a block', () => {
    const value = { key: 'a\x7fb\x81c', 'line\u2028key': 'x', script: 'first\nsecond \u2028 third\u2029\n', nel: 'n\u0085l' };
    const emitted = emitYamlDocument(value);
    expect(emitted).toBe('key: "a\\x7fb\\x81c"\n"line\\Lkey": x\nscript: "first\\nsecond \\L third\\P\\n"\nnel: "n\\Nl"\n');
    for (const version of ['1.1', '1.2'] as const) expect(parse(emitted, { version })).toEqual(value);
  });

  const nastyString = fc.oneof(
    fc.constantFrom(
      'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'null', 'Null', '~', '', ' ', '0755', '0o17', '0x1F', '0b101', '1e3', '.inf',
      '-.5', '12:30', '1:20:3.5', '2001-12-14', '<<', '-', '?', ': ', 'a: b', 'a #b', '#c', ' lead', 'trail ', 'tab\t', 'a\nb',
      '\n', 'x\n', 'x\n\n', '\nx', ' \nx', 'x \ny', '"q"', "'s'", `"'`, '--- x', '...', '%x', '!t', '&a', '*a', '@x', '`x',
      '[a]', '{a}', 'a,b', '|', '>', 'é✓', '😀', '\u0000', '\u2028', '\u00a0', 'key:', 'http://x:80/', 'nginx:1.27', '-1',
    ),
    fc.string({ unit: fc.constantFrom('a', 'Y', '1', '0', ' ', '\n', '\t', ':', '#', '-', '"', "'", '.', 'é', '\u0085', '%', '~') , maxLength: 50 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
  );
  const { value: jsonValue } = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      nastyString,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
    ),
  }));
  const manifest = fc.dictionary(nastyString, jsonValue, { maxKeys: 6 });

  test('random JSON-shaped manifests with nasty strings print identically and read back unchanged', () => {
    fc.assert(
      fc.property(manifest, (value) => {
        const emitted = emitYamlDocument(value);
        // The old emitter could print `<<` bare, which YAML 1.1 readers take for a merge; ours quotes it.
        if (!hasMergeText(value) && !someText(value, (text) => KUBECTL_ESCAPED.test(text))) expect(emitted).toBe(oracleStream([value]));
        expect(emitted).not.toMatch(KUBECTL_ESCAPED);
        if (losesInRoundTrip(value)) return;
        // Numbers print as JSON numbers do, so the round trip compares against the JSON view (-0 → 0).
        const expected: unknown = JSON.parse(JSON.stringify(value));
        for (const version of ['1.1', '1.2'] as const) {
          // kubectl's YAML 1.1 reader honours merge keys, so read 1.1 with them on.
          expect(JSON.parse(JSON.stringify(parse(emitted, { version, merge: version === '1.1' }))), version).toEqual(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

/** Printable ASCII, weighted towards the characters of names, paths, URLs, numbers and commands. */
const textCharacter = fc.oneof(
  { arbitrary: fc.constantFrom(...'aeEyYnNoOtTfFlsxbZ0123456789/.:-_+=@ '), weight: 4 },
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), weight: 2 },
  fc.constantFrom('\t', '\n', 'é'),
);
/** Texts shaped like manifest strings: `/var/lib/x`, `nginx:1.27`, `--spider`, `8080`, `12:30`, `until nc -z x 80; do …`. */
const manifestText = fc.oneof(
  fc.string({ unit: textCharacter, maxLength: 24 }),
  fc
    .tuple(fc.constantFrom('', '/', '-', '--', '0', '0o', '0x', '1', '-1', '2001-12-14', 'e', 'y', 'on', 'http://', 'sh -c '), fc.string({ unit: textCharacter, maxLength: 16 }))
    .map(([start, rest]) => start + rest),
  fc.string({ unit: fc.constantFrom(...'0123456789_:.eE-+xobT Z'), maxLength: 20 }).map((digits) => `1${digits}`),
);

describe('fast verdicts for strings that read as one plain scalar of themselves', () => {
  test.each<[string, boolean | undefined]>([
    ['/var/lib/svc-0001', false],
    ['http://localhost:8080/health', false],
    ['--spider', false],
    ['until nc -z -w 2 db 5432; do sleep 2; done', false],
    ['CMD-SHELL curl -f http://x/ || exit 1', false],
    ['8080', true],
    ['-1', true],
    ['0755', true],
    ['0o17', true],
    ['12:30', true],
    ['2001-12-14 21:59:43.10 -5', true],
    ['1e3', true],
    ['e3', true],
    ['a: b', undefined],
    ['a #b', undefined],
    ['key:', undefined],
    ['trail ', undefined],
    ['- x', undefined],
    ['---x', undefined],
    ['.5', undefined],
    ['tab\tx', undefined],
    ['%x', undefined],
  ])('%j → %s', (text, verdict) => {
    expect(plainScalarVerdict(text)).toBe(verdict);
    if (verdict !== undefined) expect(readsAsNonStringWhenParsed(text)).toBe(verdict);
  });

  test('equal the verdict of parsing the text as YAML 1.1 and 1.2 whenever they are given', () => {
    let decided = 0;
    fc.assert(
      fc.property(manifestText, (text) => {
        const verdict = plainScalarVerdict(text);
        if (verdict === undefined) return;
        decided += 1;
        expect(verdict, JSON.stringify(text)).toBe(readsAsNonStringWhenParsed(text));
      }),
      { numRuns: 20000 },
    );
    // Most generated texts take the fast path, so the comparison above is not vacuous.
    expect(decided).toBeGreaterThan(10000);
  });

  test('names, paths, URLs, flags, numbers and commands print as the oracle printed them', () => {
    const value = fc.oneof(manifestText, fc.array(manifestText, { maxLength: 3 }), fc.dictionary(manifestText, manifestText, { maxKeys: 3 }));
    fc.assert(
      fc.property(fc.dictionary(manifestText, value, { maxKeys: 6 }), (manifest) => {
        if (!hasMergeText(manifest)) expect(emitYamlDocument(manifest)).toBe(oracleStream([manifest]));
      }),
      { numRuns: 3000 },
    );
  });
});

/**
 * Inputs the old emitter already printed lossily, kept so both stay byte-identical: a
 * whitespace-only string with spaces and a final line break becomes a `|+` block whose spaces
 * readers drop.
 */
function losesInRoundTrip(value: JsonValue): boolean {
  if (typeof value === 'string') return /^[ \t\n]*$/.test(value) && value.includes(' ') && value.endsWith('\n');
  if (Array.isArray(value)) return value.some(losesInRoundTrip);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => losesInRoundTrip(key) || losesInRoundTrip(item));
}

function hasMergeText(value: JsonValue): boolean {
  return someText(value, (text) => text === '<<');
}

/** DEL, C1 controls, U+2028 and U+2029: the yaml library prints them raw, which kubectl's reader refuses or breaks lines at. */
const KUBECTL_ESCAPED = /[\x7f-\x9f\u2028\u2029]/;

function someText(value: JsonValue, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (Array.isArray(value)) return value.some((item) => someText(item, test));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => test(key) || someText(item, test));
}

noticeSkip(sharedAvailable, 'byte comparison of both YAML emitters over the awesome-compose corpus');
describe.skipIf(!sharedAvailable)('direct YAML emitter over the awesome-compose corpus', () => {
  test('every sample that converts renders byte-identically', () => {
    let converted = 0;
    for (const { name, chart } of corpusCharts()) {
      const { emitted, oracle } = compareChart(chart);
      expect(emitted, name).toBe(oracle);
      converted += 1;
    }
    expect(converted).toBeGreaterThan(25);
  });
});

test('a `<<` key or value is quoted, so YAML 1.1 readers such as kubectl do not take it for a merge', () => {
  const value: JsonValue = { data: { '<<': 'a', b: '<<' } };
  const emitted = emitYamlDocument(value);
  expect(emitted).toBe('data:\n  "<<": a\n  b: "<<"\n');
  expect(parse(emitted, { version: '1.1', merge: true })).toEqual(value);
});

test('a string prints as the oracle printed it wherever it recurs: as a key, a value, at any depth', () => {
  // Printings of one-line strings are kept and reused; those whose printing depends on the position
  // (document markers, line breaks) must not be.
  const texts = ['---a', '...', '%x', 'a\nb', ' x', 'true', '100m', '0.0.0.0/0', '::/0', 'x: y', '"q"', "it's"];
  for (const text of texts) {
    const value: JsonValue = { [text]: text, nested: { [text]: [text, { [text]: text }] }, list: [text] };
    expect(emitYamlDocument(value), JSON.stringify(text)).toBe(oracleStream([value]));
  }
});

test('a key that reads as something else after other entries prints the whole mapping as the oracle did', () => {
  // Such a mapping is written again once the key is met: nothing of the first attempt may remain.
  const values: JsonValue[] = [
    { data: { a: { b: [1, { c: 'x' }] }, yes: 'x', d: null } },
    { data: { a: null, on: null }, after: 'z' },
    { top: [{ name: 'n', '0755': { deep: 'true' } }] },
  ];
  for (const value of values) expect(emitYamlDocument(value), JSON.stringify(value)).toBe(oracleStream([value]));
});
