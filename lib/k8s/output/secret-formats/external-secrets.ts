/**
 * ExternalSecrets (external-secrets.io/v1) in place of the Secrets: the External Secrets Operator
 * creates each Secret, under the name the workloads reference, from a secret manager the user
 * fills. Remote keys follow one rule, so the manager's layout can be written down once: the remote
 * secret `<namespace>/<Secret name>` holds one property per Secret key.
 */
import type * as k8s from '../../plan/api-types.ts';
import type { Named } from '../../plan/plan.ts';

export const STORE_KINDS = ['SecretStore', 'ClusterSecretStore'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface SecretStoreRef {
  readonly name: string;
  readonly kind: StoreKind;
}

export interface ExternalSecret {
  readonly apiVersion: 'external-secrets.io/v1';
  readonly kind: 'ExternalSecret';
  readonly metadata: k8s.ObjectMeta & { readonly name: string };
  readonly spec: {
    readonly refreshInterval: string;
    readonly secretStoreRef: SecretStoreRef;
    readonly target: { readonly name: string; readonly creationPolicy: 'Owner'; readonly template: { readonly type: string; readonly metadata: { readonly labels: Readonly<Record<string, string>> } } };
    readonly data: readonly { readonly secretKey: string; readonly remoteRef: { readonly key: string; readonly property: string } }[];
  };
}

/** The remote secret that holds a Secret's keys as properties. */
export function remoteKey(secret: Named<k8s.Secret>): string {
  return `${secret.metadata.namespace ?? 'default'}/${secret.metadata.name}`;
}

export function externalSecret(secret: Named<k8s.Secret>, store: SecretStoreRef): ExternalSecret {
  const keys = [...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const { name, namespace, labels = {} } = secret.metadata;
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}), labels },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: store,
      target: { name, creationPolicy: 'Owner', template: { type: secret.type ?? 'Opaque', metadata: { labels } } },
      data: keys.map((key) => ({ secretKey: key, remoteRef: { key: remoteKey(secret), property: key } })),
    },
  };
}
