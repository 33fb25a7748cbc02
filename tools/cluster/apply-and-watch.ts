/**
 * Applies one unit for real (server-side apply, strict field validation against the OpenAPI the API
 * server serves), waits until everything in it works or stops making progress, reports what does
 * not, and removes it again.
 */
import { parseAllDocuments } from 'yaml';
import { findingText, namespaceFindings, type Finding } from './findings.ts';
import { getItems, type KubeObject, type Kubectl } from './kubectl.ts';
import type { Unit } from './units.ts';

export interface UnitReport {
  readonly unit: string;
  readonly findings: readonly Finding[];
  /** kubectl's warnings from the apply (deprecations, PodSecurity audit/warn messages). */
  readonly applyWarnings: readonly string[];
}

export interface WatchOptions {
  /** Give up on a unit after this long. @default 90 s */
  readonly timeoutMs?: number;
  /** Stop early when the findings have not changed for this long. @default 30 s */
  readonly settleMs?: number;
  /** Keep the unit's namespaces (to look at them) instead of deleting them. @default false */
  readonly keep?: boolean;
}

interface ParsedUnit {
  readonly namespaces: readonly string[];
  readonly clusterScoped: readonly KubeObject[];
}

function parseUnit(unit: Unit): ParsedUnit {
  const namespaces = new Set<string>();
  const clusterScoped: KubeObject[] = [];
  for (const document of parseAllDocuments(unit.manifests)) {
    const object = document.toJS() as KubeObject | null;
    if (!object?.kind) continue;
    if (object.kind === 'Namespace') namespaces.add(object.metadata.name);
    else if (object.metadata?.namespace) namespaces.add(object.metadata.namespace);
    else clusterScoped.push(object);
  }
  return { namespaces: [...namespaces].sort(), clusterScoped };
}

const applyArgs = ['apply', '--server-side', '--force-conflicts', '--field-manager', 'cdk8s-compose',
  '--validate=strict', '-f', '-'];

/** kubectl's "Error from server …" lines, one finding each. */
function refusals(stderr: string): Finding[] {
  return stderr.split('\n')
    .filter((line) => line.startsWith('Error from server') || line.startsWith('error:'))
    .map((line) => ({ object: 'apply', namespace: '', problem: `refused: ${line.trim()}` }));
}

async function waitForNamespacesGone(kubectl: Kubectl, namespaces: readonly string[]): Promise<void> {
  if (namespaces.length === 0) return;
  await kubectl(['wait', '--for=delete', '--timeout=180s', ...namespaces.map((namespace) => `namespace/${namespace}`)]);
}

export async function applyAndWatch(kubectl: Kubectl, unit: Unit, options: WatchOptions = {}): Promise<UnitReport> {
  const { namespaces, clusterScoped } = parseUnit(unit);
  // A namespace an earlier unit used may still be terminating.
  await waitForNamespacesGone(kubectl, namespaces);
  const applied = await kubectl(applyArgs, unit.manifests);
  const applyWarnings = applied.stderr.split('\n').filter((line) => line.startsWith('Warning:'));
  const findings: Finding[] = refusals(applied.stderr);
  if (unit.secrets?.trim()) {
    const secrets = await kubectl(applyArgs, unit.secrets);
    // Never echo kubectl's output for Secrets: it may quote a value.
    if (secrets.code !== 0) findings.push({ object: 'secrets', namespace: '', problem: 'refused: the Secrets printed by `cdk8s-compose secrets` were not accepted' });
  }
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const settleMs = options.settleMs ?? 30_000;
  let last = '';
  let lastChange = Date.now();
  let current: Finding[] = [];
  for (;;) {
    const nodes = await getItems(kubectl, ['nodes']);
    current = (await Promise.all(namespaces.map((namespace) => namespaceFindings(kubectl, namespace, nodes)))).flat();
    const text = current.map(findingText).join('\n');
    if (text !== last) {
      last = text;
      lastChange = Date.now();
    }
    if (current.length === 0 || Date.now() > deadline || Date.now() - lastChange > settleMs) break;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  if (!options.keep) {
    if (namespaces.length > 0) await kubectl(['delete', 'namespaces', '--wait=false', '--ignore-not-found', ...namespaces]);
    if (clusterScoped.length > 0) {
      await kubectl(['delete', '--wait=false', '--ignore-not-found', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: clusterScoped }));
    }
  }
  return { unit: unit.name, findings: [...findings, ...current], applyWarnings };
}
