import { nameRecord } from '../../name-records.ts';
import type * as k8s from '../plan/api-types.ts';
import { ComposeError } from '../../compose/errors.ts';
import type { ServiceContext } from '../plan/context.ts';
import { isQualifiedName, labelValue, selectorLabels } from '../names/labels.ts';
import { own } from '../plan/own.ts';

export interface Placement {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: k8s.Affinity;
  readonly tolerations?: readonly k8s.Toleration[];
  /** From `deploy.placement.preferences` spread entries. */
  readonly topologySpreadConstraints?: readonly k8s.TopologySpreadConstraint[];
}

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Swarm names architectures as `uname -m` does; Kubernetes as Go does. */
const ARCHITECTURES: Readonly<Record<string, string>> = {
  x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', armhf: 'arm', i386: '386', i686: '386',
};

type Requirement = k8s.NodeSelectorRequirement;

/**
 * Node selection from `deploy.placement`: equality constraints become a nodeSelector, the others
 * required node affinity; `node.role` (`== manager`, `== worker`, `!=`) becomes a preferred affinity
 * for or against (and a toleration of) the control plane, because managed clusters (EKS, GKE, AKS)
 * have no schedulable control plane and a required one would leave the pod Pending forever — required
 * only with the `nodeRole: required` option;
 * spread preferences become soft topology spread constraints; `max_replicas_per_node: 1` a
 * required pod anti-affinity per node. `options.nodeSelector` is merged by the workload on top.
 */
export function placementFor(context: ServiceContext): Placement {
  const { service } = context;
  const { constraints, preferences, maxReplicasPerNode } = service.deploy.placement;
  const nodeSelector = nameRecord<string>();
  const requirements: Requirement[] = [];
  const rolePreferences: Requirement[] = [];
  let onControlPlane = false;
  constraints.forEach((constraint, index) => {
    const key = `services.${service.name}.deploy.placement.constraints.${index}`;
    const parsed = /^\s*([A-Za-z0-9_.\-/]+)\s*(==|!=)\s*(\S(?:.*\S)?)\s*$/.exec(constraint);
    if (!parsed) {
      throw invalid(context, key, `invalid placement constraint '${constraint}': expected '<attribute> == <value>' or '<attribute> != <value>'`);
    }
    const [, attribute = '', operator, value = ''] = parsed;
    const equal = operator === '==';
    if (attribute === 'node.role') {
      if (value !== 'manager' && value !== 'worker') {
        throw invalid(context, key, `invalid node.role '${value}': expected manager or worker`);
      }
      const manager = (value === 'manager') === equal;
      onControlPlane ||= manager;
      const requirement: Requirement = { key: CONTROL_PLANE_LABEL, operator: manager ? 'Exists' : 'DoesNotExist' };
      if (context.options.nodeRole === 'required') {
        requirements.push(requirement);
        return;
      }
      rolePreferences.push(requirement);
      context.warn(
        `placement constraint '${constraint}' becomes a preference: managed clusters have no schedulable control-plane nodes, so requiring one would leave the pod Pending; set x-kubernetes.nodeRole: required where control-plane nodes take workloads, or pin the pod with x-kubernetes.nodeSelector`,
        key,
      );
      return;
    }
    const label = nodeLabel(attribute, value);
    if (!label) {
      context.warn(`placement constraint '${constraint}' has no Kubernetes node label equivalent and is not translated`, key);
      return;
    }
    if (!isQualifiedName(label.key) || labelValue(label.value) !== label.value) {
      throw invalid(context, key, `placement constraint '${constraint}' is not a valid Kubernetes node label and value`);
    }
    if (!equal) {
      requirements.push({ key: label.key, operator: 'NotIn', values: [label.value] });
    } else if (own(nodeSelector, label.key) !== undefined && nodeSelector[label.key] !== label.value) {
      throw invalid(context, key, `placement constraints require ${attribute} to be both '${nodeSelector[label.key]}' and '${value}'; no node can match`);
    } else {
      nodeSelector[label.key] = label.value;
    }
  });

  const podLabels = selectorLabels(context.project.name, context.names[service.name] ?? service.name);
  const spread = preferences.flatMap((preference, index) => {
    const label = preference.spread.startsWith('node.labels.') ? preference.spread.slice('node.labels.'.length) : undefined;
    if (!label || !isQualifiedName(label)) {
      context.warn(`spread preference '${preference.spread}' is not translated: only node.labels.* spread`, `services.${service.name}.deploy.placement.preferences.${index}`);
      return [];
    }
    // Swarm spreads as a preference, never refusing to schedule.
    return [{ maxSkew: 1, topologyKey: label, whenUnsatisfiable: 'ScheduleAnyway' as const, labelSelector: { matchLabels: podLabels } }];
  });
  const antiAffinity = podAntiAffinity(context, maxReplicasPerNode, podLabels);
  const nodeAffinity: k8s.NodeAffinity = {
    ...(requirements.length > 0
      ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: requirements }] } }
      : {}),
    ...(rolePreferences.length > 0
      ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: rolePreferences } }] }
      : {}),
  };
  const affinity: k8s.Affinity = {
    ...(Object.keys(nodeAffinity).length > 0 ? { nodeAffinity } : {}),
    ...(antiAffinity ? { podAntiAffinity: antiAffinity } : {}),
  };
  return {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...(Object.keys(affinity).length > 0 ? { affinity } : {}),
    ...(onControlPlane ? { tolerations: [{ key: CONTROL_PLANE_LABEL, operator: 'Exists', effect: 'NoSchedule' }] } : {}),
    ...(spread.length > 0 ? { topologySpreadConstraints: spread } : {}),
  };
}

function invalid(context: ServiceContext, key: string, message: string): ComposeError {
  return new ComposeError(message, own(context.project.locations, key) ?? context.service.location, key);
}

function nodeLabel(attribute: string, value: string): { key: string; value: string } | undefined {
  if (attribute.startsWith('node.labels.')) return { key: attribute.slice('node.labels.'.length), value };
  if (attribute === 'node.hostname') return { key: HOSTNAME_LABEL, value };
  if (attribute === 'node.platform.os') return { key: 'kubernetes.io/os', value: value.toLowerCase() };
  if (attribute === 'node.platform.arch') return { key: 'kubernetes.io/arch', value: own(ARCHITECTURES, value) ?? value };
  return undefined;
}

function podAntiAffinity(
  context: ServiceContext,
  maxReplicasPerNode: number | undefined,
  podLabels: Readonly<Record<string, string>>,
): k8s.PodAntiAffinity | undefined {
  if (maxReplicasPerNode === undefined) return undefined;
  if (maxReplicasPerNode !== 1) {
    context.warn(
      `max_replicas_per_node ${maxReplicasPerNode} is not translated: Kubernetes can only keep replicas on distinct nodes (1)`,
      `services.${context.service.name}.deploy.placement.max_replicas_per_node`,
    );
    return undefined;
  }
  return {
    requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: HOSTNAME_LABEL, labelSelector: { matchLabels: { ...podLabels } } }],
  };
}
