import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Pair, parse, Scalar, stringify, YAMLMap } from 'yaml';
import { buildEnvironment, environmentNames } from '../../../charts/build.ts';
import { systems } from '../../../charts/index.ts';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { sortManifests } from '../../../lib/k8s/synth.ts';
import { emitYamlDocument, type JsonValue, readsAsNonString } from '../../../lib/k8s/yaml-emitter.ts';
import { makeChartFromFiles, noticeSkip, sharedAvailable, sharedDir } from '../../support/k8s.ts';

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
const emittedStream = (docs: readonly JsonValue[]): string => docs.map(emitYamlDocument).join('---\n');

/** Both emitters' streams for a chart's objects, sorted as `synthChartYaml` sorts them. */
function compareChart(chart: { toJson(): unknown[] }): { emitted: string; oracle: string } {
  const docs = sortManifests(chart.toJson() as { kind?: unknown }[]) as JsonValue[];
  return { emitted: emittedStream(docs), oracle: oracleStream(docs) };
}

describe('direct YAML emitter against the yaml-library oracle', () => {
  test('every dist/ manifest of every environment renders byte-identically', () => {
    let files = 0;
    for (const environment of environmentNames(systems)) {
      const charts = buildEnvironment(systems, environment);
      for (const chart of charts) {
        const { emitted, oracle } = compareChart(chart);
        expect(emitted, `${environment}/${chart.node.id}`).toBe(oracle);
        files += 1;
      }
      const resources = charts.map((chart) => `${chart.node.id}.k8s.yaml`);
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
    ['control characters', { text: 'bell\u0007 nul\u0000 nbsp\u00a0 ls\u2028 \ud800' }],
    ['YAML 1.1 words and numbers', { on: 'yes', y: ['no', '0755', '1e3', '0o17', '12:30', '~', '', '.5', '-', '<<'] }],
    ['a key beyond 1024 characters is explicit', { ['k'.repeat(1100)]: { a: 1 }, ['j'.repeat(1100)]: null, x: ['k'.repeat(1100)] }],
    ['empty collections and nesting', { a: {}, b: [], c: [[], {}, [[1, 2], { d: null }], -0, 1e21, 0.1, true] }],
  ])('%s', (_name, value) => {
    expect(emitYamlDocument(value)).toBe(oracleStream([value]));
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
        if (!hasMergeText(value)) expect(emitted).toBe(oracleStream([value]));
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
  if (typeof value === 'string') return value === '<<';
  if (Array.isArray(value)) return value.some(hasMergeText);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => key === '<<' || hasMergeText(item));
}

const corpus = join(sharedDir, 'corpus', 'awesome-compose');
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

noticeSkip(sharedAvailable, 'byte comparison of both YAML emitters over the awesome-compose corpus');
describe.skipIf(!sharedAvailable)('direct YAML emitter over the awesome-compose corpus', () => {
  test('every sample that converts renders byte-identically', () => {
    let converted = 0;
    for (const entry of readdirSync(corpus, { withFileTypes: true }).filter((item) => item.isDirectory())) {
      const file = COMPOSE_NAMES.map((name) => join(corpus, entry.name, name)).find((path) => existsSync(path));
      if (!file) continue;
      let chart;
      try {
        chart = makeChartFromFiles([file]);
      } catch (error) {
        expect(error, entry.name).toBeInstanceOf(ComposeError);
        continue;
      }
      const { emitted, oracle } = compareChart(chart);
      expect(emitted, entry.name).toBe(oracle);
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
