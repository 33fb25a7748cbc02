/**
 * SOPS-encrypted Secrets (getsops/sops v3 YAML format), as Flux's kustomize-controller, KSOPS and
 * `sops -d` decrypt them: only `data`/`stringData` values are encrypted (`encrypted_regex`), so the
 * object stays readable and a GitOps tool knows what it is. Each Secret is its own document with its
 * own data key and MAC: Flux decrypts one resource at a time.
 *
 * The scheme, as sops writes it: a random 32-byte data key; each value AES-256-GCM with a random
 * 32-byte IV and the value's path (`stringData:KEY:`) as additional data, written
 * `ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]`; the MAC, SHA-512 over every value of the document
 * in order (encrypted or not), hex in capitals, encrypted the same way with `lastmodified` as
 * additional data; the data key encrypted to each age recipient.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type * as k8s from '../../plan/api-types.ts';
import type { Named } from '../../plan/plan.ts';
import { emitYamlDocument, type JsonValue } from '../yaml-emitter.ts';
import { ageEncrypt } from './age.ts';

/** The sops release whose format this writes (tools/gitops/go/sops pins it for the test). */
export const SOPS_FORMAT_VERSION = '3.13.3';
export const SOPS_ENCRYPTED_REGEX = '^(data|stringData)$';
const ENCRYPTED = new RegExp(SOPS_ENCRYPTED_REGEX);

type Tree = JsonValue;

/** One Secret as a SOPS-encrypted YAML document; `now` is its `lastmodified`. */
export function sopsSecret(secret: Named<k8s.Secret>, recipients: readonly string[], now: Date): string {
  const dataKey = randomBytes(32);
  const mac = createHash('sha512');
  const encrypted = walk(secret as unknown as Tree, [], (value, path) => {
    mac.update(value);
    return path.some((key) => ENCRYPTED.test(key)) ? encryptValue(value, dataKey, `${path.join(':')}:`) : value;
  });
  const lastmodified = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const metadata = {
    age: recipients.map((recipient) => ({ recipient, enc: ageEncrypt(dataKey, [recipient]) })),
    lastmodified,
    mac: encryptValue(mac.digest('hex').toUpperCase(), dataKey, lastmodified),
    encrypted_regex: SOPS_ENCRYPTED_REGEX,
    version: SOPS_FORMAT_VERSION,
  };
  return emitYamlDocument({ ...(encrypted as Record<string, Tree>), sops: metadata });
}

/**
 * Visits the string leaves in document order with their path of keys (list indexes are not part of
 * a sops path). A Secret's manifest holds only strings, maps and lists.
 */
function walk(tree: Tree, path: readonly string[], leaf: (value: string, path: readonly string[]) => string): Tree {
  if (typeof tree === 'string') return leaf(tree, path);
  if (Array.isArray(tree)) return tree.map((item) => walk(item, path, leaf));
  if (tree !== null && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, walk(value, [...path, key], leaf)]));
  }
  throw new Error(`a Secret manifest holds only strings, maps and lists, not ${JSON.stringify(tree)}`);
}

/** sops's AES-GCM value encoding; sops leaves an empty value empty. */
function encryptValue(value: string, key: Buffer, additionalData: string): string {
  if (value === '') return '';
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(additionalData));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:str]`;
}
