/**
 * `convert --format helm`: the plan as a Helm chart (issue 19, item 3). The templates are the
 * manifests `convert` writes, with the fields people change per environment drawn from values.yaml
 * (see value-points.ts); rendered with the default values, the chart is exactly those manifests.
 * Like the manifests, the chart holds no secret value: the Secrets they reference are prerequisites,
 * listed in NOTES.txt and README.md with how to create them.
 */
import { parse } from 'yaml';
import type { TranslationPlan } from '../../plan/plan.ts';
import { toCreateText } from '../../plan/to-create.ts';
import { canonicalKeys, emitCanonicalDocument } from '../canonical-manifest.ts';
import { sortManifests } from '../manifest-order.ts';
import type { OutputFile } from '../atomic-write.ts';
import type { RenderedManifest } from '../yaml-stream.ts';
import { emitYamlDocument, type JsonValue } from '../yaml-emitter.ts';
import { helpersTemplate, templateText } from './template-file.ts';
import { at, valuePoints, type ValuePoint } from './value-points.ts';

type JsonObject = { readonly [key: string]: JsonValue };

/** What the chart is made of: the plan, with each object as the document `convert` writes. */
export type ChartPlan = Pick<TranslationPlan<JsonObject>, 'entries' | 'namespace' | 'serviceNames' | 'madeFrom' | 'secrets' | 'toCreate'> & {
  readonly project: { readonly name: string };
};

export const CHART_VERSION = '0.1.0';

/** The plan `convert` renders, each object read back from the exact text it writes. */
export function chartPlanOfRendered(plan: TranslationPlan<RenderedManifest>): ChartPlan {
  return { ...plan, entries: plan.entries.map((entry) => ({ ...entry, manifest: parse(entry.manifest.yaml().toString('utf8')) as JsonObject })) };
}

/** A plan of objects (`translate`, the charts of dist/), each as the text `convert` would write. */
export function chartPlanOf(plan: TranslationPlan): ChartPlan {
  return { ...plan, entries: plan.entries.map((entry) => ({ ...entry, manifest: parse(emitCanonicalDocument(entry.manifest)) as JsonObject })) };
}

/** Every file of the chart, paths relative to the chart's directory. */
export function helmChartFiles(plan: ChartPlan): OutputFile[] {
  const chart = plan.project.name;
  const values: Record<string, JsonValue> = {};
  const objects = sortManifests(plan.entries.map((entry) => ({ ...entry, kind: entry.manifest['kind'], metadata: { name: at(entry.manifest, ['metadata', 'name']) } })));
  const templates = objects.map((entry) => {
    if (entry.manifest['kind'] === 'Secret') throw new Error('internal: a Secret among the planned objects would put its payload into the chart');
    const points = valuePoints({ manifest: entry.manifest, services: entry.services, serviceNames: plan.serviceNames, ...(plan.madeFrom ? { madeFrom: plan.madeFrom } : {}) }).filter((point) => bind(values, point));
    return { path: `templates/${String(entry.kind).toLowerCase()}-${String(entry.metadata.name)}.yaml`, content: templateText(entry.manifest, points, chart) };
  });
  const prerequisites = prerequisitesText(plan);
  return [
    { path: 'Chart.yaml', content: emitYamlDocument(chartMetadata(chart)) },
    { path: 'values.yaml', content: `${VALUES_HEADER}${emitYamlDocument(sortedKeys(values), canonicalKeys)}` },
    { path: '.helmignore', content: HELMIGNORE },
    { path: 'README.md', content: readme(plan, prerequisites) },
    { path: 'templates/_helpers.tpl', content: helpersTemplate(chart) },
    { path: 'templates/NOTES.txt', content: notes(plan, prerequisites).replaceAll('{{', '{{ "{{" }}') },
    ...templates,
  ];
}

function sortedKeys(values: Record<string, JsonValue>): JsonObject {
  return Object.fromEntries(Object.keys(values).sort().map((key) => [key, values[key]!]));
}

function chartMetadata(chart: string): JsonObject {
  return {
    apiVersion: 'v2',
    name: chart,
    description: `The ${chart} Compose project, converted by cdk8s-compose`,
    type: 'application',
    version: CHART_VERSION,
    appVersion: CHART_VERSION,
  };
}

/**
 * Puts the point's default value into the values; false when another object already put a
 * different one there (that field then stays literal, so the defaults still render the plan).
 */
function bind(values: Record<string, JsonValue>, point: ValuePoint): boolean {
  let current: Record<string | number, JsonValue> = values;
  const steps = point.values;
  for (let index = 0; index < steps.length - 1; index++) {
    const step = steps[index]!;
    const next = current[step];
    if (next === undefined) current[step] = typeof steps[index + 1] === 'number' ? [] : {};
    else if (typeof next !== 'object' || next === null) return false;
    current = current[step] as Record<string | number, JsonValue>;
  }
  const last = steps[steps.length - 1]!;
  if (current[last] === undefined) {
    current[last] = point.value;
    return true;
  }
  return JSON.stringify(current[last]) === JSON.stringify(point.value);
}

const VALUES_HEADER = `# What changes per environment, per compose service (services.<name>): the image (repository,
# tag, digest), replicas, resources (requests/limits, added when set), the exposure (service.type of
# its own Service: ClusterIP, NodePort or LoadBalancer; publicService.type of the one that publishes its
# ports: LoadBalancer or NodePort), ingress (className, hosts by rule, tls), and persistence.<claim>
# (size, storageClass) of its claims; volumes.<claim> holds the claims shared by several services.
# An empty storageClass or className leaves the field out (the cluster's default). Quote tags
# ("1.10"): YAML reads 1.10 as a number. Everything else is in the templates, as convert writes it.
`;

const HELMIGNORE = ['.DS_Store', '.git/', '.gitignore', '*.swp', '*.bak', '*.tmp', '*.orig', '*~', '.idea/', '.vscode/', ''].join('\n');

/** The Secrets the manifests reference and the other objects to create first, as `convert` lists them. */
function prerequisitesText(plan: ChartPlan): string {
  const secrets = [...plan.secrets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = secrets.length === 0 ? [] : [
    `The manifests reference ${secrets.length === 1 ? 'this Secret' : `these ${secrets.length} Secrets`}, which the chart does not hold (no secret value is in it):`,
    ...secrets.map((secret) => `  Secret ${secret.name} (keys: ${Object.keys(secret.stringData).sort().join(', ')})`),
    `Create them in namespace ${plan.namespace} first, e.g. with the project's secret files at hand:`,
    `  cdk8s-compose secrets -f <compose files> | kubectl apply -f -`,
    `(see cdk8s-compose secrets --help for the forms a GitOps repository can hold).`,
  ];
  const others = toCreateText(plan.toCreate);
  return [...lines, ...(others === '' ? [] : [others.trimEnd()])].join('\n');
}

function notes(plan: ChartPlan, prerequisites: string): string {
  const head = `${plan.project.name} is installed in namespace ${plan.namespace} (the manifests name it; --namespace does not move them).`;
  return `${head}\n${prerequisites === '' ? '' : `\n${prerequisites}\n`}`;
}

function readme(plan: ChartPlan, prerequisites: string): string {
  return `# ${plan.project.name}

A Helm chart written by \`cdk8s-compose convert --format helm\` from the ${plan.project.name} Compose project.
With its default values, \`helm template\` renders exactly the manifests \`cdk8s-compose convert\` writes.
The objects carry namespace ${plan.namespace} themselves (the chart includes the Namespace).

## Values

values.yaml holds what changes per environment, per compose service under \`services.<name>\`:
\`image\` (repository, tag, digest), \`replicas\`, \`resources\`, \`service.type\` and \`publicService.type\`, \`ingress\` (className,
hosts, tls) and \`persistence.<claim>\` (size, storageClass). Claims shared by several services are under
\`volumes.<claim>\`. Everything else is in the templates, as \`convert\` writes it: convert again to change it.

## Before installing
${prerequisites === '' ? '\nNothing: the manifests reference no object they do not contain.\n' : `\n\`\`\`text\n${prerequisites}\n\`\`\`\n`}`;
}
