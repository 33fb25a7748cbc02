import { join, resolve } from 'node:path';
import { loadProject } from '../../compose/load.ts';
import { selectServices } from '../../compose/select-services.ts';
import { readProjectImageFacts } from '../../images/project-facts.ts';
import { planManifests, type KubernetesManifest, type TranslationPlan } from '../../k8s/plan/plan.ts';
import { YamlSpool, yamlDocuments } from '../../k8s/output/yaml-stream.ts';
import { translateKeeping } from '../../k8s/translate.ts';
import { explainWiring } from '../../k8s/networking/wiring/explain.ts';
import { toCreateText } from '../../k8s/plan/to-create.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';
import { outputTarget, writeOutput } from '../output-target.ts';
import { isOutputFile, loadOptionsFrom, parseCommandLine, PROJECT_OPTIONS_USAGE, type ProjectArgs } from '../project-args.ts';
import { presentWarnings, type WarningsFormat } from '../warnings.ts';
import { DiagramOutput } from '../diagram-output.ts';
import { convertEach } from './convert-each.ts';
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
       cdk8s-compose convert --each -o DIR [options] DIR|@LIST...

Translates a Compose project into Kubernetes manifests: one multi-document YAML stream with a
Namespace, workloads, Services, claims, ConfigMaps and NetworkPolicies. Secrets are referenced, not
written: print them with 'cdk8s-compose secrets'. Warnings (what was not translated) go to stderr.

Options:
${CHART_OPTIONS_USAGE}
  -o, --output FILE|DIR     write FILE when it ends in .yaml/.yml or is an existing file, else
                            DIR/<project>.k8s.yaml (atomically: the old file stays on failure; a
                            symlink's target); a device or FIFO (/dev/null, /dev/stdout, >(cmd))
                            is written into, never replaced; with '-' or without -o the manifests
                            go to standard output
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
                            as JSON to FILE (as -o writes one; '-': standard output, with -o)
  --diagram FILE|-          draw the converted stack as a Mermaid flowchart into FILE (FILE.md: a
                            Markdown file with a mermaid block), or instead of the manifests to
                            standard output with '-': workloads, Services and their ports, claims,
                            ConfigMaps and Secrets used, Ingress routes, and who the NetworkPolicies
                            let connect to whom
  --each                    the operands are project directories (DIR, or @LIST: a file naming one a
                            line), each converted into -o DIR/<project>/ (see below)

Objects the manifests refer to but neither they nor 'secrets' provide (an external secret, a missing
certificate folder, a ServiceAccount an option names) are listed at the end, with how to create them.

--each converts many projects in one process: each DIR (or each line of the file LIST) is a
project directory, converted as 'cd DIR && cdk8s-compose convert -o OUT/<project>' would, into
OUT/<project>/<project>.k8s.yaml. Its lines on stderr start with 'DIR: '; a failing project prints
one 'error:' line and the others are still written; exit code 1 when any failed. -f, -p, -n,
--project-directory, --env-file, --stdout, --report, --diagram, --format, --kustomize and --overlay
name one project's output: not with --each.

SERVICE... converts only those services and the ones they depend on, as 'docker compose up' starts them.

Warnings a person has read can be acknowledged in the compose file: x-kubernetes: {acknowledge:
[restart, container_name]} at the top level or in a service.

Exit codes: 0 ok, 1 bad input (or a warning with --strict), 2 bad usage.
`;

/** Where -o points: a file (see `isOutputFile`) or a directory for <project>.k8s.yaml. */
function outputFile(output: string, io: CliIO, project: string): string {
  const target = resolve(io.cwd, output);
  return isOutputFile(target) ? target : join(target, `${project}.k8s.yaml`);
}

const CONVERT_FLAGS = {
  ...CHART_FLAGS,
  output: { type: 'string', short: 'o' },
  stdout: { type: 'boolean' },
  explain: { type: 'boolean' },
  report: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  strict: { type: 'boolean' },
  'warnings-format': { type: 'string' },
  each: { type: 'boolean' },
  diagram: { type: 'string' },
  ...FORMAT_FLAGS,
} as const;

export type ConvertValues = ReturnType<typeof parseCommandLine<typeof CONVERT_FLAGS>>['values'];

function warningsFormat(values: ConvertValues): WarningsFormat {
  const format = (values['warnings-format'] ?? 'text').toLowerCase();
  if (format !== 'text' && format !== 'json') throw new UsageError(`--warnings-format is text or json, not '${values['warnings-format']}'`);
  return format;
}

function run(args: readonly string[], io: CliIO): number {
  const parsed = parseCommandLine(args, CONVERT_FLAGS);
  const positionals = parsed.positionals;
  if (parsed.values.output !== undefined && parsed.values.stdout === true) throw new UsageError('give -o or --stdout, not both');
  if (parsed.values.output === '-' && parsed.values.diagram === '-') throw new UsageError('-o - and --diagram - both name standard output; give one a file');
  // `-o -` is standard output, as for most tools: the default.
  const values = parsed.values.output === '-' ? { ...parsed.values, output: undefined } : parsed.values;
  checkStandardOutput(values);
  // Settled before the project is loaded, as -o is.
  if (values.report !== undefined) outputTarget('--report', values.report, io.cwd);
  if (values.diagram !== undefined) outputTarget('--diagram', values.diagram, io.cwd);
  warningsFormat(values);
  if (values.each) return convertEach(values, positionals, io, convertProject);
  return convertProject(values, positionals, io);
}

/** Only one output can go to standard output; the manifests take it unless -o, a format or `--diagram -` does. */
function checkStandardOutput(values: ConvertValues): void {
  if (values.report !== '-') return;
  const manifestsToStdout = values.output === undefined && values.diagram !== '-';
  if (manifestsToStdout || values.diagram === '-') throw new UsageError(`--report -: standard output already carries the ${manifestsToStdout ? 'manifests' : 'diagram'}; give -o, or a file`);
}

/**
 * Converts the project the values name (only `services` and their dependencies when given). The
 * output goes where -o says, or into `outputOf(project name)` when given (`--each`).
 */
export function convertProject(values: ConvertValues, services: readonly string[], io: CliIO, outputOf?: (project: string) => string): number {
  // Each object is YAML text in the spill file as soon as it is planned: the estate is never held as objects or text.
  const spool = new YamlSpool();
  try {
    return convertInto(spool, values, services, io, outputOf);
  } finally {
    spool.close();
  }
}

function convertInto(spool: YamlSpool, values: ConvertValues, services: readonly string[], io: CliIO, outputOf?: (project: string) => string): number {
  const format = warningsFormat(values);
  const chosen = formatChoice(values, io.cwd);
  const diagram = values.diagram === undefined ? undefined : new DiagramOutput(values.diagram);
  const render = spool.render;
  const plan = planKeeping(values, io, diagram ? diagram.keeping(render) : render, services);
  const overlays = overlayPlans(chosen, values, plan, (file) => planKeeping({ ...values, file }, io, render, services));
  const warnings = allWarnings(plan, overlays);
  if (!values.quiet) presentWarnings(warnings, io, format);
  if (values.strict && warnings.length > 0) {
    io.stderr(`error: ${warnings.length} warning${warnings.length === 1 ? '' : 's'} with --strict; nothing written (acknowledge read ones with x-kubernetes.acknowledge)\n`);
    return ExitCode.badInput;
  }
  if (values.explain) io.stderr(explainWiring(plan.project.name, plan.wiring));
  if (values.report !== undefined) {
    const report = { project: plan.project.name, namespace: plan.namespace, wiring: plan.wiring, toCreate: plan.toCreate, warnings: plan.warnings };
    writeOutput(outputTarget('--report', values.report, io.cwd), `${JSON.stringify(report, null, 2)}\n`, io);
  }
  diagram?.write(plan.project.name, io);
  const documents = yamlDocuments(planManifests(plan));
  const output = outputOf ? outputOf(plan.project.name) : values.output;
  if (chosen) {
    writeFormat(chosen, values, plan, overlays, io);
  } else if (output === undefined) {
    if (!diagram?.toStdout) writeOutput({ kind: 'standard-output' }, documents, io);
  } else {
    io.stderr(`wrote ${writeOutput(outputTarget('-o', outputFile(output, io, plan.project.name), io.cwd), documents, io)}\n`);
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
