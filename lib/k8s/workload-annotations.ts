import type { Service } from '../compose/model.ts';
import type { Warn } from './context.ts';
import { isQualifiedName } from './labels.ts';
import type { ServiceOptions } from './options.ts';

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

export function polarisExemptions(options: ServiceOptions): Record<string, string> {
  return Object.fromEntries(
    Object.keys(options.polarisExemptions ?? {}).map((check) => [`polaris.fairwinds.com/${check}-exempt`, 'true']),
  );
}

