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

/** Anchors of ten aliases of the anchor before, `levels` deep: 10^levels nodes once expanded. */
function billionLaughs(levels: number): string {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= levels; level++) lines.push(`l${level}: &l${level}`, ...Array.from({ length: 10 }, () => `  - *l${level - 1}`));
  return lines.join('\n');
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

  it.skipIf(!shared)('reads every compose file of the realworld stacks itself, so that none starts the yaml library', () => {
    const files = yamlFiles(path.join(shared ?? '', 'corpus', 'realworld')).filter((file) => /^(?:docker-)?compose\b/.test(path.basename(file)));
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(files.filter((file) => compareWithLibrary(readFileSync(file, 'utf8')) === 'declined').map((file) => path.relative(shared ?? '', file))).toEqual([]);
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

  it('reads what real Compose files write: anchors, merge keys, block scalars, escapes, flow mappings, a leading ---', () => {
    const text = [
      '# Airflow, Superset, Penpot and Zulip write these',
      '---',
      'x-common:',
      '  &common',
      '  # a comment between the anchor and its mapping',
      '  image: app:1 # café',
      '  environment: &env',
      '    MODE: prod',
      '    PORT: 80',
      'x-depends: &depends',
      '  - db',
      'x-flags: &flags',
      '  FLAGS: a b',
      'services:',
      '  web:',
      '    <<: *common',
      '    image: app:2',
      '    depends_on: *depends',
      '    environment:',
      '      << : [*env, *flags]',
      '      PORT: 8080',
      '    command:',
      '      - -c',
      '      - |',
      '        echo "one"',
      '',
      '        # not a comment',
      '          indented',
      '    entrypoint: >-',
      '      sh -c "',
      '      exec app',
      '',
      '      done"',
      '    healthcheck:',
      '      test:',
      '        [',
      '          "CMD-SHELL",',
      `          "grep '[s]idekiq\\ 6' || echo \\"\\e\\x41\\u00e9\\"",`,
      '        ]',
      '    secrets:',
      '      []',
      '  worker:',
      '    <<: *common',
      '    labels: [ a ,',
      '      b ]',
      '    build: {context: ., args: {V: "1"}, tags: [x:1]}',
      '    command: >',
      '      sh -c',
      '        "exec worker"',
      '      --verbose',
    ].join('\n');
    expect(compareWithLibrary(text)).toBe('read');
    const web = parseSimpleYaml(text, 'compose.yaml')?.['services'];
    expect(web).toMatchObject({
      web: {
        image: 'app:2',
        environment: { MODE: 'prod', PORT: 8080, FLAGS: 'a b' },
        depends_on: ['db'],
        command: ['-c', 'echo "one"\n\n# not a comment\n  indented\n'],
        entrypoint: 'sh -c " exec app\ndone"',
        healthcheck: { test: ['CMD-SHELL', `grep '[s]idekiq 6' || echo "\x1bAé"`] },
        secrets: [],
      },
      worker: { image: 'app:1', labels: ['a', 'b'], build: { context: '.', args: { V: '1' }, tags: ['x:1'] }, command: 'sh -c\n  "exec worker"\n--verbose\n' },
    });
    // A merged key is located at its alias, as the loader's walker locates it.
    const services = web as Record<string, Record<string, unknown>>;
    expect(originOf(services['web']!['environment'] as object, 'FLAGS')?.location).toMatchObject({ line: 20, column: 19 });
    expect(originOf(services['worker']!, 'image')?.location).toMatchObject({ line: 43, column: 9 });
  });

  it.each([
    ['merge keys of flow mappings', 'a:\n  <<: {b: 1}\n'],
    ['tagged merge keys', 'a:\n  !!merge <<: x\n'],
    ['tags', 'a: !reset null\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['flow mappings with a key alone', 'a: {b}\n'],
    ['flow mappings with an empty value', 'a: {b: }\n'],
    ['mappings of one pair in flow sequences', 'a: [b: c]\n'],
    ['several documents', '---\na: 1\n---\nb: 2\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['unknown aliases', 'a: *x\n'],
    ['aliases of themselves', 'a: &x\n  b: *x\n'],
    ['merge keys naming a list', 'a: &x [1]\nb:\n  <<: *x\n'],
    ['aliases expanding much (a billion laughs)', billionLaughs(12)],
    ['keep chomping', 'a: |+\n  text\n\n'],
    ['explicit indentation', 'a: |2\n   text\n'],
    ['empty block scalars', 'a: |\nb: 1\n'],
    ['surrogate halves', 'a: "\\ud800"\n'],
    ['unknown escapes', 'a: "\\q"\n'],
    ['tabs', 'a:\t1\n'],
    ['carriage returns', 'a: 1\r\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
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

  /** Lines of block scalar content, blank lines, comments and more-indented ones among them. */
  const blockLines = ['echo one', 'x: y', '- z', '# not a comment', '', 'a "quoted" #text', 'trail  '];
  const oddBlockLines = ['  more', '    deeper', ' one'];
  const escapes = ['\\n', '\\t', '\\"', '\\\\', '\\ ', '\\/', '\\e', '\\0', '\\x41', '\\u00e9', '\\U0001F600', '\\_', '\\N'];
  const badEscapes = ['\\ud83d', '\\q', '\\x4', '\\'];
  const flowParts = ['a: 1', 'B: "x y"', '"k": v', 'c: [x, y z, "q"]', 'd: {e: f}', 'g: http://h:1/i#j', 'k: -1', 'l: a:b', 'm: {}', 'n: []', "o: 'p'", 'q: r #note\n      '];
  const oddFlowParts = ['a', 'b: ', 'c: d: e', 'a: 2', '? x', '- y', 'z: [u: v]', '<<: *d0', '__proto__: 1', '&a b: c'];
  /** Mostly `common`, sometimes `rare`: documents the reader reads, and some it must decline. */
  const mostly = <T,>(common: readonly T[], rare: readonly T[]): fc.Arbitrary<T> =>
    fc.oneof({ arbitrary: fc.constantFrom(...common), weight: 12 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });
  const anchored = fc.record({
    list: mostly([false, false, false], [true]),
    ownLine: fc.boolean(),
    entries: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'image', 'PORT', 'x-y'), mostly(['1', 'v', '"q"', 'true', '[p, q]'], ['*d0'])), { minLength: 1, maxLength: 4 }),
  });
  const entry = fc.oneof(
    fc.record({ merge: fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }), flow: fc.boolean(), spaced: fc.boolean() }),
    fc.record({ key: fc.constantFrom('a', 'b', 'image', 'c'), alias: fc.nat(3) }),
    fc.record({ key: fc.constantFrom('a', 'b', 'command', 'c'), header: mostly(['|', '>', '|-', '>-', '| # note', '>  '], ['|+', '|2', '|#']), lines: fc.array(mostly(blockLines, oddBlockLines), { minLength: 1, maxLength: 5 }), step: fc.constantFrom(2, 4) }),
    fc.record({ key: fc.constantFrom('a', 'test', 'c'), quoted: fc.array(mostly(['x', 'é', ' ', "'", ...escapes], badEscapes), { maxLength: 4 }) }),
    fc.record({ key: fc.constantFrom('a', 'labels', 'c'), flowLines: fc.array(fc.constantFrom('a,', '"b",', 'c', '# note', ''), { minLength: 1, maxLength: 4 }), closeIndent: mostly([4, 6], [0, 2]) }),
    fc.record({ key: fc.constantFrom('environment', 'build', 'c'), flow: fc.array(mostly(flowParts, oddFlowParts), { minLength: 1, maxLength: 3 }), sequence: fc.boolean() }),
  );

  /** A Compose-like document of anchored definitions and services that alias, merge and quote them. */
  function anchoredDocument(definitions: readonly (typeof anchored extends fc.Arbitrary<infer T> ? T : never)[], services: readonly (typeof entry extends fc.Arbitrary<infer T> ? T : never)[][], leadingDocumentStart: boolean): string {
    const lines = leadingDocumentStart ? ['# header', '---'] : [];
    const named = (index: number): string => `*d${index % definitions.length}`;
    definitions.forEach((definition, index) => {
      lines.push(definition.ownLine ? `x-d${index}:` : `x-d${index}: &d${index}`);
      if (definition.ownLine) lines.push(`  &d${index}`);
      for (const [key, value] of definition.entries) lines.push(definition.list ? `  - ${value}` : `  ${key}: ${value}`);
    });
    lines.push('services:');
    services.forEach((service, index) => {
      lines.push(`  s${index}:`);
      for (const item of service) {
        if ('merge' in item) {
          const names = item.merge.map(named);
          lines.push(`    <<${item.spaced ? ' ' : ''}: ${item.flow ? `[${names.join(', ')}]` : names[0]}`);
        } else if ('alias' in item) lines.push(`    ${item.key}: ${named(item.alias)}`);
        else if ('header' in item) lines.push(`    ${item.key}: ${item.header}`, ...item.lines.map((line) => (line === '' ? '' : `${' '.repeat(4 + item.step)}${line}`)));
        else if ('quoted' in item) lines.push(`    ${item.key}: "${item.quoted.join('')}"`);
        else if ('flow' in item) lines.push(item.sequence ? `    ${item.key}: [{${item.flow.join(', ')}}, x]` : `    ${item.key}: {${item.flow.join(', ')}}`);
        else lines.push(`    ${item.key}: [`, ...item.flowLines.map((line) => `      ${line}`), `${' '.repeat(item.closeIndent)}]`);
      }
    });
    return lines.join('\n');
  }

  it('reads random anchors, aliases, merge keys, block scalars, escapes and flow sequences as the library does, or declines them', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(anchored, { minLength: 1, maxLength: 3 }), fc.array(fc.array(entry, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), fc.boolean(), (definitions, services, start) => {
        if (compareWithLibrary(anchoredDocument(definitions, services, start)) === 'read') read++;
      }),
      { numRuns: 3000 },
    );
    // About one document in eight is read (360-420 of 3,000 over several seeds).
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
