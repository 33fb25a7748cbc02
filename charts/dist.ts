import type { Diagnostic } from '../lib/compose/model.ts';
import { kustomizationText } from '../lib/k8s/output/kustomize/kustomization.ts';
import { planYaml, type OutputFile } from '../lib/k8s/output/synth.ts';
import { buildEnvironment, environmentNames } from './build.ts';
import type { SystemDefinition } from './system.ts';

export interface SystemWarning {
  readonly environment: string;
  readonly system: string;
  readonly warning: Diagnostic;
}

export interface RenderedDist {
  readonly files: readonly OutputFile[];
  readonly warnings: readonly SystemWarning[];
}

/**
 * Every manifest of every system and environment, in memory: `<env>/<system>.k8s.yaml` plus one
 * `<env>/kustomization.yaml` listing them. Nothing is written, so a failure here touches no file.
 */
export function renderDist(systems: readonly SystemDefinition[]): RenderedDist {
  const files: OutputFile[] = [];
  const warnings: SystemWarning[] = [];
  for (const environment of environmentNames(systems)) {
    const plans = buildEnvironment(systems, environment);
    const names = plans.map(({ system }) => `${system}.k8s.yaml`);
    plans.forEach(({ system, plan }, index) => {
      files.push({ path: `${environment}/${names[index]}`, content: planYaml(plan) });
      for (const warning of plan.warnings) warnings.push({ environment, system, warning });
    });
    files.push({ path: `${environment}/kustomization.yaml`, content: kustomizationText({ resources: names }) });
  }
  return { files, warnings };
}
