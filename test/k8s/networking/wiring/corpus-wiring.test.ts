/**
 * Issue 12, over every stack of ../shared/corpus: each reference one service makes to another in
 * its environment or command — a URL host or `host:port` naming the other's service name, container_name or
 * network alias, or a `*_HOST` variable set to it — is derived here from the compose model alone,
 * with patterns of this test's own, and must resolve in the manifests: the host written in the
 * converted value is a Service that selects the target's pods, carries the port (or is headless),
 * and the NetworkPolicies let the traffic through.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComposeProject, Service } from '../../../../lib/compose/model.ts';
import type * as k8s from '../../../../lib/k8s/plan/api-types.ts';
import { planManifests, type KubernetesManifest, type TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import { translate } from '../../../../lib/k8s/translate.ts';
import { corpusRoot, corpusStacks, loadStack, type CorpusStack } from '../../../support/corpus-stacks.ts';
import { noticeSkip } from '../../../support/k8s.ts';
import { allowed } from '../../support/network-policy-model.ts';

interface Reference {
  readonly from: string;
  readonly to: string;
  readonly variable: string;
  readonly port?: number;
}

const available = existsSync(join(corpusRoot, 'realworld'));

function converted(stack: CorpusStack): TranslationPlan | undefined {
  let project: ComposeProject;
  try {
    project = loadStack(stack);
  } catch {
    return undefined; // the corpus tests name the projects that cannot load
  }
  return translate(project);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const sharesNetwork = (a: Service, b: Service): boolean =>
  a.networkMode === undefined && b.networkMode === undefined && Object.keys(a.networks).some((network) => network in b.networks);

/** References as a reader of the compose file sees them. */
function referencesOf(project: ComposeProject): Reference[] {
  const references: Reference[] = [];
  for (const from of Object.values(project.services)) {
    for (const to of Object.values(project.services)) {
      if (from === to || !sharesNetwork(from, to)) continue;
      const names = new Set([to.name, ...(to.containerName ? [to.containerName] : []), ...Object.values(to.networks).flatMap((network) => network.aliases)]);
      // The command and entrypoint as one text, under a variable name no compose file can use.
      const command = [...(from.entrypoint ?? []), ...(from.command ?? [])].join(' ');
      for (const [variable, value] of [...Object.entries(from.environment), [COMMAND, command] as const]) {
        if (!value) continue;
        for (const name of names) {
          const host = escape(name);
          const url = new RegExp(`://(?:[^/@\\s]*@)?${host}(?::(\\d+))?(?=[/?#\\s"',]|$)`, 'i').exec(value);
          const hostPort = new RegExp(`(?:^|[\\s,=])${host}:(\\d+)(?=$|[\\s,/;"'])`, 'i').exec(value);
          const bare = variable !== COMMAND && /HOST$/i.test(variable) && value.toLowerCase() === name.toLowerCase();
          const port = hostPort?.[1] ?? url?.[1];
          if (url || hostPort || bare) references.push({ from: from.name, to: to.name, variable, ...(port ? { port: Number(port) } : {}) });
        }
      }
    }
  }
  return references;
}

function workloadOf(plan: TranslationPlan, service: string): KubernetesManifest & { spec: { template: k8s.PodTemplateSpec } } {
  const name = plan.serviceNames[service];
  const found = planManifests(plan).find((manifest) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(manifest.kind) && manifest.metadata.name === name);
  return found as KubernetesManifest & { spec: { template: k8s.PodTemplateSpec } };
}

/** Stands for the command and entrypoint among the environment variables. */
const COMMAND = '<command>';

/** The converted value of an environment variable (plain, or the Secret payload it reads), or of the command. */
function convertedValue(plan: TranslationPlan, service: string, variable: string): string | undefined {
  const container = workloadOf(plan, service)?.spec.template.spec?.containers[0];
  if (variable === COMMAND) return [...(container?.command ?? []), ...(container?.args ?? [])].join(' ');
  const env = container?.env?.find((entry) => entry.name === variable);
  if (env?.value !== undefined) return env.value;
  const ref = env?.valueFrom?.secretKeyRef;
  return ref ? plan.secrets.find((secret) => secret.name === ref.name)?.stringData[ref.key] : undefined;
}

/** Why a reference does not resolve, or undefined when it does. */
function unresolved(plan: TranslationPlan, reference: Reference): string | undefined {
  const target = workloadOf(plan, reference.to);
  const source = workloadOf(plan, reference.from);
  if (!target || !source) return undefined; // run-once tasks are not reached by name
  const value = convertedValue(plan, reference.from, reference.variable);
  if (value === undefined) return `${reference.from}.${reference.variable} is gone`;
  const podLabels = target.spec.template.metadata?.labels ?? {};
  const services = planManifests(plan).filter((manifest) => manifest.kind === 'Service') as (KubernetesManifest & { spec: k8s.Service['spec'] })[];
  const resolving = services.filter((service) => {
    const selector = service.spec?.selector ?? {};
    const selects = Object.keys(selector).length > 0 && Object.entries(selector).every(([key, label]) => podLabels[key] === label);
    if (!selects || !new RegExp(`(^|[/@\\s,=])${escape(service.metadata.name)}($|[:/?#\\s,;"'])`, 'i').test(value)) return false;
    return reference.port === undefined || service.spec?.clusterIP === 'None' || (service.spec?.ports ?? []).some((port) => port.port === reference.port);
  });
  if (resolving.length === 0) return `${reference.from}.${reference.variable} → ${reference.to}${reference.port ? `:${reference.port}` : ''}: no Service in '${value.replace(/:[^:@/]*@/, ':…@')}' selects it on that port`;
  const policies = planManifests(plan).filter((manifest) => manifest.kind === 'NetworkPolicy') as unknown as { spec: k8s.NetworkPolicySpec }[];
  const from = { labels: source.spec.template.metadata?.labels ?? {} };
  if (!allowed(policies, from, { labels: podLabels }, reference.port ?? 1)) return `${reference.from} → ${reference.to}:${reference.port ?? 'any'} is blocked by the NetworkPolicies`;
  return undefined;
}

noticeSkip(available, 'the wiring of ../shared/corpus stacks');
describe.skipIf(!available)('every reference between services of a corpus stack resolves in its manifests', () => {
  const list = corpusStacks(['realworld', 'awesome-compose']);
  it('finds references to check (the test would prove nothing otherwise)', () => {
    const total = list.reduce((count, stack) => {
      const plan = converted(stack);
      return count + (plan ? referencesOf(plan.project).length : 0);
    }, 0);
    expect(total).toBeGreaterThan(50);
  });
  for (const stack of list) {
    it(stack.id, () => {
      const plan = converted(stack);
      if (!plan) return;
      const problems = referencesOf(plan.project).map((reference) => unresolved(plan, reference)).filter((problem) => problem !== undefined);
      expect(problems).toEqual([]);
    });
  }
});
