import type { Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { isQualifiedName } from '../names/labels.ts';
import type { ServiceOptions } from '../options/options.ts';

/** Compose labels become annotations: their values are free text, which label values are not. */
export function composeLabelAnnotations(service: Service, warn: Warn): Record<string, string> {
  return validAnnotations(service.labels, `services.${service.name}.labels`, warn);
}

export function deployLabelAnnotations(service: Service, warn: Warn): Record<string, string> {
  return validAnnotations(service.deploy.labels, `services.${service.name}.deploy.labels`, warn);
}

function validAnnotations(labels: Readonly<Record<string, string>>, key: string, warn: Warn): Record<string, string> {
  const valid: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (isQualifiedName(name)) valid[name] = value;
    else warn(`label '${name}' is not a valid Kubernetes annotation key and is dropped`, `${key}.${name}`);
  }
  return valid;
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
