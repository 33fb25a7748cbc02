/**
 * Issue 6, bad input: every project under test/fixtures/bad-input/ must end in exit code 1 with one
 * clear message that names the file (and line and column where the input has them), no stack
 * trace, and an output folder left byte-identical. `expected.json` of each case says what.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/k8s.ts';
import { failureReportProblems, runCliCaptured } from './helpers/cli.ts';
import { prefillOutput, snapshotTree } from './helpers/fs-snapshot.ts';
import { badInputGenerators, type GeneratedPosition } from './helpers/bad-input-generators.ts';

interface Position extends GeneratedPosition {
  readonly file: string;
}

interface Expected {
  readonly description: string;
  /** Arguments before `-o DIR`. @default ['-f', 'compose.yaml'] */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly generate?: string;
  /** Fragments the message must contain, compared case-insensitively. */
  readonly message: readonly string[];
  /** The file the message must name; with line and column when the error has a position. */
  readonly file?: string | null;
  readonly line?: number;
  readonly column?: number;
  /** Equally right positions, e.g. any service of a dependency cycle. */
  readonly anyOf?: readonly Position[];
}

const fixturesDir = join(repoRoot, 'test', 'fixtures', 'bad-input');
const cases = readdirSync(fixturesDir).sort();
const scratch = mkdtempSync(join(tmpdir(), 'bad-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `file:line:column` as the CLI prints it, the file possibly prefixed by its directory. */
function namesPosition(stderr: string, position: Position): boolean {
  const pattern = `(^|[\\s/'"(])${escapeRegExp(position.file)}:${position.line}:${position.column}(?!\\d)`;
  return new RegExp(pattern, 'm').test(stderr);
}

function locationProblems(stderr: string, expected: Expected, generated: GeneratedPosition | undefined): string[] {
  const file = expected.file ?? expected.anyOf?.[0]?.file;
  const line = generated?.line ?? expected.line;
  const column = generated?.column ?? expected.column;
  const positions: Position[] = [...(expected.anyOf ?? [])];
  if (file && line !== undefined && column !== undefined) positions.push({ file, line, column });
  if (positions.length > 0) {
    return positions.some((p) => namesPosition(stderr, p))
      ? []
      : [`does not name ${positions.map((p) => `${p.file}:${p.line}:${p.column}`).join(' or ')}`];
  }
  return file && !stderr.includes(file) ? [`does not name the file ${file}`] : [];
}

describe('bad input ends in one clear error and leaves the output folder alone', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', async (name) => {
    const expected = JSON.parse(readFileSync(join(fixturesDir, name, 'expected.json'), 'utf8')) as Expected;
    const root = join(scratch, name);
    const projectDir = join(root, name);
    cpSync(join(fixturesDir, name), projectDir, { recursive: true });
    rmSync(join(projectDir, 'expected.json'));
    const generated = expected.generate ? badInputGenerators[expected.generate]!(projectDir) : undefined;
    const outDir = join(root, 'out');
    prefillOutput(outDir, name);
    const before = snapshotTree(root);

    const args = expected.args ?? ['-f', 'compose.yaml'];
    const run = await runCliCaptured(['convert', ...args, '-o', outDir], projectDir, expected.env ?? {});

    const stderr = run.stderr.length > 4096 ? `${run.stderr.slice(0, 4096)}…` : run.stderr;
    const problems = [
      ...(run.code === 1 ? [] : [`exit code ${run.code}, expected 1`]),
      ...failureReportProblems(run.stderr),
      ...expected.message
        .filter((fragment) => !run.stderr.toLowerCase().includes(fragment.toLowerCase()))
        .map((fragment) => `message lacks "${fragment}"`),
      ...locationProblems(run.stderr, expected, generated),
    ];
    expect({ case: expected.description, stderr, problems }).toEqual({ case: expected.description, stderr, problems: [] });
    expect(snapshotTree(root)).toEqual(before);
  });
});
