import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadProject } from '../../compose/load.ts';
import { selectServices } from '../../compose/select-services.ts';
import { readProjectImageFacts } from '../../images/project-facts.ts';
import { planManifests, type KubernetesManifest, type TranslationPlan } from '../../k8s/plan/plan.ts';
import { YamlRenderer, yamlDocuments } from '../../k8s/output/yaml-stream.ts';
import { writeFileAtomic } from '../../k8s/output/synth.ts';
import { translateKeeping } from '../../k8s/translate.ts';
import { explainWiring } from '../../k8s/networking/wiring/explain.ts';
import { toCreateText } from '../../k8s/plan/to-create.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';
import { loadOptionsFrom, parseCommandLine, PROJECT_OPTIONS_USAGE, type ProjectArgs } from '../project-args.ts';
import { presentWarnings } from '../warnings.ts';
import { allWarnings, formatChoice, FORMAT_FLAGS, FORMAT_USAGE, overlayPlans, writeFormat } from './convert-formats.ts';

/** The flags that change the translation, shared by `convert` and `secrets`. */
export const CHART_FLAGS = { namespace: { type: 'string', short: 'n' }, 'image-registry': { type: 'string' } } as const;

export const CHART_OPTIONS_USAGE = `${PROJECT_OPTIONS_USAGE}
  -n, --namespace NS        Kubernetes namespace (default: the project name)
  --image-registry REG      registry (and path) the built images are pushed to, e.g. registry.example.com/shop:
                            prefixes the image of every service with a build (x-kubernetes imageRegistry)`;

/** Loads the project the arguments name and translates it, as `convert` and `secrets` both need. */
export function planFromArgs(values: ProjectArgs & { readonly 'image-registry'?: string }, io: CliIO): TranslationPlan {
  return planKeeping(values, io, (manifest) => manifest);
}

/** `planFromArgs`, each planned object kept as `keep` makes it (see `translateKeeping`). */
function planKeeping<Kept>(
  values: ProjectArgs & { readonly 'image-registry'?: string },
  io: CliIO,
  keep: (manifest: KubernetesManifest) => Kept,
  services: readonly string[] = [],
): TranslationPlan<Kept> {
  const project = selectServices(loadProject(loadOptionsFrom(values, io)), services);
  const registry = values['image-registry'];
  const settings = {
    imageFacts: readProjectImageFacts(project),
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(registry !== undefined ? { options: { imageRegistry: registry } } : {}),
  };
  return translateKeeping(project, settings, keep);
}

const USAGE = `Usage: cdk8s-compose convert [-f FILE]... [-o FILE|DIR] [options] [SERVICE...]

Translates a Compose project into Kubernetes manifests: one multi-document YAML stream with a
Namespace, workloads, Services, claims, ConfigMaps and NetworkPolicies. Secrets are referenced, not
written: print them with 'cdk8s-compose secrets'. Warnings (what was not translated) go to stderr.

Options:
${CHART_OPTIONS_USAGE}
  -o, --output FILE|DIR     write FILE when it ends in .yaml/.yml or is an existing file, else
                            DIR/<project>.k8s.yaml (atomically: the old file stays on failure);
                            without -o the manifests go to standard output
  --stdout                  print the manifests to standard output (the default)
${FORMAT_USAGE}
  -q, --quiet               print no warnings
  --strict                  fail (exit 1, nothing written) when there is any warning
  --warnings-format FORMAT  text (default: each once, by file and line, a repeated one on one line)
                            or json
  --explain                 print the stack's wiring to stderr: per service the names it answers to,
                            its ports and why, and every reference to another service (resolved,
                            rewritten or unresolved)
  --report FILE             write the wiring, the objects to create before applying and the warnings
                            as JSON to FILE

Objects the manifests refer to but neither they nor 'secrets' provide (an external secret, a missing
certificate folder, a ServiceAccount an option names) are listed at the end, with how to create them.

SERVICE... converts only those services and the ones they depend on, as 'docker compose up' starts them.

Warnings a person has read can be acknowledged in the compose file: x-kubernetes: {acknowledge:
[restart, container_name]} at the top level or in a service.

Exit codes: 0 ok, 1 bad input (or a warning with --strict), 2 bad usage.
`;

/** Where -o points: a file (ends in .yaml/.yml, or is one already) or a directory for <project>.k8s.yaml. */
function outputFile(output: string, io: CliIO, project: string): string {
  const target = resolve(io.cwd, output);
  if (/\.ya?ml$/i.test(target) || (existsSync(target) && !statSync(target).isDirectory())) return target;
  return join(target, `${project}.k8s.yaml`);
}

function run(args: readonly string[], io: CliIO): number {
  const { values, positionals } = parseCommandLine(args, {
    ...CHART_FLAGS,
    output: { type: 'string', short: 'o' },
    stdout: { type: 'boolean' },
    explain: { type: 'boolean' },
    report: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    strict: { type: 'boolean' },
    'warnings-format': { type: 'string' },
    ...FORMAT_FLAGS,
  });
  if (values.output !== undefined && values.stdout === true) throw new UsageError('give -o or --stdout, not both');
  const format = (values['warnings-format'] ?? 'text').toLowerCase();
  if (format !== 'text' && format !== 'json') throw new UsageError(`--warnings-format is text or json, not '${values['warnings-format']}'`);
  const chosen = formatChoice(values);
  // Each object is YAML text as soon as it is planned: the estate is never held as objects.
  const renderer = new YamlRenderer();
  const plan = planKeeping(values, io, renderer.render, positionals);
  const overlays = overlayPlans(chosen, values, plan, (file) => planKeeping({ ...values, file }, io, renderer.render, positionals));
  const warnings = allWarnings(plan, overlays);
  if (!values.quiet) presentWarnings(warnings, io, format);
  if (values.strict && warnings.length > 0) {
    io.stderr(`error: ${warnings.length} warning${warnings.length === 1 ? '' : 's'} with --strict; nothing written (acknowledge read ones with x-kubernetes.acknowledge)\n`);
    return ExitCode.badInput;
  }
  if (values.explain) io.stderr(explainWiring(plan.project.name, plan.wiring));
  if (values.report !== undefined) {
    const report = { project: plan.project.name, namespace: plan.namespace, wiring: plan.wiring, toCreate: plan.toCreate, warnings: plan.warnings };
    writeFileAtomic(resolve(io.cwd, values.report), `${JSON.stringify(report, null, 2)}\n`);
  }
  const documents = yamlDocuments(planManifests(plan));
  if (chosen) {
    writeFormat(chosen, values, plan, overlays, io);
  } else if (values.output === undefined) {
    for (const piece of documents) io.stdout(piece.toString('utf8'));
  } else {
    const file = outputFile(values.output, io, plan.project.name);
    writeFileAtomic(file, documents);
    io.stderr(`wrote ${file}\n`);
  }
  io.stderr(toCreateText(plan.toCreate));
  if (!values.quiet && plan.acknowledgedWarnings > 0) io.stderr(`(${plan.acknowledgedWarnings} acknowledged warning${plan.acknowledgedWarnings === 1 ? '' : 's'} not shown)\n`);
  return ExitCode.ok;
}

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Translate a Compose project into Kubernetes manifests',
  usage: USAGE,
  run,
};
