/**
 * The broker password files `cdk8s-compose secrets` writes (issue 23): mosquitto's own hash, one
 * entry per client service from its MQTT variables, the file's other entries kept, and a refusal
 * (never showing a value) when a client's passwords disagree or are empty. A real mosquitto checks
 * the result in test/charts/broker-clients.test.ts.
 */
import { pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/compose/load.ts';
import { translate } from '../../lib/k8s/translate.ts';
import { brokerPasswordFiles } from '../../lib/mqtt/broker-passwords.ts';
import { aclUsers, passwordFileText } from '../../lib/mqtt/password-file.ts';
import { mosquittoPasswordHash } from '../../lib/mqtt/password-hash.ts';

describe('mosquitto password hashes', () => {
  it("are mosquitto 2.0's $7$: PBKDF2-SHA512, 101 iterations, 12-byte salt, 64-byte hash", () => {
    const salt = Buffer.from('0123456789ab');
    const [, scheme, iterations, saltText, hash] = mosquittoPasswordHash('secret', salt).split('$');
    expect([scheme, iterations, saltText]).toEqual(['7', '101', salt.toString('base64')]);
    expect(hash).toBe(pbkdf2Sync('secret', salt, 101, 64, 'sha512').toString('base64'));
  });

  it('take a fresh salt each time', () => {
    expect(mosquittoPasswordHash('secret')).not.toBe(mosquittoPasswordHash('secret'));
  });
});

describe('password files', () => {
  it("keep the file's comments and other users, and replace the generated users' entries", () => {
    const text = passwordFileText([{ user: 'app', password: 'p' }], '# devices\ndevice:$7$101$old$old\napp:$7$101$stale$stale\n');
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['# devices', 'device:$7$101$old$old']);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^app:\$7\$101\$/);
    expect(text).not.toContain('stale');
  });

  it('ACL users are read from user lines', () => {
    expect([...aclUsers('# x\nuser a\ntopic read t\n  user b c\npattern read %u\n')]).toEqual(['a', 'b c']);
  });
});

const CONF = 'listener 1883\nallow_anonymous false\npassword_file /mosquitto/config/passwd\nacl_file /mosquitto/config/acl\n';

function compose(clients: string): string {
  return `name: shop
services:
  broker:
    image: eclipse-mosquitto:2.0
    volumes:
      - ./mosquitto.conf:/mosquitto/config/mosquitto.conf:ro
      - ./passwd:/mosquitto/config/passwd:ro
      - ./acl:/mosquitto/config/acl:ro
${clients}
secrets:
  mqtt_password:
    file: ./mqtt_password.txt
`;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'broker-passwords-'));
  writeFileSync(join(dir, 'mosquitto.conf'), CONF);
  writeFileSync(join(dir, 'passwd'), '# users\n');
  writeFileSync(join(dir, 'acl'), 'user app\ntopic readwrite shop/#\n');
  writeFileSync(join(dir, 'mqtt_password.txt'), 'from-the-file\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function filesFor(clients: string) {
  writeFileSync(join(dir, 'compose.yaml'), compose(clients));
  const plan = translate(loadProject({ files: [join(dir, 'compose.yaml')], environment: {} }));
  return { plan, result: brokerPasswordFiles(plan) };
}

const passwdOf = (secrets: readonly { name: string; stringData: Readonly<Record<string, string>> }[]): string =>
  secrets.flatMap((secret) => Object.values(secret.stringData)).find((value) => value.startsWith('# users')) ?? '';

describe('broker password files from the clients', () => {
  it('one entry per client service that names the broker, with the password its variable gives', () => {
    const { result } = filesFor(`  app:
    image: shop/app:1
    environment:
      MQTT_HOST: broker
      MQTT_USERNAME: app
      MQTT_PASSWORD: from-the-variable
  web:
    image: shop/web:1
    environment:
      BACKEND: app
`);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const [line] = passwdOf(result.secrets).split('\n').filter((text) => text.startsWith('app:'));
    const [, , , salt, hash] = line!.split('$');
    expect(hash).toBe(pbkdf2Sync('from-the-variable', Buffer.from(salt!, 'base64'), 101, 64, 'sha512').toString('base64'));
  });

  it('takes the secret file a _FILE variable names, and refuses when it and the variable differ', () => {
    const client = (direct: string) => `  app:
    image: shop/app:1
    secrets: [mqtt_password]
    environment:
      MQTT_BROKER_URL: mqtt://broker:1883
      MQTT_USER: app
      ${direct}MQTT_PASSWORD_FILE: /run/secrets/mqtt_password
`;
    const fromFile = filesFor(client('')).result;
    expect(fromFile.errors).toEqual([]);
    const [, , , salt, hash] = passwdOf(fromFile.secrets).split('\n').find((text) => text.startsWith('app:'))!.split('$');
    expect(hash).toBe(pbkdf2Sync('from-the-file', Buffer.from(salt!, 'base64'), 101, 64, 'sha512').toString('base64'));

    const differ = filesFor(client('MQTT_PASSWORD: other-value\n      ')).result;
    expect(differ.errors).toEqual([expect.stringContaining("service 'app': MQTT_PASSWORD and the secret MQTT_PASSWORD_FILE names differ")]);
    expect(differ.errors.join('\n')).not.toMatch(/other-value|from-the-file/);
  });

  it('refuses an empty password, and warns about a client without a user or outside the ACL', () => {
    const { result } = filesFor(`  app:
    image: shop/app:1
    environment:
      MQTT_HOST: broker
      MQTT_USER: app
      MQTT_PASSWORD: ""
  worker:
    image: shop/worker:1
    environment:
      MQTT_HOST: broker
  other:
    image: shop/other:1
    environment:
      MQTT_HOST: broker
      MQTT_USER: other
      MQTT_PASSWORD: p
`);
    expect(result.errors).toEqual([expect.stringContaining("service 'app': MQTT_PASSWORD is empty")]);
    expect(result.warnings).toEqual([
      expect.stringContaining("service 'worker' connects to 'broker' (MQTT_HOST) without a user"),
      expect.stringContaining("service 'other' logs in to 'broker' as 'other', whom its ACL (/mosquitto/config/acl) gives no topic"),
    ]);
  });

  it("does not warn about a client without a user whose listener admits anonymous clients (per listener)", () => {
    writeFileSync(join(dir, 'mosquitto.conf'), `per_listener_settings true\n${CONF}listener 9001\nprotocol websockets\nallow_anonymous true\nacl_file /mosquitto/config/acl\n`);
    const { result } = filesFor(`  browser:
    image: shop/browser:1
    environment:
      MQTT_WS_URL: ws://broker:9001
  worker:
    image: shop/worker:1
    environment:
      MQTT_HOST: broker
      MQTT_PORT: "1883"
`);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining("service 'worker' connects to 'broker' (MQTT_HOST) without a user")]);
  });
});
