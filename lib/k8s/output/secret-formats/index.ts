/**
 * The forms `cdk8s-compose secrets` prints the Secrets in (issue 19.2): plain Secrets for
 * `kubectl apply`, or forms a GitOps repository can hold — ExternalSecrets that fetch the values
 * from a secret manager, SealedSecrets only the cluster's controller opens, SOPS-encrypted Secrets
 * that Flux or KSOPS decrypt with an age key.
 */
import type { KeyObject } from 'node:crypto';
import type * as k8s from '../../plan/api-types.ts';
import type { Named } from '../../plan/plan.ts';
import { emitYamlDocument, type JsonValue } from '../yaml-emitter.ts';
import { externalSecret, type SecretStoreRef } from './external-secrets.ts';
import { sealSecret } from './sealed-secrets.ts';
import { sopsSecret } from './sops.ts';

export { AgeRecipientError, parseRecipient } from './age.ts';
export { STORE_KINDS, remoteKey, type StoreKind } from './external-secrets.ts';
export { SealingCertificateError, sealingKey } from './sealed-secrets.ts';

export const SECRET_FORMATS = ['plain', 'external-secrets', 'sealed', 'sops'] as const;
export type SecretFormat = (typeof SECRET_FORMATS)[number];

export type SecretOutput =
  | { readonly format: 'plain' }
  | { readonly format: 'external-secrets'; readonly store: SecretStoreRef }
  /** `key`: the public key of the controller's certificate (`sealingKey`). */
  | { readonly format: 'sealed'; readonly key: KeyObject }
  /** `now`: the files' `lastmodified`. */
  | { readonly format: 'sops'; readonly recipients: readonly string[]; readonly now: Date };

/** One YAML document per Secret, in the Secrets' order, in the chosen form. */
export function renderSecrets(secrets: readonly Named<k8s.Secret>[], output: SecretOutput): string[] {
  const yaml = (object: unknown): string => emitYamlDocument(object as JsonValue);
  switch (output.format) {
    case 'plain':
      return secrets.map(yaml);
    case 'external-secrets':
      return secrets.map((secret) => yaml(externalSecret(secret, output.store)));
    case 'sealed':
      return secrets.map((secret) => yaml(sealSecret(secret, output.key)));
    case 'sops':
      return secrets.map((secret) => sopsSecret(secret, output.recipients, output.now));
  }
}
