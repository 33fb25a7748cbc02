import { join, resolve } from 'node:path';
import { loadProject } from '../../compose/load.ts';
import { readProjectImageFacts } from '../../images/project-facts.ts';
import { planManifests, type KubernetesManifest, type TranslationPlan } from '../../k8s/plan/plan.ts';
import { YamlRenderer, yamlDocuments } from '../../k8s/output/yaml-stream.ts';
import { writeFileAtomicFrom } from '../../k8s/output/write-stream.ts';
import { translateKeeping } from '../../k8s/translate.ts';
import { explainWiring } from '../../k8s/networking/wiring/explain.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';
import { formatWarning, loadOptionsFrom, parseCommandArgs, PROJECT_OPTIONS_USAGE, type ProjectArgs } from '../project-args.ts';

export const NAMESPACE_OPTION = { namespace: { type: 'string', short: 'n' } } as const;

export const CHART_OPTIONS_USAGE = `${PROJECT_OPTIONS_USAGE}
  -n, --namespace NS        Kubernetes namespace (default: the project name)`;

/** Loads the project the arguments name and translates it, as `convert` and `secrets` both need. */
export function planFromArgs(values: ProjectArgs & { readonly namespace?: string }, io: CliIO): TranslationPlan {
  return planKeeping(values, io, (manifest) => manifest);
}

/** `planFromArgs`, each planned object kept as `keep` makes it (see `translateKeeping`). */
function planKeeping<Kept>(values: ProjectArgs & { readonly namespace?: string }, io: CliIO, keep: (manifest: KubernetesManifest) => Kept): TranslationPlan<Kept> {
  const project = loadProject(loadOptionsFrom(values, io));
  const settings = { imageFacts: readProjectImageFacts(project), ...(values.namespace ? { namespace: values.namespace } : {}) };
  return translateKeeping(project, settings, keep);
}

const USAGE = `Usage: cdk8s-compose convert [-f FILE]... (-o DIR | --stdout) [options]

Translates a Compose project into Kubernetes manifests: one multi-document YAML stream with a
Namespace, workloads, Services, claims, ConfigMaps and NetworkPolicies. Secrets are referenced, not
written: print them with 'cdk8s-compose secrets'. Warnings (what was not translated) go to stderr.

Options:
${CHART_OPTIONS_USAGE}
  -o, --output DIR          write DIR/<project>.k8s.yaml (atomically: the old file stays on failure)
  --stdout                  print the manifests to standard output
  --explain                 print the stack's wiring to stderr: per service the names it answers to,
                            its ports and why, and every reference to another service (resolved,
                            rewritten or unresolved)

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

function run(args: readonly string[], io: CliIO): number {
  const values = parseCommandArgs(args, {
    ...NAMESPACE_OPTION,
    output: { type: 'string', short: 'o' },
    stdout: { type: 'boolean' },
    explain: { type: 'boolean' },
  });
  if ((values.output === undefined) === (values.stdout !== true)) {
    throw new UsageError('give exactly one of -o DIR or --stdout');
  }
  // Each object is YAML text as soon as it is planned: the estate is never held as objects.
  const plan = planKeeping(values, io, new YamlRenderer().render);
  for (const warning of plan.warnings) io.stderr(formatWarning(warning));
  if (values.explain) io.stderr(explainWiring(plan.project.name, plan.wiring));
  const documents = yamlDocuments(planManifests(plan));
  if (values.output === undefined) {
    for (const piece of documents) io.stdout(piece.toString('utf8'));
  } else {
    const file = join(resolve(io.cwd, values.output), `${plan.project.name}.k8s.yaml`);
    writeFileAtomicFrom(file, documents);
    io.stderr(`wrote ${file}\n`);
  }
  return ExitCode.ok;
}

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Translate a Compose project into Kubernetes manifests',
  usage: USAGE,
  run,
};
