/** The committed dist/ and a fresh synthesis of it, shared by the dist tests. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderDist, type RenderedDist } from '../../charts/dist.ts';
import { writeDirectoryAtomic } from '../../lib/k8s/output/synth.ts';
import { systems } from '../../charts/index.ts';
import { repoRoot, type Manifest } from '../support/k8s.ts';

export const distDir = join(repoRoot, 'dist');

/** Every file below `dir`, by `/`-separated relative path. */
export function readTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else tree[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return tree;
}

let rendered: RenderedDist | undefined;

/** All systems synthesized once per test file (the engine is deterministic, so once is enough). */
export function freshDist(): RenderedDist {
  rendered ??= renderDist(systems);
  return rendered;
}

/** A fresh synthesis written by the same writer `npm run synth` uses, read back from a temp dir. */
export function freshTree(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'dist-fresh-'));
  try {
    const out = join(dir, 'dist');
    writeDirectoryAtomic(freshDist().files, out);
    return readTree(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The objects of one freshly synthesized `<env>/<system>.k8s.yaml`. */
export function manifestsOf(environment: string, system: string): Manifest[] {
  const file = freshDist().files.find((f) => f.path === `${environment}/${system}.k8s.yaml`);
  if (!file) throw new Error(`no ${environment}/${system}.k8s.yaml in the synthesized output`);
  return parseAllDocuments(file.content).map((doc) => doc.toJS() as Manifest);
}
