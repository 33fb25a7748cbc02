import type { k8s } from '../../imports/k8s.ts';
import type { ComposeProject } from '../compose/model.ts';
import type { ComposeKubernetesOptions } from './options.ts';

export interface NetworkPolicyPayload {
  readonly name: string;
  readonly spec: k8s.NetworkPolicySpec;
}

/** NetworkPolicies that let pods reach only the pods they share a compose network with. */
export function networkPoliciesFor(
  _project: ComposeProject,
  _names: Readonly<Record<string, string>>,
  _options: ComposeKubernetesOptions,
): NetworkPolicyPayload[] {
  return [];
}

/** Pod labels that mark which compose networks a service's pods are attached to. */
export function networkLabelsFor(_project: ComposeProject, _serviceName: string): Record<string, string> {
  return {};
}
