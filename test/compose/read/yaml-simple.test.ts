import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeComposeProject } from '../../../bench/generate.ts';
import { isMapping, originOf, originsOf, Tagged, type Tree } from '../../../lib/compose/read/tree.ts';
import { hasMergeTags, parseComposeYaml, parseWithLibrary } from '../../../lib/compose/read/yaml-file.ts';
import { parseSimpleYaml } from '../../../lib/compose/read/yaml-simple.ts';
import { repoRoot, sharedFolder } from '../support/shared.ts';

/** The tree with every key's and item's origin and the keys' order, for deep comparison. */
function shape(value: Tree): unknown {
  if (value instanceof Tagged) return { tag: value.tag, value: shape(value.value) };
  if (Array.isArray(value)) {
    return { origins: Object.keys(originsOf(value) ?? {}), items: value.map((item, index) => [originOf(value, index), shape(item)]) };
  }
  if (isMapping(value)) {
    return { origins: Object.keys(originsOf(value) ?? {}), entries: Object.keys(value).map((key) => [key, originOf(value, key), shape(value[key] ?? null)]) };
  }
  return value;
}

/**
 * The simple reader either declines or reads exactly what the yaml library reads; a document it
 * accepts that the library rejects fails here with the library's error.
 */
function compareWithLibrary(text: string): 'read' | 'declined' {
  const simple = parseSimpleYaml(text, 'compose.yaml');
  if (simple === undefined) return 'declined';
  const library = parseWithLibrary(text, 'compose.yaml');
  expect(hasMergeTags(library)).toBe(false);
  expect(shape(simple)).toEqual(shape(library));
  return 'read';
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => /\.ya?ml$/.test(file) && statSync(file).isFile());
}

/** Multi-line strings of a vectors file: the Compose documents its cases are made of. */
function embeddedDocuments(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('\n') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(embeddedDocuments);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(embeddedDocuments);
  return [];
}

describe('parseSimpleYaml', () => {
  it('reads a generated estate as the library does', () => {
    const folder = path.join(repoRoot, '.build', 'yaml-simple-estate');
    const text = readFileSync(writeComposeProject(folder, 40), 'utf8');
    expect(compareWithLibrary(text)).toBe('read');
  });

  it('reads the repository fixtures as the library does, and most of them itself', () => {
    const outcomes = yamlFiles(path.join(repoRoot, 'test', 'fixtures')).map((file) => compareWithLibrary(readFileSync(file, 'utf8')));
    expect(outcomes.filter((outcome) => outcome === 'read').length).toBeGreaterThan(outcomes.length / 2);
  });

  const shared = sharedFolder();
  it.skipIf(!shared)('reads the shared corpus and compose vectors as the library does', () => {
    const folders = ['corpus', 'compose-vectors'].map((name) => path.join(shared ?? '', name));
    const documents = folders.flatMap(yamlFiles).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      if (!file.includes(`${path.sep}extracted${path.sep}`)) return [text];
      return [text, ...embeddedDocuments(parse(text) as unknown)];
    });
    const outcomes = documents.map(compareWithLibrary);
    expect(outcomes.filter((outcome) => outcome === 'read').length).toBeGreaterThan(50);
  });

  it('reads the shapes it supports, with origins of keys and items', () => {
    const text = [
      '# a comment',
      'name: demo # trailing',
      'services:',
      '  web:',
      "    image: 'nginx:1.25'",
      `    command: ["npm", run, 'it''s']`,
      '    ports:',
      '    - "80:80"',
      '    - target: 443',
      '      published: 8443',
      '',
      '    labels:',
      '      "com.example/x": 0440',
      '      enabled: true',
      '      ratio: 1.50',
      '    healthcheck:',
      '      test: []',
      '    environment:',
      '      EMPTY:',
      '      -',
      '        - nested',
      'volumes:',
      '  data: {}',
    ].join('\n');
    expect(compareWithLibrary(text)).toBe('read');
    const tree = parseSimpleYaml(text, 'compose.yaml');
    expect(tree?.['volumes']).toEqual({ data: {} });
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['merge keys', 'a:\n  <<: {b: 1}\n'],
    ['tagged merge keys', 'a:\n  !!merge <<: x\n'],
    ['tags', 'a: !reset null\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['escapes', 'a: "tab\\t"\n'],
    ['flow mappings', 'a: {b: 1}\n'],
    ['documents', '---\na: 1\n'],
    ['tabs', 'a:\t1\n'],
    ['carriage returns', 'a: 1\r\n'],
    ['non-ASCII text', 'a: é\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['__proto__', '__proto__: 1\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a top-level list', '- a\n'],
    ['an empty file', '# nothing\n'],
  ])('leaves %s to the library', (_name, text) => {
    expect(parseSimpleYaml(text, 'compose.yaml')).toBeUndefined();
  });

  it('is what parseComposeYaml uses for the files it reads', () => {
    expect(shape(parseComposeYaml('a:\n  - b\n', 'compose.yaml'))).toEqual(shape(parseWithLibrary('a:\n  - b\n', 'compose.yaml')));
  });

  const scalars = [
    'nginx', 'true', 'True', 'TRUE', 'yes', 'no', 'on', 'null', 'Null', '~', '0', '-0', '+1', '017', '08', '0o17', '0x1F', '1_000',
    '1e3', 'e3', '1.', '.5', '1.50', '-.inf', '.NaN', '.nan', '12:30', 'a#b', 'a #b', 'http://x:1/y', 'a:b', '-x', '--flag', '$VAR',
    '${X:-y}', "'q'", "'it''s'", '"d q"', '"a: b"', '"#"', 'a b', 'a: b', 'x:', '[]', '[a, "b"]', '[ 1 ,2 ]', '[a,]', '{}', '{ }',
    '{a: 1}', '&x 1', '*x', '!tag x', '|', '>', '@x', '`x', '%x', '? x', '- x', '-', '"\\n"', "'open", '"open', '[open',
  ];
  const keys = ['a', 'web', 'x-y', 'com.example.z', '8080/tcp', '"quoted key"', "'single'", 'true', '1', '1.0', '~', 'null', '<<', '__proto__', 'a b', '? k'];

  /** YAML text from random lines of keys, dashes, scalars, comments and indentation. */
  const documents = fc
    .array(
      fc.record({
        indent: fc.constantFrom(0, 0, 2, 2, 4, 4, 6, 1, 3),
        dash: fc.constantFrom('', '', '', '- ', '-', '-   '),
        key: fc.option(fc.constantFrom(...keys), { freq: 4 }),
        value: fc.option(fc.constantFrom(...scalars), { freq: 3 }),
        comment: fc.constantFrom('', '', '', ' # note', '#x', '   # note'),
        blank: fc.constantFrom(false, false, false, true),
      }),
      { minLength: 1, maxLength: 14 },
    )
    .map((lines) =>
      lines
        .map(({ indent, dash, key, value, comment, blank }) => {
          if (blank) return ' '.repeat(indent) + comment.trimStart();
          const entry = key === null ? (value ?? '') : `${key}:${value === null ? '' : ` ${value}`}`;
          return `${' '.repeat(indent)}${dash}${entry}${comment}`;
        })
        .join('\n'),
    );

  it('reads random lines as the library does, or declines them', () => {
    fc.assert(
      fc.property(documents, (text) => {
        compareWithLibrary(text);
      }),
      { numRuns: 3000 },
    );
  });

  const key = fc.oneof({ arbitrary: fc.constantFrom(...keys.slice(0, 13)), weight: 6 }, { arbitrary: fc.constantFrom(...keys), weight: 1 });
  type Node = string | { readonly list: readonly Node[] } | { readonly map: readonly (readonly [string, Node])[] };
  const { node } = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof({ arbitrary: fc.constantFrom(...scalars.slice(0, 40)), weight: 4 }, { arbitrary: fc.constantFrom(...scalars), weight: 1 }),
      fc.record({ list: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
      fc.record({ map: fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }) }),
    ),
  }));
  const style = fc.record({
    step: fc.constantFrom(1, 2, 4),
    sameIndentLists: fc.boolean(),
    flowLists: fc.boolean(),
    comments: fc.boolean(),
  });

  /** Block YAML for `value` at `indent`, as lines; `style` picks among the equivalent layouts. */
  function render(value: Node, indent: number, options: typeof style extends fc.Arbitrary<infer T> ? T : never): string[] {
    const pad = ' '.repeat(indent);
    const note = options.comments ? [`${pad}# note`, ''] : [];
    if (typeof value === 'string') return [`${pad}${value}`];
    if ('list' in value) {
      return value.list.flatMap((item) => {
        if (typeof item === 'string') return [`${pad}- ${item}`, ...note];
        const inner = render(item, indent + 2, options);
        return [`${pad}- ${inner[0]?.trimStart() ?? ''}`, ...inner.slice(1)];
      });
    }
    return value.map.flatMap(([key, item]) => {
      if (typeof item === 'string') return [`${pad}${key}: ${item}`, ...note];
      if ('list' in item && options.flowLists && item.list.every((entry) => typeof entry === 'string')) {
        return [`${pad}${key}: [${item.list.join(', ')}]`];
      }
      const nested = 'list' in item && options.sameIndentLists ? indent : indent + options.step;
      return [`${pad}${key}:${options.comments ? ' # note' : ''}`, ...render(item, nested, options)];
    });
  }

  it('reads random documents as the library does, or declines them', () => {
    let read = 0;
    const rootMappings = fc.array(fc.tuple(fc.constantFrom(...keys.slice(0, 6)), node), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(rootMappings, style, (entries, options) => {
        if (compareWithLibrary(render({ map: entries }, 0, options).join('\n')) === 'read') read++;
      }),
      { numRuns: 3000 },
    );
    // The property must exercise the reader, not only its refusals: about one document in ten is read
    // (between 290 and 400 of 3,000 over many seeds), so 200 is never missed by chance.
    expect(read).toBeGreaterThan(200);
  });

  it('reads mutated estates as the library does, or declines them', () => {
    const base = readFileSync(writeComposeProject(path.join(repoRoot, '.build', 'yaml-simple-mutations'), 3), 'utf8');
    const edits = [' ', '  ', '\n', '-', '- ', ':', ': ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '&a', '*a', '!', '|', '?', 'x', '0', '\\'];
    let read = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), fc.nat(3), fc.constantFrom(...edits)), { minLength: 1, maxLength: 3 }), (changes) => {
        let text = base;
        for (const [at, remove, insert] of changes) text = text.slice(0, at) + insert + text.slice(at + remove);
        if (compareWithLibrary(text) === 'read') read++;
      }),
      { numRuns: 1500 },
    );
    expect(read).toBeGreaterThan(100);
  });
});
