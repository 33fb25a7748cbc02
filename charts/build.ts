import path from 'node:path';
import { App } from 'cdk8s';
import { loadProject } from '../lib/compose/load.ts';
import { ComposeChart } from '../lib/k8s/compose-chart.ts';
import type { SystemDefinition } from './system.ts';

/** Every environment any system defines, standard ones first (`dev`, `prod`, then variants). */
export function environmentNames(systems: readonly SystemDefinition[]): string[] {
  const names: string[] = [];
  for (const system of systems) {
    for (const name of Object.keys(system.environments)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The system's chart for one environment; chart id and namespace are the system's name. */
export function buildSystemChart(app: App, system: SystemDefinition, environment: string): ComposeChart {
  const definition = system.environments[environment];
  if (!definition) throw new Error(`system '${system.name}' has no environment '${environment}'`);
  const project = loadProject({
    files: definition.files.map((file) => path.join(system.directory, file)),
    projectDirectory: system.directory,
    projectName: system.name,
    profiles: definition.profiles ?? [],
    environment: definition.variables ?? {},
  });
  const chart = new ComposeChart(app, system.name, {
    project,
    namespace: system.name,
    ...(definition.options ? { options: definition.options } : {}),
  });
  system.extend?.(chart, environment);
  return chart;
}

/** One App per environment, holding the chart of every system that has that environment. */
export function buildEnvironment(systems: readonly SystemDefinition[], environment: string): ComposeChart[] {
  const app = new App();
  return systems
    .filter((system) => system.environments[environment] !== undefined)
    .map((system) => buildSystemChart(app, system, environment));
}
