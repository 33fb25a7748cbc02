import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ComposeFileReader } from '../../lib/compose/read/files.ts';
import { loadProject, mergeFiles } from '../../lib/compose/load.ts';
import type { ComposeProject } from '../../lib/compose/model.ts';
import type { Mapping } from '../../lib/compose/read/tree.ts';
import { composeErrorOf, writeTree } from './support/project.ts';
import { sharedFolder } from './support/shared.ts';

/**
 * The 23 curated multi-file / extends / !reset / !override / profiles cases of
 * compose-vectors/extracted/loader-cases.yaml. Their `expect` notation is informal, so each case's
 * expectation is transcribed below as assertions on the loaded model. Cases whose inputs are not
 * complete projects (undeclared volumes, made-up keys) are checked on the merged document, as the
 * vectors describe merge semantics; compose itself would reject those inputs when loading fully.
 */
interface LoaderCase {
  readonly name: string;
  readonly files?: readonly string[];
  readonly file_set?: Readonly<Record<string, string>>;
  readonly load?: readonly string[];
  readonly files_from?: readonly string[];
}

const vectors = sharedFolder('compose-vectors');
const cases: readonly LoaderCase[] = vectors
  ? (parse(readFileSync(path.join(vectors, 'extracted', 'loader-cases.yaml'), 'utf8')) as { cases: LoaderCase[] }).cases
  : [];

/** Writes the case's files next to compose-go's loader testdata; returns their paths in load order. */
function materialize(vector: LoaderCase): { directory: string; files: string[] } {
  if (vector.files_from) return { directory: '', files: vector.files_from.map((file) => path.join(vectors ?? '', file)) };
  const named = vector.file_set ?? Object.fromEntries((vector.files ?? []).map((text, index) => [`file-${index}.yaml`, text]));
  const directory = writeTree(named);
  cpSync(path.join(vectors ?? '', 'compose-go', 'loader', 'testdata'), path.join(directory, 'testdata'), { recursive: true });
  const order = vector.load ?? Object.keys(named);
  return { directory, files: order.map((file) => path.join(directory, file)) };
}

function loadCase(vector: LoaderCase, profiles: readonly string[] = []): ComposeProject {
  const { directory, files } = materialize(vector);
  // compose-go's merge tests load services without an image (SkipConsistencyCheck), as these vectors do.
  return loadProject({ files, cwd: directory || path.dirname(files[0] ?? ''), environment: {}, profiles, skipConsistencyCheck: true });
}

function mergedCase(vector: LoaderCase): Mapping {
  const { files } = materialize(vector);
  return mergeFiles(files, new ComposeFileReader(() => undefined, []));
}

function service(tree: Mapping, name: string): Mapping {
  return (tree['services'] as Mapping)[name] as Mapping;
}


const expectations: Readonly<Record<string, (vector: LoaderCase) => void>> = {
  'spec-merge-mapping': (vector) => {
    expect({ ...service(mergedCase(vector), 'foo') }).toEqual({ key1: 'value1', key2: 'VALUE', key3: 'value3' });
  },
  'spec-merge-sequence-appends': (vector) => {
    expect(loadCase(vector).services['foo']?.raw['dns']).toEqual(['1.1.1.1', '8.8.8.8']);
  },
  'spec-merge-command-overrides': (vector) => {
    expect(loadCase(vector).services['foo']?.command).toEqual(['echo', 'bar']);
  },
  'spec-merge-volumes-unique-by-target': (vector) => {
    expect(service(mergedCase(vector), 'foo')['volumes']).toEqual(['bar:/work']);
  },
  'spec-reset': (vector) => {
    const app = loadCase(vector).services['app'];
    expect(app?.image).toBe('myapp');
    expect(app?.ports).toEqual([]);
    expect(app?.environment).not.toHaveProperty('FOO');
  },
  'spec-override-tag': (vector) => {
    expect(loadCase(vector).services['app']?.ports).toEqual([{ target: 443, published: 8443, protocol: 'tcp', mode: 'ingress' }]);
  },
  'compose-go Test_LoadWithReset': (vector) => {
    const foo = loadCase(vector).services['foo'];
    expect(foo?.image).toBe('foo');
    expect(foo?.build).toBeUndefined();
    expect(foo?.environment).toEqual({});
  },
  'compose-go Test_DuplicateReset': (vector) => {
    const error = composeErrorOf(() => loadCase(vector));
    expect(error.message).toContain('mapping key "command" already defined');
    expect(error.location?.line).toBe(5);
  },
  'compose-go TestResetRemove': (vector) => {
    expect(loadCase(vector).networks).not.toHaveProperty('test');
  },
  'compose-go TestOverrideReplace': (vector) => {
    expect(loadCase(vector).networks['test']).toMatchObject({ external: false, name: 'test-override_test' });
  },
  'compose-go TestOverrideDepends_on (short -> long syntax merge)': (vector) => {
    expect(loadCase(vector).services['test']?.dependsOn).toEqual({ foo: { condition: 'service_healthy', required: false, restart: false } });
  },
  'compose-go TestOverridePartial (override omits required \'condition\')': (vector) => {
    expect(loadCase(vector).services['test']?.dependsOn).toEqual({ foo: { condition: 'service_healthy', required: false, restart: false } });
  },
  'compose-go TestOverrideVolume (identical entry deduplicated)': (vector) => {
    expect(loadCase(vector).services['test']?.volumes).toHaveLength(1);
  },
  'compose-go TestOverrideMiddle (extends chain + !override)': (vector) => {
    const test = loadCase(vector).services['test'];
    expect(test?.volumes.map((mount) => [mount.type, 'source' in mount ? mount.source : undefined, mount.target])).toEqual([
      ['bind', '/bar', '/bar'],
      ['bind', '/zot', '/zot'],
    ]);
    expect(Object.keys(test?.networks ?? {})).toEqual(['zot']);
  },
  'compose-go TestParseYAMLFilesMergeOverride (anchors + merge key + extends + !override)': (vector) => {
    const { services } = loadCase(vector);
    expect(services['base']?.configs).toEqual([{ source: 'credentials', target: '/credentials/file1' }]);
    expect(services['x']?.configs).toEqual([{ source: 'credentials', target: '/literally-anywhere-else' }]);
    expect(services['y']?.configs).toEqual([{ source: 'credentials', target: '/literally-anywhere-else' }]);
  },
  'compose-go TestExtendsReset': (vector) => {
    expect(loadCase(vector).services['test']?.command).toBeUndefined();
  },
  'compose-go TestExtendsWithInterpolation': (vector) => {
    expect(loadCase(vector).services['test']?.volumes).toMatchObject([{ type: 'bind', source: '/dev/null', target: '/tmp/foo', readOnly: true }]);
  },
  'spec-extends-environment-mapping': (vector) => {
    const cli = loadCase(vector).services['cli'];
    expect(cli?.image).toBe('busybox');
    expect(cli?.environment).toEqual({ PORT: '8080', TZ: 'utc' });
  },
  'spec-extends-volumes-by-target': (vector) => {
    const cli = service(mergedCase(vector), 'cli');
    expect(cli['image']).toBe('busybox');
    expect(cli['volumes']).toEqual(['cli-volume:/var/lib/backup/data:ro']);
  },
  'spec-extends-chained': (vector) => {
    expect(loadCase(vector).services['cli']).toMatchObject({ image: 'busybox', user: 'root' });
  },
  'spec-extends-sequence-dedup': (vector) => {
    expect(loadCase(vector).services['cli']?.securityOpt).toEqual(['label:role:ROLE', 'label:user:USER']);
  },
  'spec-profiles': (vector) => {
    const enabled = (profiles: string[]): string[] => Object.keys(loadCase(vector, profiles).services);
    expect(enabled([])).toEqual(['foo']);
    expect(enabled(['test'])).toEqual(['bar', 'baz', 'foo']);
    expect(enabled(['debug', 'test'])).toEqual(['bar', 'baz', 'foo', 'zot']);
    expect(enabled(['*'])).toEqual(['bar', 'baz', 'foo', 'zot']);
    expect(composeErrorOf(() => loadCase(vector, ['debug'])).message).toContain('depends on service "bar", which no active profile enables');
  },
  'compose-go cli simple overrides + .env interpolation': (vector) => {
    expect(loadCase(vector).services['simple']?.image).toBe('haproxy');
    const simple = path.join(vectors ?? '', 'compose-go', 'cli', 'testdata', 'simple');
    const withVariables = loadProject({ files: [path.join(simple, 'compose-with-variables.yaml')], cwd: simple, environment: {} });
    expect(withVariables.services['simple']?.ports).toEqual([{ target: 80, published: 8000, protocol: 'tcp', mode: 'ingress' }]);
  },
};

describe.skipIf(!vectors)('loader cases (compose-vectors/extracted/loader-cases.yaml)', () => {
  it('has an expectation for every case', () => {
    expect(cases.map((vector) => vector.name).sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(cases.map((vector) => [vector.name, vector] as const))('%s', (name, vector) => {
    expectations[name]?.(vector);
  });
});
