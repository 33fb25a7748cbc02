/**
 * A stack graph as a Mermaid flowchart (`convert --diagram`), which GitHub, GitLab and most
 * Markdown viewers draw. Same graph, same text: node ids come from the names, every list is sorted.
 *
 *   Ingress {{ }} ──host/path──▶ Service ([ports]) ──▶ workload [ ]
 *   workload ┈┈▶ claim [( )], ConfigMap [/ /], Secret [\ \]
 *   source ══ports══▶ workload: who the NetworkPolicies let connect; a compose network is one
 *   (( )) node, and `<==>` marks a member that its fellow members may connect to
 */
import type { Admission, Source, StackGraph, Workload } from './graph.ts';
import { selects } from './graph.ts';

const NETWORK_LABEL = /^network\.cdk8s-compose\.io\/(.+)=true$/;

/** Mermaid ids: letters, digits and `_`; a name that maps onto a taken id gets a numbered one. */
class NodeIds {
  private readonly ids = new Map<string, string>();
  private readonly taken = new Set<string>();

  id(prefix: string, name: string): string {
    const key = `${prefix}\n${name}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const base = `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.ids.set(key, id);
    return id;
  }
}

/** Text inside `"…"`: Mermaid reads entity codes, so quotes and markup cannot end the label. */
function text(value: string): string {
  return value.replace(/[&"<>#]/g, (character) => `#${character.charCodeAt(0)};`);
}

const label = (...lines: string[]): string => `"${lines.map(text).join('<br/>')}"`;

const WORKLOAD_PREFIX: Readonly<Record<Workload['kind'], string>> = {
  Deployment: 'deploy',
  StatefulSet: 'sts',
  DaemonSet: 'ds',
  Job: 'job',
  CronJob: 'cronjob',
};

export function mermaidDiagram(graph: StackGraph, title: string): string {
  const ids = new NodeIds();
  const nodes: string[] = [];
  const edges: string[] = [];
  const workloadIds = new Map(graph.workloads.map((workload) => [workload.name, ids.id(WORKLOAD_PREFIX[workload.kind], workload.name)]));
  const secrets = new Set<string>();
  const claims = new Set(graph.claims);
  const configMaps = new Set(graph.configMaps);

  for (const workload of graph.workloads) {
    const id = workloadIds.get(workload.name)!;
    nodes.push(`${id}[${label(workload.name, workload.kind)}]`);
    for (const claim of workload.claims) {
      claims.add(claim);
      edges.push(`${id} -.-> ${ids.id('pvc', claim)}`);
    }
    for (const template of workload.claimTemplates) {
      nodes.push(`${ids.id('pvct', `${workload.name}-${template}`)}[(${label(`PVC ${template}`, 'one per pod')})]`);
      edges.push(`${id} -.-> ${ids.id('pvct', `${workload.name}-${template}`)}`);
    }
    for (const configMap of workload.configMaps) {
      configMaps.add(configMap);
      edges.push(`${id} -.-> ${ids.id('cm', configMap)}`);
    }
    for (const secret of workload.secrets) {
      secrets.add(secret);
      edges.push(`${id} -.-> ${ids.id('secret', secret)}`);
    }
  }
  for (const claim of [...claims].sort()) nodes.push(`${ids.id('pvc', claim)}[(${label(`PVC ${claim}`)})]`);
  for (const configMap of [...configMaps].sort()) nodes.push(`${ids.id('cm', configMap)}[/${label(`ConfigMap ${configMap}`)}/]`);
  for (const secret of [...secrets].sort()) nodes.push(`${ids.id('secret', secret)}[\\${label(`Secret ${secret}`)}\\]`);

  for (const service of graph.services) {
    const id = ids.id('svc', service.name);
    nodes.push(`${id}([${label(`Service ${service.name}`, ...(service.type === 'ClusterIP' ? [] : [service.type]), ...service.ports)}])`);
    for (const workload of graph.workloads) {
      if (service.selector && selects({ matchLabels: service.selector }, workload.podLabels)) edges.push(`${id} --> ${workloadIds.get(workload.name)}`);
    }
  }
  const ingresses = [...new Set(graph.routes.map((route) => route.ingress))];
  for (const ingress of ingresses) nodes.push(`${ids.id('ing', ingress)}{{${label(`Ingress ${ingress}`)}}}`);
  for (const route of graph.routes) edges.push(`${ids.id('ing', route.ingress)} -->|${label(route.match)}| ${ids.id('svc', route.service)}`);

  const outside = networkEdges(graph, ids, workloadIds, nodes, edges);
  const lines = [
    'flowchart LR',
    `  %% ${text(title)}`,
    ...outside.map((node) => `  ${node}`),
    `  subgraph ${ids.id('ns', graph.namespace ?? 'namespace')}[${label(`namespace ${graph.namespace ?? '(default)'}`)}]`,
    ...nodes.map((node) => `    ${node}`),
    '  end',
    ...edges.map((edge) => `  ${edge}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The NetworkPolicy edges. Sources outside the namespace are returned (drawn outside its box); a
 * pod selector that names one workload is an edge from it, any other (a compose network) a node.
 */
function networkEdges(graph: StackGraph, ids: NodeIds, workloadIds: ReadonlyMap<string, string>, nodes: string[], edges: string[]): string[] {
  const outside = new Map<string, string>();
  const groups = new Map<string, { readonly id: string; readonly members: readonly Workload[] }>();
  const admitted = new Set<string>();
  const portLabel = (admission: Admission): string => (admission.ports === 'any port' ? '' : `|${label(admission.ports)}|`);
  for (const admission of graph.admissions) {
    const target = workloadIds.get(admission.target)!;
    const source = admission.source;
    if (source.type === 'outside') {
      const id = ids.id('from', source.label);
      outside.set(id, `${id}>${label(source.label)}]`);
      edges.push(`${id} ==>${portLabel(admission)} ${target}`);
      continue;
    }
    const members = graph.workloads.filter((workload) => selects({ matchLabels: source.labels }, workload.podLabels));
    if (members.length === 1 && !NETWORK_LABEL.test(source.selector)) {
      if (members[0]!.name !== admission.target) edges.push(`${workloadIds.get(members[0]!.name)} ==>${portLabel(admission)} ${target}`);
      continue;
    }
    const group = groupOf(source, groups, ids, members, nodes);
    const isMember = members.some((member) => member.name === admission.target);
    if (isMember && admission.ports === 'any port') admitted.add(`${group.id}\n${admission.target}`);
    else edges.push(`${group.id} ==>${portLabel(admission)} ${target}`);
  }
  for (const group of [...groups.values()]) {
    for (const member of group.members) {
      edges.push(`${workloadIds.get(member.name)} ${admitted.has(`${group.id}\n${member.name}`) ? '<==>' : '-->'} ${group.id}`);
    }
  }
  return [...outside.keys()].sort().map((id) => outside.get(id)!);
}

function groupOf(
  source: Extract<Source, { type: 'pods' }>,
  groups: Map<string, { readonly id: string; readonly members: readonly Workload[] }>,
  ids: NodeIds,
  members: readonly Workload[],
  nodes: string[],
): { readonly id: string; readonly members: readonly Workload[] } {
  const known = groups.get(source.selector);
  if (known) return known;
  const network = NETWORK_LABEL.exec(source.selector)?.[1];
  const id = ids.id('net', network ?? source.selector);
  nodes.push(`${id}((${label(network !== undefined ? `network ${network}` : `pods ${source.selector}`)}))`);
  const group = { id, members };
  groups.set(source.selector, group);
  return group;
}
