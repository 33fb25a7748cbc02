import type * as k8s from '../plan/api-types.ts';
import type { BindMount } from '../../compose/model.ts';
import type { ClaimPayload, ConfigMapPayload, ObjectReference, OwnedSecretPayload, ServiceContext, SharedClaimPayload } from '../plan/context.ts';
import { ScopedNames, type NameOwner } from '../names/name-registry.ts';
import { dnsLabel } from '../names/object-names.ts';
import type { PodVolumes } from './pod-volumes.ts';
import { claimVolume, colocation, type Colocation } from './claims.ts';
import type { KeyToPath } from './shipped-files.ts';
import type { ImageFilesCopy } from './image-files.ts';

/** A claim as a pod mounts it: its name, and who owns the name. */
export interface MountedClaim {
  readonly claimName: string;
  readonly owner: NameOwner;
}

function claimKey(claim: MountedClaim): string {
  return `${claim.owner.id}\n${claim.claimName}`;
}

export interface ServiceStorage extends PodVolumes {
  /** Claims a StatefulSet creates per replica (named volumes of a stateful service). */
  readonly volumeClaimTemplates: readonly ClaimPayload[];
  /** Shared claims to create (named volumes of Deployments and DaemonSets, external volumes). */
  readonly persistentVolumeClaims: readonly SharedClaimPayload[];
  /** ConfigMaps holding bind-mounted files. */
  readonly configMaps: readonly ConfigMapPayload[];
  /** Secrets holding bind-mounted files that hold secret material (keys, certificates, credentials). */
  readonly secrets: readonly OwnedSecretPayload[];
  /** Claims of existing external volumes, and the Secrets and ConfigMaps of files the project does not have. */
  readonly references: readonly ObjectReference[];
  /** Containers that copy project files into writable volumes before the service starts. */
  readonly initContainers: readonly k8s.Container[];
  /** Claims to fill with the image's own files before they, while they hold no file (image-files.ts). */
  readonly imageCopies: readonly ImageFilesCopy[];
  /** Set when the pod shares a ReadWriteOnce claim: it runs on the node of the pods it shares with. */
  readonly colocation?: Colocation;
}

/**
 * What the storage rules of one service's pod have decided so far, and the names they have taken:
 * the mount rules (named-volumes.ts, bind-mounts.ts, data-claims.ts) add to it, mount by mount.
 */
export class PodStorage {
  readonly volumes: k8s.Volume[] = [];
  readonly volumeMounts: k8s.VolumeMount[] = [];
  readonly templates: ClaimPayload[] = [];
  readonly claims: SharedClaimPayload[] = [];
  readonly configMaps: ConfigMapPayload[] = [];
  readonly secrets: OwnedSecretPayload[] = [];
  readonly references: ObjectReference[] = [];
  readonly initContainers: k8s.Container[] = [];
  readonly imageCopies: ImageFilesCopy[] = [];
  readonly serviceName: string;
  /** Whether the pod shares a ReadWriteOnce claim with other pods, and so must run on their node. */
  colocated = false;
  /** The compose key of the mount being added: where a renamed volume or object is reported. */
  key = '';
  private readonly volumeNames: ScopedNames;
  private readonly objectNames: ScopedNames;
  /**
   * Claim (its owner and name) → the pod volume that mounts it: one volume per claim, however many
   * of its folders are mounted. Two owners of one name stay apart, so the registry sees their clash.
   */
  private readonly claimVolumes = new Map<string, string>();

  constructor(readonly context: ServiceContext) {
    this.serviceName = context.names[context.service.name] ?? dnsLabel(context.service.name);
    this.volumeNames = new ScopedNames(`the pod of service '${context.service.name}'`, context.warn);
    this.objectNames = new ScopedNames(`the objects of service '${context.service.name}'`, context.warn);
  }

  result(): ServiceStorage {
    return {
      volumes: this.volumes,
      volumeMounts: this.volumeMounts,
      volumeClaimTemplates: this.templates,
      persistentVolumeClaims: this.claims,
      configMaps: this.configMaps,
      secrets: this.secrets,
      references: this.references,
      initContainers: this.initContainers,
      imageCopies: this.imageCopies,
      ...(this.colocated ? { colocation: colocation(this.context) } : {}),
    };
  }

  /** Declares a pod volume under a free name, without mounting it in the service's container. */
  volume(wantedName: string, source: Omit<k8s.Volume, 'name'>, what: string): string {
    const name = this.volumeNames.claim(dnsLabel(wantedName), what, this.key);
    this.volumes.push({ name, ...source });
    return name;
  }

  /** Mounts a volume (declared here unless `source` is undefined: a claim template) at the mount's target. */
  mount(
    wantedName: string,
    source: Omit<k8s.Volume, 'name'> | undefined,
    mount: { readonly target: string; readonly readOnly: boolean },
    subPath?: string,
  ): string {
    const name = this.volumeNames.claim(dnsLabel(wantedName), `the volume for ${mount.target}`, this.key);
    if (source) this.volumes.push({ name, ...source });
    this.mountVolume(name, mount, subPath);
    return name;
  }

  private mountVolume(name: string, mount: { readonly target: string; readonly readOnly: boolean }, subPath: string | undefined): void {
    this.volumeMounts.push({
      name,
      mountPath: mount.target,
      ...(subPath === undefined ? {} : { subPath }),
      ...(mount.readOnly ? { readOnly: true } : {}),
    });
  }

  /** Whether the pod mounts the claim already (at another of its folders). */
  mountsClaim(claim: MountedClaim): boolean {
    return this.claimVolumes.has(claimKey(claim));
  }

  /**
   * Mounts the claim at the mount's target, declaring its volume at the first mount only; the
   * volume is read-only only while every mount of it is.
   */
  mountClaim(claim: MountedClaim, wantedName: string, mount: { readonly target: string; readonly readOnly: boolean }, subPath?: string): string {
    const { claimName } = claim;
    const known = this.claimVolumes.get(claimKey(claim));
    if (known === undefined) {
      const name = this.mount(wantedName, claimVolume(claimName, mount.readOnly), mount, subPath);
      this.claimVolumes.set(claimKey(claim), name);
      return name;
    }
    const index = this.volumes.findIndex((volume) => volume.name === known);
    if (!mount.readOnly && index >= 0) this.volumes[index] = { name: known, ...claimVolume(claimName, false) };
    this.mountVolume(known, mount, subPath);
    return known;
  }

  /**
   * Mounts a ConfigMap or Secret read-only at `target`: one key as a file (subPath, so the rest of
   * the directory stays visible), or every key as the whole directory.
   */
  mountShipped(target: string, secret: boolean, name: string, items: readonly KeyToPath[] | undefined, subPath?: string): void {
    this.mount(target, shippedSource(secret, name, items), { target, readOnly: true }, subPath);
  }

  /** `<service>-<target>`: names of the objects that hold one service's files. */
  objectName(target: string): string {
    return this.objectNames.claim(dnsLabel(`${this.serviceName}-${target}`), `the object for ${target}`, this.key);
  }

  bindOwner(mount: BindMount, key: string): NameOwner {
    return { id: `bind:${this.context.service.name}:${mount.target}`, what: `bind mount ${mount.source} of service '${this.context.service.name}'`, key };
  }
}

export function shippedSource(secret: boolean, name: string, items: readonly KeyToPath[] | undefined): Omit<k8s.Volume, 'name'> {
  const listed = items === undefined ? {} : { items: [...items] };
  return secret ? { secret: { secretName: name, ...listed } } : { configMap: { name, ...listed } };
}
