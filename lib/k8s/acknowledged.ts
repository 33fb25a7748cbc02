/**
 * Warnings a person has read: `x-kubernetes.acknowledge` lists compose keys (top level, in
 * `defaults`, or per service) whose warnings no longer need anyone, so that a converted stack
 * prints only what still does. A key acknowledges itself and every key below it.
 */
import type { ComposeProject, Diagnostic } from '../compose/model.ts';
import { serviceOptionsFor } from './options/options-validation.ts';
import type { ComposeKubernetesOptions } from './options/options.ts';
import { own } from './plan/own.ts';

export interface Acknowledgement {
  readonly shown: Diagnostic[];
  readonly acknowledged: number;
}

export function acknowledge(project: ComposeProject, top: ComposeKubernetesOptions, code: ComposeKubernetesOptions, warnings: readonly Diagnostic[]): Acknowledgement {
  const everywhere = [...(top.acknowledge ?? []), ...(code.acknowledge ?? [])];
  const byService = new Map<string, readonly string[]>();
  const listFor = (service: string): readonly string[] => {
    let list = byService.get(service);
    if (!list) byService.set(service, (list = [...everywhere, ...(serviceOptionsFor(project, service, top, code).options.acknowledge ?? [])]));
    return list;
  };
  const shown = warnings.filter((warning) => {
    if (warning.key === undefined) return true;
    const [section, service, ...rest] = warning.key.split('.');
    const inService = section === 'services' && service !== undefined && own(project.services, service) !== undefined;
    const path = inService ? rest.join('.') : warning.key;
    const list = inService ? listFor(service) : everywhere;
    return !list.some((key) => path === key || path.startsWith(`${key}.`));
  });
  return { shown, acknowledged: warnings.length - shown.length };
}
