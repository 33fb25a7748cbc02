/**
 * Issue 6, determinism: the same input gives byte-identical output — run twice, and with every
 * mapping's keys shuffled in the compose files (sequences keep their order).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noticeSkip } from '../support/k8s.ts';
import { convertProject, corpusAvailable, corpusSamples, type Sample } from './helpers/corpus.ts';
import { snapshotTree } from './helpers/fs-snapshot.ts';
import { copyRepo, synthIn } from './helpers/repo-copy.ts';
import { shuffleYamlFilesIn } from './helpers/shuffle-yaml.ts';

const scratch = mkdtempSync(join(tmpdir(), 'determinism-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The same seed for a sample on every run, different between samples. */
function seedOf(name: string): number {
  return [...name].reduce((hash, c) => (Math.imul(hash, 31) + c.charCodeAt(0)) | 0, 7);
}

/** A copy under `<variant>/<sample>`: the project name (the directory's) stays the sample's. */
function copySample(sample: Sample, variant: string): string {
  const dir = join(scratch, variant, sample.name);
  cpSync(sample.dir, dir, { recursive: true });
  mkdirSync(join(dir, 'db'), { recursive: true });
  writeFileSync(join(dir, 'db', 'password.txt'), 'determinism-password\n');
  return dir;
}

noticeSkip(corpusAvailable, 'determinism of awesome-compose conversions');

describe.skipIf(!corpusAvailable)('corpus conversions are deterministic', () => {
  it.each(corpusSamples().map((s) => [s.name, s] as const))('%s', async (_name, sample) => {
    const dir = copySample(sample, 'as-written');
    const shuffled = copySample(sample, 'shuffled');
    shuffleYamlFilesIn(shuffled, seedOf(sample.name));
    const first = await convertProject(dir, sample.composeFile);
    expect(first.code, first.stderr).toBe(0);
    const second = await convertProject(dir, sample.composeFile);
    const reordered = await convertProject(shuffled, sample.composeFile);
    expect(second.stdout === first.stdout, 'second run differs').toBe(true);
    expect(reordered.stdout === first.stdout, 'shuffled keys give other output').toBe(true);
  });
});

describe('synth of the documented systems is deterministic', () => {
  it('writes byte-identical dist/ twice, and with shuffled keys in every compose file', () => {
    const asWritten = join(scratch, 'repo');
    copyRepo(asWritten);
    rmSync(join(asWritten, 'dist'), { recursive: true, force: true });
    const runs = [synthIn(asWritten)];
    const first = snapshotTree(join(asWritten, 'dist'));
    runs.push(synthIn(asWritten));
    const second = snapshotTree(join(asWritten, 'dist'));
    const shuffled = join(scratch, 'repo-shuffled');
    copyRepo(shuffled);
    rmSync(join(shuffled, 'dist'), { recursive: true, force: true });
    shuffleYamlFilesIn(join(shuffled, 'charts'), 20261125);
    runs.push(synthIn(shuffled));
    expect(runs.map((r) => (r.code === 0 ? 'ok' : r.stderr))).toEqual(['ok', 'ok', 'ok']);
    expect(Object.keys(first).length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(snapshotTree(join(shuffled, 'dist'))).toEqual(first);
  });
});
