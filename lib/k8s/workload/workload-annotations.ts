import { nameRecord } from '../../name-records.ts';
import type { Service } from '../../compose/model.ts';
import { secretCarriedBy } from '../config-and-secrets/sensitive.ts';
import type { ServiceContext, Warn } from '../plan/context.ts';
import { isQualifiedName } from '../names/labels.ts';
import { isKomposeLabel } from '../kompose/kompose-labels.ts';
import { isOfeliaLabel } from './ofelia-labels.ts';
import type { ServiceOptions } from '../options/options.ts';

/** Compose labels become annotations: their values are free text, which label values are not. */
export function composeLabelAnnotations(context: ServiceContext): Record<string, string> {
  return validAnnotations(context, context.service.labels, 'labels', context.service.raw['labels']);
}

export function deployLabelAnnotations(context: ServiceContext): Record<string, string> {
  const deploy = context.service.raw['deploy'];
  const raw = typeof deploy === 'object' && deploy !== null ? (deploy as Record<string, unknown>)['labels'] : undefined;
  return validAnnotations(context, context.service.deploy.labels, 'deploy.labels', raw);
}

/** `x-kubernetes.podAnnotations`, but for those that carry a secret. */
export function podAnnotations(context: ServiceContext): Record<string, string> {
  return withoutSecrets(context, context.options.podAnnotations ?? {}, 'x-kubernetes.podAnnotations', undefined);
}

function validAnnotations(context: ServiceContext, labels: Readonly<Record<string, string>>, field: string, raw: unknown): Record<string, string> {
  const valid = nameRecord<string>();
  for (const [name, value] of Object.entries(labels)) {
    // Kompose's labels are translated or reported (kompose/kompose-labels.ts), never copied.
    if (field === 'labels' && (isKomposeLabel(name) || isOfeliaLabel(name))) continue;
    if (isQualifiedName(name)) valid[name] = value;
    else context.warn(`label '${name}' is not a valid Kubernetes annotation key and is dropped`, `services.${context.service.name}.${field}.${name}`);
  }
  return withoutSecrets(context, valid, field, raw);
}

/**
 * Annotations are stored in clear and readable by anyone who may read the workload, and they only
 * describe it: one that carries a secret is left out, with a warning that never shows the value.
 */
function withoutSecrets(context: ServiceContext, annotations: Readonly<Record<string, string>>, field: string, raw: unknown): Record<string, string> {
  const { project, service, options, warn } = context;
  const kept = nameRecord<string>();
  for (const [name, value] of Object.entries(annotations)) {
    const path = entryPath(raw, field, name);
    const secret = secretCarriedBy(project, service, path, value, options);
    if (secret === undefined) kept[name] = value;
    else warn(`'${name}' carries ${secret} and is left out: annotations are stored in clear`, `services.${service.name}.${path}`);
  }
  return kept;
}

/** The service-relative path of entry `name` of a compose mapping that may be written as a `name=value` list. */
export function entryPath(raw: unknown, field: string, name: string): string {
  const index = Array.isArray(raw) ? raw.findIndex((entry) => entry === name || (typeof entry === 'string' && entry.startsWith(`${name}=`))) : -1;
  return index >= 0 ? `${field}.${index}` : `${field}.${name}`;
}

/** Where the reason of each Polaris exemption is written, next to Polaris' own annotation. */
export const EXEMPTION_REASON_PREFIX = 'cdk8s-compose.io/polaris-exemption.';

/**
 * Polaris exemption annotations, each with its reason: `requested` are the checks the compose
 * file asks to fail (rule modules say why), `options.polarisExemptions` the user's own, whose
 * values are their reasons and win. A check whose keys would not be valid annotation keys is
 * dropped with a warning rather than producing an invalid manifest.
 */
export function polarisExemptions(
  service: Service,
  options: ServiceOptions,
  requested: Readonly<Record<string, string>>,
  warn: Warn,
): Record<string, string> {
  const reasons: Record<string, string> = { ...requested, ...options.polarisExemptions };
  const annotations: Record<string, string> = {};
  for (const check of Object.keys(reasons).sort()) {
    const exempt = `polaris.fairwinds.com/${check}-exempt`;
    const reason = `${EXEMPTION_REASON_PREFIX}${check}`;
    if (!isQualifiedName(exempt) || !isQualifiedName(reason)) {
      warn(`Polaris check '${check}' cannot be written as an annotation key and is not exempted`, `services.${service.name}.x-kubernetes.polarisExemptions.${check}`);
      continue;
    }
    annotations[exempt] = 'true';
    annotations[reason] = reasons[check] as string;
  }
  return annotations;
}
