import { nameRecordOf } from '../../name-records.ts';
/**
 * Compose `secrets:` and `configs:` of one service: each top-level object becomes one Secret or
 * ConfigMap named after its compose key, mounted file by file at the reference's target, so that
 * `/run/secrets/<name>` and `*_FILE` variables pointing there keep working.
 */
import type * as k8s from '../plan/api-types.ts';
import { relative } from 'node:path';
import type { ComposeProject, FileObject, FileReference } from '../../compose/model.ts';
import type { ConfigMapPayload, ObjectReference, OwnedSecretPayload, SecretPayload, ServiceContext } from '../plan/context.ts';
import { baseName, dataKey, dnsLabel } from '../names/object-names.ts';
import { FILE_MODE, inRange } from '../plan/int32.ts';
import { own } from '../plan/own.ts';
import type { PodVolumes } from '../storage/pod-volumes.ts';
import { projectPath } from '../storage/host-source-names.ts';
import { holdsSecretMaterial } from '../storage/file-secrecy.ts';

/** What the service's compose secrets and configs become: pod volumes, mounts and the objects behind them. */
export interface FileObjects extends PodVolumes {
  /** Secrets of compose secrets and of sensitive compose configs. */
  readonly secrets: readonly OwnedSecretPayload[];
  /** ConfigMaps of compose configs that are neither external nor sensitive. */
  readonly configMaps: readonly ConfigMapPayload[];
  /** The Secrets and ConfigMaps of external secrets and configs. */
  readonly references: readonly ObjectReference[];
}

type Section = 'secrets' | 'configs';

export function fileObjectsFor(context: ServiceContext): FileObjects {
  const volumes: k8s.Volume[] = [];
  const volumeMounts: k8s.VolumeMount[] = [];
  const secrets: OwnedSecretPayload[] = [];
  const configMaps: ConfigMapPayload[] = [];
  const references: ObjectReference[] = [];
  for (const { section, index, reference, source } of referencesOf(context)) {
    const key = `services.${context.service.name}.${section}.${index}`;
    if (!source) {
      context.warn(`${section} entry '${reference.source}' is not defined at the top level; not mounted`, key);
      continue;
    }
    warnAboutSource(context, section, reference.source, source, key);
    const owner = { id: `${section}:${reference.source}`, what: `${section === 'secrets' ? 'secret' : 'config'} '${reference.source}'`, key };
    if (!source.payload) {
      const what = source.missing === undefined ? `external ${owner.what}` : `${owner.what}, from ${source.missing.from} (${source.missing.why} at conversion)`;
      references.push({ kind: source.secret ? 'Secret' : 'ConfigMap', name: source.name, owner: { ...owner, what } });
    }
    else if (source.secret) secrets.push({ ...source.payload, owner });
    else configMaps.push({ name: source.payload.name, data: source.payload.stringData, binaryData: {}, owner });
    // Named per section, so a secret and a config of one name get two volumes; the pod settles clashes with other rules.
    const volumeName = dnsLabel(`${section === 'secrets' ? 'secret' : 'config'}-${reference.source}`);
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
  return { volumes, volumeMounts, secrets, configMaps, references };
}

/**
 * The Secrets of the compose secrets services mount whose payload was not read (absent file, file
 * outside the project, unset variable), with their keys and no values: what the manifests reference
 * and `secrets --format external-secrets` describes, which needs no value (issue 19).
 */
export function unreadSecretsOf(project: ComposeProject): SecretPayload[] {
  return unreadSecretObjects(project).map(([composeKey]) => ({ name: dnsLabel(composeKey), stringData: nameRecordOf([[dataKey(composeKey), '']]) }));
}

/** The compose secrets services mount whose payload was not read, by compose key. */
export function unreadSecretObjects(project: ComposeProject): [string, FileObject][] {
  const used = new Set(Object.values(project.services).flatMap((service) => service.secrets.map((reference) => reference.source)));
  return Object.entries(project.secrets).filter(([composeKey, secret]) => secret.missing !== undefined && used.has(composeKey));
}

interface ObjectSource {
  readonly secret: boolean;
  readonly external: boolean;
  /** Where its unread payload is (`./secrets/db.txt`, `variable VAULT_TOKEN`) and why it was not read: the user creates the object from it. */
  readonly missing?: { readonly from: string; readonly why: string };
  readonly name: string;
  readonly dataKey: string;
  readonly hasValue: boolean;
  /** Absent for external objects: they exist in the cluster already. */
  readonly payload?: { readonly name: string; readonly stringData: Readonly<Record<string, string>> };
}

interface ResolvedReference {
  readonly section: Section;
  readonly index: number;
  readonly reference: FileReference;
  readonly source?: ObjectSource;
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
  if (object.missing && object.source.kind !== 'content') {
    const from = object.source.kind === 'file' ? relativePath(context.project, object.source.path) : `variable ${object.source.variable}`;
    return { secret: section === 'secrets', external: false, missing: { from, why: UNREAD[object.missing] }, name: dnsLabel(composeKey), dataKey: itemKey, hasValue: false };
  }
  const value = object.value ?? '';
  const filePath = object.source.kind === 'file' ? object.source.path : composeKey;
  const secret = section === 'secrets' || holdsSecretMaterial(projectPath(context.project, filePath), value, context.project);
  const name = dnsLabel(composeKey);
  return {
    secret,
    external: false,
    name,
    dataKey: itemKey,
    hasValue: object.value !== undefined,
    payload: { name, stringData: nameRecordOf([[itemKey, value]]) },
  };
}

const UNREAD = { absent: 'absent', outside: 'outside the project, not read', unset: 'unset' } as const;

/** `./secrets/db.txt`, `../shared/token.txt`: the same on every machine that checks the project out. */
function relativePath(project: ComposeProject, path: string): string {
  const inside = relative(project.workingDir, path);
  return inside.startsWith('..') ? inside : `./${inside}`;
}

function warnAboutSource(context: ServiceContext, section: Section, composeKey: string, source: ObjectSource, key: string): void {
  const kind = source.secret ? 'Secret' : 'ConfigMap';
  if (source.external) {
    context.warn(`${section} '${composeKey}' is external: create ${kind} '${source.name}' with key '${source.dataKey}' in the namespace`, key);
  } else if (source.missing !== undefined) {
    const { from, why } = source.missing;
    context.warn(`${section} '${composeKey}': ${from} is ${why}, so ${kind} '${source.name}' is not written: create it from ${from.startsWith('variable') ? 'that variable' : 'that file'} before applying (listed at the end)`, key);
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
