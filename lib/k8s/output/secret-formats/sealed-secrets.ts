/**
 * SealedSecrets (bitnami.com/v1alpha1) the sealed-secrets controller unseals, as kubeseal writes
 * them in its default strict scope: each value sealed on its own with the controller's public key,
 * bound to `namespace/name` so that it unseals only as that Secret.
 *
 * The controller's hybrid scheme (pkg/crypto HybridEncrypt): a random 32-byte session key,
 * RSA-OAEP(SHA-256) with the scope as label; the value AES-256-GCM with that key and a zero nonce
 * (each key seals one value); stored as a 2-byte big-endian length of the RSA part, the RSA part,
 * then the AES ciphertext with its tag, base64-encoded.
 */
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import type * as k8s from '../../plan/api-types.ts';
import type { Named } from '../../plan/plan.ts';

/** The certificate could not be read as an RSA public key. */
export class SealingCertificateError extends Error {}

export interface SealedSecret {
  readonly apiVersion: 'bitnami.com/v1alpha1';
  readonly kind: 'SealedSecret';
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly encryptedData: Readonly<Record<string, string>>;
    readonly template: { readonly metadata: k8s.ObjectMeta; readonly type?: string };
  };
}

/** The public key of the controller's certificate (`kubeseal --fetch-cert`), or of a PEM public key. */
export function sealingKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch (error) {
    throw new SealingCertificateError(`not a PEM certificate or public key (${error instanceof Error ? error.message : String(error)})`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new SealingCertificateError(`the sealed-secrets controller uses RSA keys, not ${key.asymmetricKeyType}`);
  return key;
}

export function sealSecret(secret: Named<k8s.Secret>, key: KeyObject): SealedSecret {
  const { name, namespace } = secret.metadata;
  if (namespace === undefined) throw new Error(`Secret '${name}' has no namespace: a strict-scope SealedSecret needs one`);
  const label = Buffer.from(`${namespace}/${name}`);
  const values = [
    ...Object.entries(secret.data ?? {}).map(([dataKey, value]) => [dataKey, Buffer.from(value, 'base64')] as const),
    ...Object.entries(secret.stringData ?? {}).map(([dataKey, value]) => [dataKey, Buffer.from(value, 'utf8')] as const),
  ];
  const encryptedData = Object.fromEntries(values.map(([dataKey, value]) => [dataKey, hybridEncrypt(key, value, label).toString('base64')]));
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name, namespace },
    spec: { encryptedData, template: { metadata: { ...secret.metadata }, ...(secret.type ? { type: secret.type } : {}) } },
  };
}

export function hybridEncrypt(key: KeyObject, plaintext: Buffer, label: Buffer): Buffer {
  const sessionKey = randomBytes(32);
  const sealedKey = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, sessionKey);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(sealedKey.length);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  return Buffer.concat([length, sealedKey, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}
