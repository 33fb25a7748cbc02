import { pbkdf2Sync, randomBytes } from 'node:crypto';

/** mosquitto 2.0's `$7$` scheme, what `mosquitto_passwd` writes: PBKDF2-SHA512, 101 iterations, a 12-byte salt, a 64-byte hash. */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const HASH_BYTES = 64;

/** The password field of a mosquitto password file line (`user:<this>`): `$7$101$<salt>$<hash>`, both base64. */
export function mosquittoPasswordHash(password: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const hash = pbkdf2Sync(password, salt, ITERATIONS, HASH_BYTES, 'sha512');
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}
