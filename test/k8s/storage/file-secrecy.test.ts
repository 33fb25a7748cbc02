import { describe, expect, it } from 'vitest';
import { holdsSecretMaterial } from '../../../lib/k8s/storage/file-secrecy.ts';
import { makeProject, makeService } from '../../support/model.ts';

const projectWith = (password: string) => makeProject([makeService('db', { environment: { DB_PASSWORD: password } })]);

describe('holdsSecretMaterial', () => {
  it.each(['shop', 'postgres', 'airflow', 'secret'])('ignores a weak secret value (%s) found in a config file', (password) => {
    expect(holdsSecretMaterial('/p/nginx.conf', `location /${password} { }\n`, projectWith(password))).toBe(false);
  });

  it.each(['x7Kq-29fLm', 'correct-horse-battery-staple'])('finds a strong secret value (%s)', (password) => {
    expect(holdsSecretMaterial('/p/app.ini', `dsn = postgres://db/${password}\n`, projectWith(password))).toBe(true);
  });

  it('finds private keys, credential lines and key files whatever the project holds', () => {
    const project = projectWith('shop');
    expect(holdsSecretMaterial('/p/a.txt', '-----BEGIN RSA PRIVATE KEY-----\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/redis.conf', 'requirepass hunter2\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/certs/server.key', 'anything', project)).toBe(true);
    expect(holdsSecretMaterial('/p/redis.conf', 'appendonly yes\n', project)).toBe(false);
  });

  it('finds a credential in an XML element, not an empty one, a variable or a file path', () => {
    // ClickHouse's users.d password and an API token were ConfigMaps until 2026-12-07: a credential
    // line starts with its key, which an XML element never does.
    const project = projectWith('shop');
    expect(holdsSecretMaterial('/p/users.xml', '<clickhouse><users><app>\n  <password>Sup3rS3cret-pw</password>\n</app></users></clickhouse>\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/app.xml', '<config><api_token type="x">abc</api_token></config>', project)).toBe(true);
    expect(holdsSecretMaterial('/p/users.xml', '<users><default><password></password><password_file>/run/pw</password_file></default></users>', project)).toBe(false);
    expect(holdsSecretMaterial('/p/users.xml', '<password>\n  </password><secret>$SECRET</secret><token>${TOKEN}</token>', project)).toBe(false);
    expect(holdsSecretMaterial('/p/pom.xml', '<project><name>password-reset</name><artifactId>secret-store</artifactId></project>', project)).toBe(false);
  });
});
