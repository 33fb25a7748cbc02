/** writeDirectoryAtomic replaces the output folder as a whole, or not at all. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDirectoryAtomic } from '../../lib/k8s/output/synth.ts';
import { temporaryDirectory } from '../support/temporary.ts';
import { readTree } from './dist.ts';

describe('writeDirectoryAtomic', () => {
  const parent = temporaryDirectory('write-dist');
  const out = join(parent, 'dist');
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('replaces every previous file, including ones no longer produced', () => {
    mkdirSync(join(out, 'old'), { recursive: true });
    writeFileSync(join(out, 'old', 'gone.k8s.yaml'), 'stale');
    writeDirectoryAtomic([{ path: 'dev/a.k8s.yaml', content: 'a' }, { path: 'prod/b.k8s.yaml', content: 'b' }], out);
    expect(readTree(out)).toEqual({ 'dev/a.k8s.yaml': 'a', 'prod/b.k8s.yaml': 'b' });
  });

  it('leaves the previous output untouched and no temporary folder behind when writing fails', () => {
    writeDirectoryAtomic([{ path: 'dev/a.k8s.yaml', content: 'previous' }], out);
    // `dev` cannot be both a file and a folder, so the second write fails half-way.
    expect(() => writeDirectoryAtomic([{ path: 'dev', content: 'x' }, { path: 'dev/a.k8s.yaml', content: 'new' }], out)).toThrow();
    expect(readTree(out)).toEqual({ 'dev/a.k8s.yaml': 'previous' });
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('puts back the output a writer killed between its two renames left aside, before replacing it', () => {
    writeDirectoryAtomic([{ path: 'dev/a.k8s.yaml', content: 'previous' }], out);
    renameSync(out, join(parent, '.dist.4242.previous')); // the state a kill after the first rename leaves
    expect(() => writeDirectoryAtomic([{ path: 'dev', content: 'x' }, { path: 'dev/a.k8s.yaml', content: 'new' }], out)).toThrow();
    expect(readTree(out)).toEqual({ 'dev/a.k8s.yaml': 'previous' });
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('creates the output folder when there was none', () => {
    expect(existsSync(out)).toBe(false);
    writeDirectoryAtomic([{ path: 'dev/kustomization.yaml', content: 'k' }], out);
    expect(readTree(out)).toEqual({ 'dev/kustomization.yaml': 'k' });
  });
});
