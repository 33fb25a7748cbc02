import path from 'node:path';
import { loadProject } from '../lib/compose/load.ts';
import type { ComposeProject } from '../lib/compose/model.ts';
import { readProjectImageFacts, type ProjectImageFacts } from '../lib/images/project-facts.ts';
import { own } from '../lib/k8s/plan/own.ts';
import type { TranslationPlan } from '../lib/k8s/plan/plan.ts';
import { translate } from '../lib/k8s/translate.ts';
import { IMAGE_REGISTRY, type EnvironmentDefinition, type SystemDefinition } from './system.ts';

/** Every environment any system defines, standard ones first (`dev`, `prod`, then variants). */
export function environmentNames(systems: readonly SystemDefinition[]): string[] {
  const names: string[] = [];
  for (const system of systems) {
    for (const name of Object.keys(system.environments)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Warnings read once for all five systems, so that `npm run synth` prints only what still needs a
 * person: the documents' `container_name`s name nothing on Kubernetes (pods are named after the
 * service), `restart: unless-stopped` is what Kubernetes does anyway, `version` is obsolete, and the
 * cluster collects container output whatever `logging` says.
 */
export const READ_WARNINGS: readonly string[] = ['container_name', 'restart', 'version', 'logging'];

/** The system's plan for one environment; its namespace is the system's name. */
export function buildSystemPlan(system: SystemDefinition, environment: string): TranslationPlan {
  const { project, definition } = loadEnvironment(system, environment);
  const imageFacts = environmentImageFacts(system, environment, project);
  return translate(project, {
    namespace: system.name,
    imageFacts,
    options: { imageRegistry: IMAGE_REGISTRY, acknowledge: READ_WARNINGS, ...definition.options },
    ...(system.extend ? { extraObjects: system.extend(environment) } : {}),
  });
}

/**
 * What the environment's images say (its Dockerfiles; with `imagesBuiltIn`, the Dockerfiles of the
 * environment that builds them). `project` is the environment's, when already loaded.
 */
export function environmentImageFacts(system: SystemDefinition, environment: string, project = loadEnvironment(system, environment).project): ProjectImageFacts {
  const facts = readProjectImageFacts(project);
  const builtIn = system.environments[environment]?.imagesBuiltIn;
  return builtIn === undefined ? facts : withBuiltImages(facts, readProjectImageFacts(loadEnvironment(system, builtIn).project));
}

function loadEnvironment(system: SystemDefinition, environment: string): { project: ComposeProject; definition: EnvironmentDefinition } {
  const definition = system.environments[environment];
  if (!definition) throw new Error(`system '${system.name}' has no environment '${environment}'`);
  const project = loadProject({
    files: definition.files.map((file) => path.join(system.directory, file)),
    projectDirectory: system.directory,
    projectName: system.name,
    profiles: definition.profiles ?? [],
    environment: definition.variables ?? {},
  });
  return { project, definition };
}

/** Each service without facts of its own takes the facts of the same service where its image is built. */
function withBuiltImages(facts: ProjectImageFacts, built: ProjectImageFacts): ProjectImageFacts {
  const services = Object.fromEntries(
    Object.entries(facts.services).map(([name, result]) => {
      const there = own(built.services, name);
      return [name, result.facts === undefined && there?.facts ? there : result];
    }),
  );
  return { ...facts, services };
}

/** The plan of every system that has the environment. */
export function buildEnvironment(systems: readonly SystemDefinition[], environment: string): { readonly system: string; readonly plan: TranslationPlan }[] {
  return systems
    .filter((system) => system.environments[environment] !== undefined)
    .map((system) => ({ system: system.name, plan: buildSystemPlan(system, environment) }));
}
