/**
 * The Kubernetes 1.27 L1 classes the charts create, rendering their manifests in one walk (issue 7).
 *
 * cdk8s renders an object in three deep walks (resolve, sanitize, then the L1 `toJson_*` functions,
 * which rebuild every mapping with quadratic spreads). Their combined effect on the props these
 * classes are given is: Lazy values and implicit tokens resolved, IntOrString and Quantity turned
 * into their value, null and undefined dropped, mapping keys sorted, and apiVersion, kind and
 * metadata first. The one walk does exactly that, and leaves the object to cdk8s' own rendering
 * whenever the result could differ: JSON patches, resolvers besides the three built-in ones,
 * CDK8S_DISABLE_SORT, a field the L1 class renames, a value that is neither plain data nor a Lazy,
 * token or number-string union, or an error (which cdk8s then reports in its own words).
 * The metadata is rendered from the state of cdk8s' metadata definition in the same walk, with the
 * definition's own sanitizing (empty arrays and mappings dropped) and only where the L1 class keeps
 * what that gives (see renderedMetadata).
 * test/k8s/core/kube-objects.test.ts checks these facts against the generated L1 code.
 */
import {
  App,
  ImplicitTokenResolver,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
  type ApiObject,
  type ApiObjectMetadataDefinition,
  type GroupVersionKind,
  type JsonPatch,
} from 'cdk8s';
import type { Construct } from 'constructs';
import { k8s } from '../../imports/k8s.ts';

// Same constructors and props as `k8s.Kube*`.
export const KubeConfigMap = withOneWalkRendering(k8s.KubeConfigMap);
export const KubeCronJob = withOneWalkRendering(k8s.KubeCronJob);
export const KubeDaemonSet = withOneWalkRendering(k8s.KubeDaemonSet);
export const KubeDeployment = withOneWalkRendering(k8s.KubeDeployment);
export const KubeIngress = withOneWalkRendering(k8s.KubeIngress);
export const KubeJob = withOneWalkRendering(k8s.KubeJob);
export const KubeNamespace = withOneWalkRendering(k8s.KubeNamespace);
export const KubeNetworkPolicy = withOneWalkRendering(k8s.KubeNetworkPolicy);
export const KubePersistentVolumeClaim = withOneWalkRendering(k8s.KubePersistentVolumeClaim);
export const KubePodDisruptionBudget = withOneWalkRendering(k8s.KubePodDisruptionBudget);
export const KubeRole = withOneWalkRendering(k8s.KubeRole);
export const KubeRoleBinding = withOneWalkRendering(k8s.KubeRoleBinding);
export const KubeService = withOneWalkRendering(k8s.KubeService);
export const KubeServiceAccount = withOneWalkRendering(k8s.KubeServiceAccount);
export const KubeStatefulSet = withOneWalkRendering(k8s.KubeStatefulSet);

/** An L1 class: its constructor, and the apiVersion and kind its `toJson` puts first. */
interface L1Class<P extends object> {
  new (scope: Construct, id: string, props: P): ApiObject;
  readonly GVK: GroupVersionKind;
}

/** A subclass of `L1` with the same constructor, rendering in one walk when that gives the same manifest. */
function withOneWalkRendering<P extends object>(L1: L1Class<P>) {
  return class OneWalkRendered extends L1 {
    readonly #props: P;
    #patched = false;

    constructor(scope: Construct, id: string, props: P) {
      super(scope, id, props);
      this.#props = props;
    }

    override addJsonPatch(...ops: JsonPatch[]): void {
      this.#patched = true;
      super.addJsonPatch(...ops);
    }

    override toJson(): unknown {
      return (this.#patched ? undefined : this.#renderedInOneWalk()) ?? super.toJson();
    }

    #renderedInOneWalk(): Record<string, unknown> | undefined {
      try {
        return usesCdk8sDefaults(this) ? manifest(L1.GVK, renderedMetadata(this.metadata), this.#props) : undefined;
      } catch {
        // Not renderable in one walk, or an error that cdk8s' own rendering reports in its own words.
        return undefined;
      }
    }
  };
}

const BUILT_IN_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/** The one walk renders what cdk8s' default resolvers and sorted sanitizer would. */
function usesCdk8sDefaults(object: ApiObject): boolean {
  if (process.env.CDK8S_DISABLE_SORT) return false;
  const resolvers = App.of(object).resolvers;
  return resolvers.length === BUILT_IN_RESOLVERS.length && resolvers.every((resolver, index) => resolver.constructor === BUILT_IN_RESOLVERS[index]);
}

/** The L1 class's manifest: apiVersion, kind and metadata first, then the other props sorted. */
function manifest(gvk: GroupVersionKind, metadata: Record<string, unknown> | undefined, props: object): Record<string, unknown> {
  const result: Record<string, unknown> = { apiVersion: gvk.apiVersion, kind: gvk.kind };
  if (metadata !== undefined) result.metadata = metadata;
  // The L1 class writes apiVersion and kind itself and takes metadata from the object's definition.
  return Object.assign(result, renderedMapping({ ...props, apiVersion: undefined, kind: undefined, metadata: undefined }));
}

/**
 * The state of cdk8s' ApiObjectMetadataDefinition (TypeScript-private there; cdk8s is pinned). Its
 * `toJson()` renders `{ ..._additionalAttributes, name, namespace, annotations, finalizers,
 * ownerReferences, labels }`, resolved, then sanitized dropping empty arrays and mappings.
 */
interface MetadataDefinitionState {
  readonly _additionalAttributes: object;
  readonly annotations: unknown;
  readonly finalizers: unknown;
  readonly labels: unknown;
  readonly name: unknown;
  readonly namespace: unknown;
  readonly ownerReferences: unknown;
}

/** The fields the definition renders from its own state, sorted. */
const METADATA_FIELDS = ['annotations', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences'] as const;
const METADATA_FIELD_NAMES: ReadonlySet<string> = new Set(METADATA_FIELDS);

/** The fields `toJson_OwnerReference` writes (sorted, as it writes them); it drops any other. */
const OWNER_REFERENCE_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'blockOwnerDeletion', 'controller', 'kind', 'name', 'uid']);

/**
 * What `definition.toJson()` renders and the L1 `toJson_ObjectMeta` then keeps as it is. Objects with
 * attributes added beyond the definition's own fields (`metadata.add`: timestamps the L1 class
 * converts, keys it drops), owner references with other fields, or fields of another shape than the
 * L1 function reads are left to cdk8s.
 */
function renderedMetadata(definition: ApiObjectMetadataDefinition): Record<string, unknown> | undefined {
  const state = definition as unknown as MetadataDefinitionState;
  for (const key of Object.keys(state._additionalAttributes)) if (!METADATA_FIELD_NAMES.has(key)) throw new NotRenderableInOneWalk();
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const field of METADATA_FIELDS) {
    const value = sanitizedMetadataValue(state[field]);
    if (value === undefined) continue;
    result[field] = value;
    empty = false;
  }
  const { annotations, finalizers, labels, ownerReferences } = result;
  const keptByL1 =
    isOptionalMapping(annotations) && isOptionalMapping(labels) && (finalizers === undefined || Array.isArray(finalizers)) && areOwnerReferencesKept(ownerReferences);
  if (!keptByL1) throw new NotRenderableInOneWalk();
  return empty ? undefined : result;
}

function isOptionalMapping(value: unknown): boolean {
  return value === undefined || (typeof value === 'object' && !Array.isArray(value));
}

function areOwnerReferencesKept(references: unknown): boolean {
  if (references === undefined) return true;
  if (!Array.isArray(references)) return false;
  return references.every((reference: unknown) => {
    if (reference === undefined) return true;
    if (typeof reference !== 'object' || reference === null || Array.isArray(reference)) return false;
    return Object.keys(reference).every((key) => OWNER_REFERENCE_FIELDS.has(key));
  });
}

/**
 * `value` as the definition's `toJson()` renders it: like `rendered`, but empty arrays and mappings
 * dropped, and no field renamed (the L1 class copies labels, annotations and finalizers as they are).
 * Number-string unions become `{ value }` mappings there, which the one walk leaves to cdk8s.
 */
function sanitizedMetadataValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return rendered(value);
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item: unknown) => sanitizedMetadataValue(item));
  if (Object.getPrototypeOf(value) === Object.prototype) return sanitizedMetadataMapping(value as Readonly<Record<string, unknown>>);
  if (value instanceof Lazy) return sanitizedMetadataValue(value.produce());
  if (isImplicitToken(value)) return sanitizedMetadataValue(value.resolve());
  throw new NotRenderableInOneWalk();
}

function sanitizedMetadataMapping(mapping: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  if (Object.hasOwn(mapping, 'constructor')) throw new NotRenderableInOneWalk();
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const key of Object.keys(mapping).sort()) {
    if (key === '__proto__') throw new NotRenderableInOneWalk();
    const item = sanitizedMetadataValue(mapping[key]);
    if (item === undefined) continue;
    result[key] = item;
    empty = false;
  }
  return empty ? undefined : result;
}

/**
 * The props the L1 `toJson_*` functions write under another name (`clusterIp` as `clusterIP`). The
 * walk cannot tell such a field from a map key of the same name, so cdk8s renders objects holding one.
 */
export const RENAMED_BY_L1: ReadonlySet<string> = new Set([
  'clientIp', 'clusterIp', 'datasetUuid', 'diskUri', 'downwardApi', 'externalId', 'hostIp', 'hostIpc', 'hostPid',
  'insecureSkipTlsVerify', 'loadBalancerIp', 'nodeId', 'nonResourceUrLs', 'openApiv3Schema', 'pdId', 'podCidRs',
  'podCidr', 'providerId', 'ref', 'scaleIo', 'schema', 'setHostnameAsFqdn', 'storagePolicyId',
  'targetCpuUtilizationPercentage', 'targetWwNs', 'volumeId', 'xKubernetesEmbeddedResource', 'xKubernetesIntOrString',
  'xKubernetesListMapKeys', 'xKubernetesListType', 'xKubernetesMapType', 'xKubernetesPreserveUnknownFields',
  'xKubernetesValidations',
]);

/** Thrown where only cdk8s' own rendering is sure to give the same result. */
class NotRenderableInOneWalk extends Error {}

/** `value` as cdk8s renders it: resolved, without null or undefined, keys sorted, unions as their value. */
function rendered(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return undefined;
    case 'object':
      return value === null ? undefined : renderedObject(value);
    default:
      throw new NotRenderableInOneWalk();
  }
}

function renderedObject(value: object): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => rendered(item));
  if (Object.getPrototypeOf(value) === Object.prototype) return renderedMapping(value as Readonly<Record<string, unknown>>);
  // cdk8s' built-in resolvers, in their order.
  if (value instanceof Lazy) return rendered(value.produce());
  if (isImplicitToken(value)) return rendered(value.resolve());
  if ((value instanceof k8s.IntOrString || value instanceof k8s.Quantity) && isNumberOrString(value.value)) return value.value;
  throw new NotRenderableInOneWalk();
}

function renderedMapping(mapping: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // cdk8s' sanitizer reads `mapping.constructor.name`, and its resolver assigns `__proto__`.
  if (Object.hasOwn(mapping, 'constructor')) throw new NotRenderableInOneWalk();
  const keys = Object.keys(mapping);
  // Most mappings the rules build are sorted already; checking is cheaper than sorting.
  if (!isSorted(keys)) keys.sort();
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__' || RENAMED_BY_L1.has(key)) throw new NotRenderableInOneWalk();
    const item = rendered(mapping[key]);
    if (item !== undefined) result[key] = item;
  }
  return result;
}

/** In the order `Array.prototype.sort` puts strings (UTF-16 code units). */
function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index++) if (keys[index - 1]! > keys[index]!) return false;
  return true;
}

function isImplicitToken(value: object): value is { resolve(): unknown } {
  return typeof (value as { resolve?: unknown }).resolve === 'function';
}

function isNumberOrString(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'string';
}
