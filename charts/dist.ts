import { mkdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../lib/compose/model.ts';
import { manifestsToYaml, synthChartYaml } from '../lib/k8s/synth.ts';
import { buildEnvironment, environmentNames } from './build.ts';
import type { SystemDefinition } from './system.ts';

export interface DistFile {
  /** Path below the output folder, `/`-separated: `prod/modax.k8s.yaml`. */
  readonly path: string;
  readonly content: string;
}

export interface SystemWarning {
  readonly environment: string;
  readonly system: string;
  readonly warning: Diagnostic;
}

export interface RenderedDist {
  readonly files: readonly DistFile[];
  readonly warnings: readonly SystemWarning[];
}

function kustomization(resources: readonly string[]): string {
  return manifestsToYaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }]);
}

/**
 * Every manifest of every system and environment, in memory: `<env>/<system>.k8s.yaml` plus one
 * `<env>/kustomization.yaml` listing them. Nothing is written, so a failure here touches no file.
 */
export function renderDist(systems: readonly SystemDefinition[]): RenderedDist {
  const files: DistFile[] = [];
  const warnings: SystemWarning[] = [];
  for (const environment of environmentNames(systems)) {
    const charts = buildEnvironment(systems, environment);
    const names = charts.map((chart) => `${chart.node.id}.k8s.yaml`);
    charts.forEach((chart, index) => {
      files.push({ path: `${environment}/${names[index]}`, content: synthChartYaml(chart) });
      for (const warning of chart.warnings) warnings.push({ environment, system: chart.node.id, warning });
    });
    files.push({ path: `${environment}/kustomization.yaml`, content: kustomization(names) });
  }
  return { files, warnings };
}

/**
 * Replaces `outdir` with exactly `files`: they are written to a sibling folder first and swapped
 * in by renames, so an error leaves the previous output as it was.
 */
export function writeDist(files: readonly DistFile[], outdir: string): void {
  const staging = `${outdir}.${process.pid}.staging`;
  const previous = `${outdir}.${process.pid}.previous`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const file of files) {
      const target = path.join(staging, ...file.path.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    const hadOutput = renameIfPresent(outdir, previous);
    try {
      renameSync(staging, outdir);
    } catch (error) {
      if (hadOutput) renameSync(previous, outdir);
      throw error;
    }
    rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function renameIfPresent(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
