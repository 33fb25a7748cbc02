/**
 * Kompose's labels (kompose.* in a service's `labels:`), for projects written for Kompose: each
 * label Kompose documents becomes the x-kubernetes option that does the same, or is reported with
 * what to use instead. The options sit below every x-kubernetes layer, so an x-kubernetes key
 * always wins over a label. Kompose labels are never copied into annotations.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { mergeOptions, type ComposeKubernetesOptions, type ServiceOptions, type VolumeOptions } from '../options/options.ts';
import { OPTION_VALIDATORS } from '../options/options-validators.generated.ts';
import type { KomposeLabels, LabelFamily } from './label-family.ts';
import { entryPath } from '../workload/workload-annotations.ts';
import { autoscale } from './autoscale.ts';
import { controller } from './controller.ts';
import { expose } from './expose.ts';
import { group } from './group.ts';
import { healthcheck } from './healthcheck.ts';
import { pod } from './pod.ts';
import { serviceType } from './service-type.ts';
import { volume } from './volume.ts';

export const LABEL_FAMILIES: readonly LabelFamily[] = [serviceType, expose, volume, controller, autoscale, pod, healthcheck, group];

const KNOWN_LABELS: ReadonlySet<string> = new Set(LABEL_FAMILIES.flatMap((family) => Object.keys(family.labels)));

const PREFIX = 'kompose.';

/** Whether a compose label is Kompose's, which translation reads instead of copying. */
export function isKomposeLabel(name: string): boolean {
  return name.startsWith(PREFIX);
}

/** The options Kompose's labels in the project ask for: per service, and per top-level volume. */
export function komposeOptions(project: ComposeProject, warn: Warn): ComposeKubernetesOptions {
  const services: Record<string, ServiceOptions> = {};
  const volumes: Record<string, VolumeOptions> = {};
  for (const service of Object.values(project.services)) {
    const labels = Object.keys(service.labels).filter(isKomposeLabel).sort();
    if (labels.length === 0) continue;
    const layer = serviceLayer(service, warn, volumes);
    for (const label of labels) {
      if (!KNOWN_LABELS.has(label)) warn(`'${label}' is not a label Kompose documents; it is not translated`, labelKey(service, label));
    }
    for (const family of LABEL_FAMILIES) family.translate(layer.labels);
    if (Object.keys(layer.options).length > 0) services[service.name] = layer.options;
  }
  return {
    ...(Object.keys(services).length > 0 ? { services } : {}),
    ...(Object.keys(volumes).length > 0 ? { volumes } : {}),
  };
}

/** Where a label is written: its key in a mapping, its item in a `name=value` list. */
export function labelKey(service: Service, label: string): string {
  return `services.${service.name}.${entryPath(service.raw['labels'], 'labels', label)}`;
}

/** One service's labels as the families read them, and the options they set. */
function serviceLayer(service: Service, warn: Warn, volumes: Record<string, VolumeOptions>): { labels: KomposeLabels; options: ServiceOptions } {
  let options: ServiceOptions = {};
  const volumeLabels = new Map<string, string>();
  const invalid = (label: string, value: string | undefined, errors: typeof OPTION_VALIDATORS.service.errors): void => {
    const problem = errors?.[0];
    const where = problem?.instancePath ? ` (${problem.instancePath.slice(1).replace(/\//g, '.')})` : '';
    warn(`${label}: '${value ?? ''}' is not a valid value${where}: ${problem?.message ?? 'invalid'}; the label is not translated`, labelKey(service, label));
  };
  const labels: KomposeLabels = {
    service,
    value: (label) => (Object.hasOwn(service.labels, label) ? service.labels[label] : undefined),
    warn: (label, message) => warn(`${label}: ${message}`, labelKey(service, label)),
    options: (label, more) => {
      if (OPTION_VALIDATORS.service(more)) options = mergeOptions(options, more);
      else invalid(label, labels.value(label), OPTION_VALIDATORS.service.errors);
    },
    volume: (label, name, more) => {
      if (!OPTION_VALIDATORS.volume(more)) return invalid(label, labels.value(label), OPTION_VALIDATORS.volume.errors);
      for (const [option, value] of Object.entries(more)) {
        const slot = `${name}.${option}`;
        const known = volumeLabels.get(slot);
        const current = (volumes[name] as Record<string, unknown> | undefined)?.[option];
        if (current !== undefined && current !== value && known === undefined) {
          warn(`${label} asks ${option} ${String(value)} for volume '${name}', which another service's label set to ${String(current)}; the first is kept`, labelKey(service, label));
          continue;
        }
        volumeLabels.set(slot, label);
        volumes[name] = { ...volumes[name], [option]: value };
      }
    },
  };
  return { labels, get options() { return options; } };
}
