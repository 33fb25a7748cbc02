import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import type { ComposeChart } from '../../../lib/k8s/cdk8s/compose-chart.ts';
import { makeChartFromFiles } from '../../support/k8s.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `compose.yaml` (and `files`, which may be in folders) to a fresh directory; returns the compose file's path. */
export function composeFile(yaml: string, files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-robustness-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  writeFileSync(join(dir, 'compose.yaml'), yaml);
  return join(dir, 'compose.yaml');
}

export function chartOf(yaml: string, files: Readonly<Record<string, string>> = {}): ComposeChart {
  return makeChartFromFiles([composeFile(yaml, files)]);
}

/** The one ComposeError converting `yaml` ends in, as the CLI prints it (path made relative). */
export function conversionError(yaml: string): string {
  const file = composeFile(yaml);
  try {
    makeChartFromFiles([file]);
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    return error.format().replace(file, 'compose.yaml');
  }
  throw new Error('conversion succeeded');
}
