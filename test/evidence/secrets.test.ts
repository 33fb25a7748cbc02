/**
 * Issue 6, secrets: no secret value of the inputs — sensitive environment values, `${SECRET:-default}`
 * defaults, secret files, URL passwords — appears in dist/ or in any corpus conversion (manifests
 * and warnings), verbatim or base64-encoded.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noticeSkip, repoRoot } from '../support/k8s.ts';
import { convertProject, corpusAvailable, corpusSamples } from './helpers/corpus.ts';
import { collectSecretValues, leakedValues } from './helpers/secret-values.ts';

const chartsDir = join(repoRoot, 'charts');
const distDir = join(repoRoot, 'dist');
const systems = existsSync(chartsDir)
  ? readdirSync(chartsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
  : [];

function distFilesOf(system: string): string[] {
  if (!existsSync(distDir)) return [];
  return readdirSync(distDir, { withFileTypes: true })
    .filter((env) => env.isDirectory())
    .map((env) => join(distDir, env.name, `${system}.k8s.yaml`))
    .filter((file) => existsSync(file));
}

describe('no secret of the documented systems reaches dist/', () => {
  it.each(systems)('%s', (system) => {
    const files = distFilesOf(system);
    expect(files.length, `dist/*/${system}.k8s.yaml`).toBeGreaterThan(0);
    const { values } = collectSecretValues(join(chartsDir, system));
    const leaks = files.flatMap((file) =>
      leakedValues(readFileSync(file, 'utf8'), values).map((value) => `${file}: ${value}`),
    );
    expect(leaks).toEqual([]);
  });
});

noticeSkip(corpusAvailable, 'secret scan of awesome-compose conversions');

describe.skipIf(!corpusAvailable)('no secret of a corpus sample reaches its conversion', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'corpus-secrets-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(corpusSamples().map((s) => [s.name, s] as const))('%s', async (name, sample) => {
    // The corpus ships no secret files; give the referenced one a value, so the scan covers it.
    const dir = join(scratch, name);
    cpSync(sample.dir, dir, { recursive: true });
    mkdirSync(join(dir, 'db'), { recursive: true });
    writeFileSync(join(dir, 'db', 'password.txt'), `s3cr3t-db-password-of-${name}\n`);
    const { values } = collectSecretValues(dir);
    const run = await convertProject(dir, sample.composeFile);
    expect(run.code, run.stderr).toBe(0);
    expect(leakedValues(`${run.stdout}\n${run.stderr}`, values)).toEqual([]);
  });
});
