/** The awesome-compose corpus in ../shared, converted sample by sample through the CLI. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultComposeFile } from '../../../lib/compose/load.ts';
import { sharedDir } from '../../support/k8s.ts';
import { runCliCaptured, type CliRun } from './cli.ts';

export const corpusDir = join(sharedDir, 'corpus', 'awesome-compose');
export const corpusAvailable = existsSync(corpusDir);

export interface Sample {
  readonly name: string;
  readonly dir: string;
  readonly composeFile: string;
}

export function corpusSamples(): Sample[] {
  if (!corpusAvailable) return [];
  return readdirSync(corpusDir)
    .filter((name) => statSync(join(corpusDir, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(corpusDir, name);
      const composeFile = defaultComposeFile(dir);
      if (!composeFile) throw new Error(`${dir}: no compose file`);
      return { name, dir, composeFile };
    });
}

/**
 * Converts one project with an empty process environment (so results do not depend on who runs
 * the tests): `-o outDir` when given, else `--stdout`.
 */
export function convertProject(dir: string, composeFile: string, outDir?: string): Promise<CliRun> {
  const output = outDir ? ['-o', outDir] : ['--stdout'];
  return runCliCaptured(['convert', '-f', composeFile, ...output], dir, {});
}
