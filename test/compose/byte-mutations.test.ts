import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ComposeError } from '../../lib/compose/errors.ts';
import { loadProject } from '../../lib/compose/load.ts';
import { sharedFolder } from './support/shared.ts';

/**
 * The evidence suite mutates parsed trees; this mutates the text, so the YAML reader, error
 * positions, anchors, tags and interpolation see broken input too. Every load either succeeds or
 * ends in a ComposeError with a location. A fixed seed keeps runs reproducible.
 */
const corpus = sharedFolder('corpus', 'awesome-compose');
const COMPOSE_FILES = ['compose.yaml', 'docker-compose.yml', 'compose.yml', 'docker-compose.yaml'];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'byte-mutations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Sample {
  readonly directory: string;
  readonly text: string;
}

function samples(root: string): Sample[] {
  return readdirSync(root).flatMap((name) => {
    const file = COMPOSE_FILES.map((candidate) => path.join(root, name, candidate)).find((candidate) => existsSync(candidate));
    if (!file) return [];
    const directory = path.join(scratch, name);
    cpSync(path.join(root, name), directory, { recursive: true });
    writeFileSync(path.join(directory, 'base.yaml'), readFileSync(file));
    return [{ directory, text: readFileSync(file, 'utf8') }];
  });
}

/** Fragments that open, close, tag, alias, merge, interpolate or re-indent. */
const FRAGMENTS = [
  '{', '[', '"', "'", '}', ']', ':', '- ', '? ', '#', '|', '>', '~', '\n', '\n  ', '\t', '\u0000', '\ufeff',
  '&a ', '*a', '*b', '&a {}', '<<: *a', '<<: [*a]', '<<: {a: 1}\n', '!reset ', '!override ', '!!binary ', '!!set ', '!!timestamp ',
  '---\n', '...\n', '%YAML 1.1\n', '0x', '1e999', '-1', 'null', '${', '${A:-', '${A}', '${B}', '$C', '${A:?boom}', '${B:+${C}}',
  'extends: frontend\n', 'extends: {service: db, file: base.yaml}\n', 'include: [base.yaml]\n',
];

/** xorshift32: the same cases on every run. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
}

function mutate(text: string, next: (below: number) => number): string {
  let mutated = text;
  for (let count = 1 + next(4); count > 0; count--) {
    const at = next(mutated.length + 1);
    const operation = next(3);
    if (operation === 0) mutated = mutated.slice(0, at) + FRAGMENTS[next(FRAGMENTS.length)] + mutated.slice(at);
    if (operation === 1) mutated = mutated.slice(0, at) + mutated.slice(at + 1 + next(5));
    if (operation === 2) {
      const lines = mutated.split('\n');
      lines.splice(next(lines.length), 0, lines[next(lines.length)] ?? '');
      mutated = lines.join('\n');
    }
  }
  return mutated;
}

describe.skipIf(!corpus)('byte-level mutations of the awesome-compose samples', () => {
  it('load or end in a located ComposeError', () => {
    const all = samples(corpus ?? '');
    const next = random(0x9e3779b9);
    const problems: string[] = [];
    for (let run = 0; run < 3000; run++) {
      const sample = all[next(all.length)];
      if (!sample) break;
      const file = path.join(sample.directory, 'mutated.yaml');
      const text = mutate(sample.text, next);
      writeFileSync(file, text);
      // Alone, and as an override of the intact file, so merging sees broken trees too.
      const files = next(2) === 0 ? [file] : [path.join(sample.directory, 'base.yaml'), file];
      try {
        loadProject({ files, cwd: sample.directory, projectName: 'mutated', environment: { A: '{', B: '0', C: 'x' } });
      } catch (error) {
        if (error instanceof ComposeError && error.location) continue;
        problems.push(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n--- input:\n${text.slice(0, 2000)}`);
      }
    }
    expect(all.length).toBeGreaterThan(0);
    expect(problems.slice(0, 3)).toEqual([]);
  }, 120_000);
});
