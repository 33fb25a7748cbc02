/**
 * Compose `secrets:` and `configs:` of one service: each top-level object becomes one Secret or
 * ConfigMap named after its compose key, mounted file by file at the reference's target, so that
 * `/run/secrets/<name>` and `*_FILE` variables pointing there keep working.
 */
import type { k8s } from '../../imports/k8s.ts';
import type { FileObject, FileReference } from '../compose/model.ts';
import type { ConfigMapPayload, SecretPayload, ServiceContext } from './context.ts';
import { baseName, dataKey, dnsLabel, type UniqueNames } from './object-names.ts';
import { FILE_MODE, inRange } from './int32.ts';
import { own } from './own.ts';
import { isSensitiveFile } from './sensitive.ts';

export interface FileObjectMounts {
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** Secrets of compose secrets and of sensitive compose configs; ConfigMaps come from `configObjectMaps`. */
  readonly secrets: readonly SecretPayload[];
}

type Section = 'secrets' | 'configs';

/** Volumes, mounts and Secret payloads for the service's compose secrets and configs. */
export function fileObjectMounts(context: ServiceContext, volumeNames: UniqueNames): FileObjectMounts {
  const volumes: k8s.Volume[] = [];
  const volumeMounts: k8s.VolumeMount[] = [];
  const secrets: SecretPayload[] = [];
  for (const { section, index, reference, source } of resolvedReferences(context)) {
    const key = `services.${context.service.name}.${section}.${index}`;
    if (!source) {
      context.warn(`${section} entry '${reference.source}' is not defined at the top level; not mounted`, key);
      continue;
    }
    warnAboutSource(context, section, reference.source, source, key);
    if (source.secret && source.payload) secrets.push(source.payload);
    const volumeName = volumeNames.claim(dnsLabel(`${section === 'secrets' ? 'secret' : 'config'}-${reference.source}`));
    const mode = reference.mode === undefined ? undefined : inRange(reference.mode, `${key}.mode`, context, FILE_MODE);
    volumes.push(mountedVolume(volumeName, source, reference.target, mode));
    volumeMounts.push({ name: volumeName, mountPath: reference.target, subPath: baseName(reference.target), readOnly: true });
    if (reference.uid !== undefined || reference.gid !== undefined) {
      context.warn(
        `uid/gid of '${reference.source}' cannot be set per file in Kubernetes; the file belongs to root and the pod's fsGroup`,
        key,
      );
    }
  }
  return { volumes, volumeMounts, secrets };
}

/** ConfigMaps for the service's compose configs that are neither external nor sensitive. */
export function configObjectMaps(context: ServiceContext): ConfigMapPayload[] {
  return resolvedReferences(context).flatMap(({ source }) =>
    source && !source.secret && source.payload
      ? [{ name: source.payload.name, data: source.payload.stringData, binaryData: {} }]
      : [],
  );
}

interface ObjectSource {
  readonly secret: boolean;
  readonly external: boolean;
  readonly name: string;
  readonly dataKey: string;
  readonly hasValue: boolean;
  /** Absent for external objects: they exist in the cluster already. */
  readonly payload?: SecretPayload;
}

interface ResolvedReference {
  readonly section: Section;
  readonly index: number;
  readonly reference: FileReference;
  readonly source?: ObjectSource;
}

/** By context: the mounts and the ConfigMaps of one service read the same references (issue 7). */
const referencesByContext = new WeakMap<ServiceContext, readonly ResolvedReference[]>();

function resolvedReferences(context: ServiceContext): readonly ResolvedReference[] {
  const known = referencesByContext.get(context);
  if (known) return known;
  const references = referencesOf(context);
  referencesByContext.set(context, references);
  return references;
}

function referencesOf(context: ServiceContext): ResolvedReference[] {
  return (['secrets', 'configs'] as const).flatMap((section) =>
    context.service[section].map((reference, index) => {
      const object = own(context.project[section], reference.source);
      return { section, index, reference, source: object && resolveObject(context, section, reference.source, object) };
    }),
  );
}

function resolveObject(context: ServiceContext, section: Section, composeKey: string, object: FileObject): ObjectSource {
  const itemKey = dataKey(composeKey);
  if (object.source.kind === 'external') {
    return { secret: section === 'secrets', external: true, name: dnsLabel(object.name), dataKey: itemKey, hasValue: false };
  }
  const value = object.value ?? '';
  const filePath = object.source.kind === 'file' ? object.source.path : composeKey;
  const secret = section === 'secrets' || isSensitiveFile(filePath, value, context.project);
  const name = dnsLabel(composeKey);
  return {
    secret,
    external: false,
    name,
    dataKey: itemKey,
    hasValue: object.value !== undefined,
    payload: { name, stringData: { [itemKey]: value } },
  };
}

function warnAboutSource(context: ServiceContext, section: Section, composeKey: string, source: ObjectSource, key: string): void {
  const kind = source.secret ? 'Secret' : 'ConfigMap';
  if (source.external) {
    context.warn(`${section} '${composeKey}' is external: create ${kind} '${source.name}' with key '${source.dataKey}' in the namespace`, key);
  } else if (!source.hasValue) {
    context.warn(`${section} '${composeKey}' has no value; its ${kind} is empty`, key);
  }
}

function mountedVolume(volumeName: string, source: ObjectSource, target: string, mode: number | undefined): k8s.Volume {
  const items = [{ key: source.dataKey, path: baseName(target), ...(mode === undefined ? {} : { mode }) }];
  return source.secret
    ? { name: volumeName, secret: { secretName: source.name, items } }
    : { name: volumeName, configMap: { name: source.name, items } };
}
