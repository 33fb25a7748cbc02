/**
 * `convert`'s outputs beyond one YAML stream (issue 19): a Helm chart (`--format helm`), a
 * kustomization beside the manifests (`--kustomize`), and a base with one overlay per environment
 * (`--kustomize --overlay prod=compose.prod.yaml`). The work is in lib/k8s/output/helm and
 * lib/k8s/output/kustomize; this is the flags and the files.
 */
import { resolve } from 'node:path';
import type { Diagnostic } from '../../compose/model.ts';
import { isDescriptorName } from '../../compose/read/input-files.ts';
import type { TranslationPlan } from '../../k8s/plan/plan.ts';
import { helmChartFiles, chartPlanOfRendered } from '../../k8s/output/helm/chart.ts';
import { replaceOutputDirectory } from '../../k8s/output/output-directory.ts';
import { writeFileAtomic } from '../../k8s/output/synth.ts';
import { kustomizationText } from '../../k8s/output/kustomize/kustomization.ts';
import { overlayFiles } from '../../k8s/output/kustomize/overlays.ts';
import { yamlDocuments, type RenderedManifest } from '../../k8s/output/yaml-stream.ts';
import { UsageError, type CliIO } from '../io.ts';
import { isOutputFile, type ProjectArgs } from '../project-args.ts';

export const FORMAT_FLAGS = {
  format: { type: 'string' },
  kustomize: { type: 'boolean' },
  overlay: { type: 'string', multiple: true },
} as const;

export const FORMAT_USAGE = `  --format yaml|helm        yaml (default): the manifests; helm: a Helm chart in DIR (-o DIR), whose
                            values are each service's image, replicas, resources, Service type,
                            ingress and storage, and whose defaults render exactly the manifests
  --kustomize               with -o DIR: DIR/<project>.k8s.yaml and DIR/kustomization.yaml
  --overlay ENV=FILE        with --kustomize (repeatable): DIR/base from the -f files and
                            DIR/overlays/ENV patching it into what -f ... -f FILE converts to`;

type RenderedPlan = TranslationPlan<RenderedManifest>;

export interface FormatChoice {
  readonly helm: boolean;
  readonly kustomize: boolean;
  readonly overlays: readonly { readonly name: string; readonly file: string }[];
}

interface FormatValues extends ProjectArgs {
  readonly format?: string;
  readonly kustomize?: boolean;
  readonly overlay?: string[];
  readonly stdout?: boolean;
}

const ENVIRONMENT = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The output the flags ask for; undefined for the plain YAML stream. Bad combinations are usage errors. */
export function formatChoice(values: FormatValues, cwd: string): FormatChoice | undefined {
  const format = (values.format ?? 'yaml').toLowerCase();
  if (format !== 'yaml' && format !== 'helm') throw new UsageError(`--format is yaml or helm, not '${values.format}'`);
  const helm = format === 'helm';
  const kustomize = values.kustomize === true;
  const overlays = (values.overlay ?? []).map((overlay) => {
    const [name, ...file] = overlay.split('=');
    if (!name || !ENVIRONMENT.test(name) || file.join('=') === '') throw new UsageError(`--overlay takes ENV=FILE with ENV a lowercase name, not '${overlay}'`);
    return { name, file: file.join('=') };
  });
  if (!helm && !kustomize) {
    if (overlays.length > 0) throw new UsageError('--overlay needs --kustomize');
    return undefined;
  }
  if (helm && kustomize) throw new UsageError('give --format helm or --kustomize, not both');
  if (values.output === undefined || values.stdout) throw new UsageError(`${helm ? '--format helm' : '--kustomize'} writes a directory: give -o DIR`);
  // Nor an existing file: a directory swapped into place would replace it (/dev/null, run as root).
  if (isOutputFile(resolve(cwd, values.output))) throw new UsageError(`-o names a directory with ${helm ? '--format helm' : '--kustomize'}, not a file`);
  if (new Set(overlays.map((overlay) => overlay.name)).size !== overlays.length) throw new UsageError('each --overlay needs its own ENV');
  // Each overlay loads the files again: standard input, or a pipe (`-f <(…)`), can be read only once.
  if (overlays.length > 0 && values.file?.some((file) => file === '-' || isDescriptorName(resolve(cwd, file)))) {
    throw new UsageError("--overlay needs compose files, not '-f -' or a file descriptor's name (read only once)");
  }
  return { helm, kustomize, overlays };
}

/**
 * The plan of each overlay: the -f files (or the default ones) followed by the overlay's file, as
 * `docker compose -f compose.yaml -f compose.prod.yaml` merges them.
 */
export function overlayPlans(
  choice: FormatChoice | undefined,
  values: FormatValues,
  base: RenderedPlan,
  planOf: (files: string[]) => RenderedPlan,
): { readonly name: string; readonly plan: RenderedPlan }[] {
  if (!choice || choice.overlays.length === 0) return [];
  const files = values.file ?? [...base.project.composeFiles];
  return choice.overlays.map(({ name, file }) => ({ name, plan: planOf([...files, file]) }));
}

/** The warnings of the base and of every overlay, for one presentation (which shows each once). */
export function allWarnings(base: RenderedPlan, overlays: readonly { readonly plan: RenderedPlan }[]): Diagnostic[] {
  return [...base.warnings, ...overlays.flatMap((overlay) => overlay.plan.warnings)];
}

/** Writes what `choice` asks for under -o DIR and says so on stderr. */
export function writeFormat(choice: FormatChoice, values: FormatValues, base: RenderedPlan, overlays: readonly { readonly name: string; readonly plan: RenderedPlan }[], io: CliIO): void {
  const dir = resolve(io.cwd, values.output!);
  if (choice.helm) {
    replaceOutputDirectory(dir, helmChartFiles(chartPlanOfRendered(base)), 'Chart.yaml', 'Helm chart');
    io.stderr(`wrote the Helm chart ${dir}\n`);
    return;
  }
  const stream = `${base.project.name}.k8s.yaml`;
  if (overlays.length === 0) {
    writeFileAtomic(resolve(dir, stream), yamlDocuments(base.entries.map((entry) => entry.manifest)));
    writeFileAtomic(resolve(dir, 'kustomization.yaml'), kustomizationText({ resources: [stream] }));
    io.stderr(`wrote ${resolve(dir, stream)} and ${resolve(dir, 'kustomization.yaml')}\n`);
    return;
  }
  const files = overlayFiles(stream, base, overlays);
  replaceOutputDirectory(dir, files, 'base/kustomization.yaml', 'kustomize base and overlays');
  io.stderr(`wrote ${dir}/base and ${overlays.map((overlay) => `${dir}/overlays/${overlay.name}`).join(', ')}\n`);
}
