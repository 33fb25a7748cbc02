/**
 * age (age-encryption.org/v1) encryption to X25519 recipients (`age1…`), armored, as SOPS stores its
 * data key for each age recipient. Written with node:crypto only: the format is small (one header
 * of stanzas, an HMAC, one ChaCha20-Poly1305 STREAM), and the test decrypts with the real sops.
 */
import { createCipheriv, createHmac, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

const INTRO = 'age-encryption.org/v1\n';
const X25519_LABEL = 'age-encryption.org/v1/X25519';
const FILE_KEY_BYTES = 16;
const STREAM_NONCE_BYTES = 16;
const CHUNK_BYTES = 64 * 1024;
const COLUMNS = 64;

/** A malformed recipient: the message names it (a public key, never secret). */
export class AgeRecipientError extends Error {}

/** `plaintext` encrypted to every recipient, ASCII-armored (`-----BEGIN AGE ENCRYPTED FILE-----`). */
export function ageEncrypt(plaintext: Uint8Array, recipients: readonly string[]): string {
  if (recipients.length === 0) throw new AgeRecipientError('no age recipient given');
  const fileKey = randomBytes(FILE_KEY_BYTES);
  const stanzas = recipients.map((recipient) => x25519Stanza(fileKey, parseRecipient(recipient)));
  const withoutMac = `${INTRO}${stanzas.join('')}---`;
  const hmacKey = hkdf(fileKey, Buffer.alloc(0), 'header');
  const mac = createHmac('sha256', hmacKey).update(withoutMac).digest();
  const header = `${withoutMac} ${rawBase64(mac)}\n`;
  const nonce = randomBytes(STREAM_NONCE_BYTES);
  const payload = stream(hkdf(fileKey, nonce, 'payload'), plaintext);
  return armor(Buffer.concat([Buffer.from(header), nonce, payload]));
}

/** `-> X25519 <ephemeral share>` and the file key wrapped for one recipient. */
function x25519Stanza(fileKey: Buffer, recipient: Buffer): string {
  const ephemeral = generateKeyPairSync('x25519');
  const share = rawPublicKey(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: x25519PublicKey(recipient) });
  const wrappingKey = hkdf(shared, Buffer.concat([share, recipient]), X25519_LABEL);
  const body = chacha(wrappingKey, Buffer.alloc(12), fileKey);
  return `-> X25519 ${rawBase64(share)}\n${wrapped(rawBase64(body))}\n`;
}

/** age's STREAM: 64 KiB chunks, nonce = 11-byte big-endian counter and a last-chunk flag. */
function stream(key: Buffer, plaintext: Uint8Array): Buffer {
  const chunks: Buffer[] = [];
  const count = Math.max(1, Math.ceil(plaintext.length / CHUNK_BYTES));
  for (let index = 0; index < count; index++) {
    const nonce = Buffer.alloc(12);
    nonce.writeUIntBE(index, 5, 6);
    if (index === count - 1) nonce[11] = 1;
    chunks.push(chacha(key, nonce, plaintext.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)));
  }
  return Buffer.concat(chunks);
}

function chacha(key: Buffer, nonce: Buffer, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function hkdf(key: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, info, 32));
}

/** Unpadded standard base64, as age writes stanza arguments, bodies and the MAC. */
function rawBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

/** Lines of 64 columns; the last one is shorter, so it may be empty. */
function wrapped(text: string): string {
  const lines: string[] = [];
  for (let at = 0; at <= text.length; at += COLUMNS) lines.push(text.slice(at, at + COLUMNS));
  return lines.join('\n');
}

function armor(bytes: Buffer): string {
  const text = bytes.toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += COLUMNS) lines.push(text.slice(at, at + COLUMNS));
  return `-----BEGIN AGE ENCRYPTED FILE-----\n${lines.join('\n')}\n-----END AGE ENCRYPTED FILE-----\n`;
}

function rawPublicKey(key: KeyObject): Buffer {
  const { x } = key.export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url');
}

function x25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/** The 32-byte X25519 public key of an `age1…` recipient (Bech32, checksum verified). */
export function parseRecipient(recipient: string): Buffer {
  const text = recipient.trim();
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf('1');
  const invalid = (why: string) => new AgeRecipientError(`'${text}' is not an age X25519 recipient (age1…): ${why}`);
  if (text !== lower && text !== text.toUpperCase()) throw invalid('mixed case');
  if (lower.slice(0, separator) !== 'age') throw invalid('it does not start with age1');
  const values: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const value = BECH32.indexOf(char);
    if (value < 0) throw invalid(`'${char}' is not a Bech32 character`);
    values.push(value);
  }
  if (values.length < 6 || polymod([...hrpExpand('age'), ...values]) !== 1) throw invalid('bad checksum');
  const bytes = convertBits(values.slice(0, -6), 5, 8);
  if (bytes === undefined || bytes.length !== 32) throw invalid('not a 32-byte key');
  return Buffer.from(bytes);
}

function hrpExpand(hrp: string): number[] {
  const codes = [...hrp].map((char) => char.charCodeAt(0));
  return [...codes.map((code) => code >> 5), 0, ...codes.map((code) => code & 31)];
}

function polymod(values: readonly number[]): number {
  let check = 1;
  for (const value of values) {
    const top = check >>> 25;
    check = ((check & 0x1ffffff) << 5) ^ value;
    GENERATOR.forEach((generator, bit) => {
      if ((top >>> bit) & 1) check ^= generator;
    });
  }
  return check >>> 0;
}

/** Regroups 5-bit words into bytes; undefined when the padding is not zero bits. */
function convertBits(data: readonly number[], from: number, to: number): number[] | undefined {
  let accumulator = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    accumulator = (accumulator << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((accumulator >> bits) & max);
    }
  }
  if (bits >= from || ((accumulator << (to - bits)) & max) !== 0) return undefined;
  return out;
}
