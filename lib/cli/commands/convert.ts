import { join, resolve } from 'node:path';
import { loadProject } from '../../compose/load.ts';
import { readProjectImageFacts } from '../../images/project-facts.ts';
import type { TranslationPlan } from '../../k8s/plan/plan.ts';
import { planYaml, planYamlDocuments, writeFileAtomic } from '../../k8s/output/synth.ts';
import { translate } from '../../k8s/translate.ts';
import { explainWiring } from '../../k8s/networking/wiring/explain.ts';
import { toCreateText } from '../../k8s/plan/to-create.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';
import { formatWarning, loadOptionsFrom, parseCommandArgs, PROJECT_OPTIONS_USAGE, type ProjectArgs } from '../project-args.ts';

/** The flags that change the translation, shared by `convert` and `secrets`. */
export const CHART_FLAGS = { namespace: { type: 'string', short: 'n' }, 'image-registry': { type: 'string' } } as const;

export const CHART_OPTIONS_USAGE = `${PROJECT_OPTIONS_USAGE}
  -n, --namespace NS        Kubernetes namespace (default: the project name)
  --image-registry REG      registry (and path) the built images are pushed to, e.g. registry.example.com/shop:
                            prefixes the image of every service with a build (x-kubernetes imageRegistry)`;

/** Loads the project the arguments name and translates it, as `convert` and `secrets` both need. */
export function planFromArgs(values: ProjectArgs & { readonly 'image-registry'?: string }, io: CliIO): TranslationPlan {
  const project = loadProject(loadOptionsFrom(values, io));
  const registry = values['image-registry'];
  return translate(project, {
    imageFacts: readProjectImageFacts(project),
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(registry !== undefined ? { options: { imageRegistry: registry } } : {}),
  });
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
  --report FILE             write the wiring, the objects to create before applying and the warnings
                            as JSON to FILE

Objects the manifests refer to but neither they nor 'secrets' provide (an external secret, a missing
certificate folder, a ServiceAccount an option names) are listed at the end, with how to create them.

Exit codes: 0 ok, 1 bad input, 2 bad usage.
`;

function run(args: readonly string[], io: CliIO): number {
  const values = parseCommandArgs(args, {
    ...CHART_FLAGS,
    output: { type: 'string', short: 'o' },
    stdout: { type: 'boolean' },
    explain: { type: 'boolean' },
    report: { type: 'string' },
  });
  if ((values.output === undefined) === (values.stdout !== true)) {
    throw new UsageError('give exactly one of -o DIR or --stdout');
  }
  const plan = planFromArgs(values, io);
  for (const warning of plan.warnings) io.stderr(formatWarning(warning));
  if (values.explain) io.stderr(explainWiring(plan.project.name, plan.wiring));
  if (values.report !== undefined) {
    const report = { project: plan.project.name, namespace: plan.namespace, wiring: plan.wiring, toCreate: plan.toCreate, warnings: plan.warnings };
    writeFileAtomic(resolve(io.cwd, values.report), `${JSON.stringify(report, null, 2)}\n`);
  }
  if (values.output === undefined) {
    for (const document of planYamlDocuments(plan)) io.stdout(document);
  } else {
    const file = join(resolve(io.cwd, values.output), `${plan.project.name}.k8s.yaml`);
    writeFileAtomic(file, planYaml(plan));
    io.stderr(`wrote ${file}\n`);
  }
  io.stderr(toCreateText(plan.toCreate));
  return ExitCode.ok;
}

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Translate a Compose project into Kubernetes manifests',
  usage: USAGE,
  run,
};
