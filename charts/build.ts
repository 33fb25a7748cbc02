import path from 'node:path';
import { loadProject } from '../lib/compose/load.ts';
import type { TranslationPlan } from '../lib/k8s/plan/plan.ts';
import { translate } from '../lib/k8s/translate.ts';
import type { SystemDefinition } from './system.ts';

/** Every environment any system defines, standard ones first (`dev`, `prod`, then variants). */
export function environmentNames(systems: readonly SystemDefinition[]): string[] {
  const names: string[] = [];
  for (const system of systems) {
    for (const name of Object.keys(system.environments)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The system's plan for one environment; its namespace is the system's name. */
export function buildSystemPlan(system: SystemDefinition, environment: string): TranslationPlan {
  const definition = system.environments[environment];
  if (!definition) throw new Error(`system '${system.name}' has no environment '${environment}'`);
  const project = loadProject({
    files: definition.files.map((file) => path.join(system.directory, file)),
    projectDirectory: system.directory,
    projectName: system.name,
    profiles: definition.profiles ?? [],
    environment: definition.variables ?? {},
  });
  return translate(project, {
    namespace: system.name,
    ...(definition.options ? { options: definition.options } : {}),
    ...(system.extend ? { extraObjects: system.extend(environment) } : {}),
  });
}

/** The plan of every system that has the environment. */
export function buildEnvironment(systems: readonly SystemDefinition[], environment: string): { readonly system: string; readonly plan: TranslationPlan }[] {
  return systems
    .filter((system) => system.environments[environment] !== undefined)
    .map((system) => ({ system: system.name, plan: buildSystemPlan(system, environment) }));
}
