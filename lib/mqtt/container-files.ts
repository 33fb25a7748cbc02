/**
 * The files a planned container sees, by absolute path: the single files its Dockerfile's last
 * stage copies from the build context, under the files the pod mounts from the plan's ConfigMaps
 * and Secrets (a mount hides what the image has at that path, as in the container). What a
 * broker's configuration names (its password file, its ACL) is looked up here.
 */
import path from 'node:path';
import type { ComposeProject, Service } from '../compose/model.ts';
import { readBoundedText } from '../images/bounded-read.ts';
import { jsonForm, parseDockerfile } from '../images/dockerfile/parse.ts';
import { dockerfileSource } from '../images/dockerfile/read.ts';
import { splitWords } from '../images/dockerfile/words.ts';
import type * as k8s from '../k8s/plan/api-types.ts';
import type { SecretPayload } from '../k8s/plan/context.ts';
import type { KubernetesManifest, TranslationPlan } from '../k8s/plan/plan.ts';
import { planManifests } from '../k8s/plan/plan.ts';
import { podSpecsOf } from '../k8s/plan/to-create.ts';

export type FileSource =
  | { readonly kind: 'Secret' | 'ConfigMap'; readonly name: string; readonly key: string }
  | { readonly kind: 'image'; readonly file: string };

export interface ContainerFile {
  readonly source: FileSource;
  /** Absent when the plan does not hold it: an object the user creates (the to-create list). */
  readonly text?: string;
}

/** Configuration files are small: a larger one is not read. */
const MAX_FILE_BYTES = 1024 * 1024;

export type PlanFiles = Pick<TranslationPlan, 'project' | 'entries' | 'secrets' | 'serviceNames'>;

/** The files of compose service `service`'s own container, by path. */
export function containerFiles(plan: PlanFiles, service: string): Map<string, ContainerFile> {
  const composeService = plan.project.services[service];
  const files = composeService ? imageFiles(composeService, plan.project) : new Map<string, ContainerFile>();
  const name = plan.serviceNames[service] ?? service;
  const manifests = planManifests(plan);
  for (const entry of plan.entries) {
    if (!entry.services.includes(service)) continue;
    for (const pod of podSpecsOf(entry.manifest)) {
      const container = pod.containers.find((candidate) => candidate.name === name);
      for (const mount of container?.volumeMounts ?? []) {
        const volume = (pod.volumes ?? []).find((candidate) => candidate.name === mount.name);
        if (volume) addMounted(files, mount, volume, manifests, plan.secrets);
      }
    }
  }
  return files;
}

function addMounted(files: Map<string, ContainerFile>, mount: k8s.VolumeMount, volume: k8s.Volume, manifests: readonly KubernetesManifest[], secrets: readonly SecretPayload[]): void {
  const object = volume.secret
    ? { kind: 'Secret' as const, name: volume.secret.secretName ?? '', items: volume.secret.items, data: secrets.find((secret) => secret.name === volume.secret?.secretName)?.stringData }
    : volume.configMap
      ? { kind: 'ConfigMap' as const, name: volume.configMap.name ?? '', items: volume.configMap.items, data: configMapData(manifests, volume.configMap.name) }
      : undefined;
  if (!object) return;
  const items = object.items ?? Object.keys(object.data ?? {}).map((key) => ({ key, path: key }));
  // A whole object the plan does not hold, without items: its files are unknown, its folder is not.
  if (items.length === 0) files.set(mount.mountPath, { source: { kind: object.kind, name: object.name, key: '' } });
  for (const item of items) {
    if (mount.subPath !== undefined && mount.subPath !== item.path) continue;
    const at = mount.subPath !== undefined ? mount.mountPath : path.posix.join(mount.mountPath, item.path);
    const text = object.data?.[item.key];
    files.set(at, { source: { kind: object.kind, name: object.name, key: item.key }, ...(text !== undefined ? { text } : {}) });
  }
}

function configMapData(manifests: readonly KubernetesManifest[], name: string | undefined): Readonly<Record<string, string>> | undefined {
  const found = manifests.find((manifest) => manifest.kind === 'ConfigMap' && manifest.metadata.name === name) as { data?: Record<string, string> } | undefined;
  return found?.data;
}

/** Single files the last stage COPYs or ADDs from the build context to an absolute path. */
function imageFiles(service: Service, project: ComposeProject): Map<string, ContainerFile> {
  const files = new Map<string, ContainerFile>();
  const context = service.build?.context;
  const source = service.build ? dockerfileSource(service, project) : undefined;
  if (!context || !source || 'reason' in source) return files;
  const parsed = parseDockerfile(source.text, source.file);
  for (const instruction of parsed.instructions) {
    if (instruction.keyword === 'FROM') files.clear();
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags['from'] !== undefined) continue;
    const words = jsonForm(instruction.text) ?? splitWords(instruction.text, new Map(), parsed.escape, false);
    const [from, to] = words.length === 2 ? words : [];
    if (from === undefined || to === undefined || !path.posix.isAbsolute(to) || /[*?[]/.test(from)) continue;
    const file = path.resolve(context, from);
    const read = readBoundedText(file, [context], MAX_FILE_BYTES);
    if (read.ok) files.set(to.endsWith('/') ? path.posix.join(to, path.basename(from)) : to, { source: { kind: 'image', file }, text: read.text });
  }
  return files;
}
