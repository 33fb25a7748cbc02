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

  it('finds password hashes: a Mosquitto password file, an htpasswd, a shadow file, whatever their names', () => {
    // The IoT stacks' mosquitto/users (password_file of the broker) was a ConfigMap until 2026-12-07.
    const project = projectWith('shop');
    const mosquitto = 'bridge:$7$101$Q2ZZ9kAjXnzsB4YH$hJ5dqqsbvA8VrcwB1bk3YQ0yM0c2p9o3Y+9Qk0Hq9y8C7bX0nQeW8oX==\n';
    expect(holdsSecretMaterial('/p/mosquitto/users', mosquitto, project)).toBe(true);
    expect(holdsSecretMaterial('/p/mosquitto/pwfile', 'sensor:$6$rounds=5000$abcdefgh$Jd8i3W0Q1rP5oYbS0uZ1mY3b9Nf2\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/nginx/users', 'admin:$apr1$Zx8tmQ2b$Q9k2Ee7nS1rU0aO5y7VvQ/\nops:$2y$05$R7pG9n0q1xQeJvV8mW3sOeK\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/auth/users', 'admin:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/shadow', 'root:$y$j9T$F5Jx8Qm0$Pq2:19000:0:99999:7:::\n', project)).toBe(true);
  });

  it('but not a price, a variable or a comment that looks like one', () => {
    const project = projectWith('shop');
    expect(holdsSecretMaterial('/p/prices.txt', 'coffee:$2 each\ntea:$1.50\n', project)).toBe(false);
    expect(holdsSecretMaterial('/p/users', 'admin:$ADMIN_HASH\n# bridge:$7$101$abc\n', project)).toBe(false);
    expect(holdsSecretMaterial('/p/app.conf', 'listener 1883\npassword_file /mosquitto/config/users\n', project)).toBe(false);
  });

  it("finds a private, encryption or signing key a config line sets, not a path to one: Revolt's Revolt.toml", () => {
    // revoltchat/self-hosted: generate_config.sh writes the VAPID private key and the file encryption
    // key into Revolt.toml, which every service bind-mounts; it was a ConfigMap until 2026-12-07.
    const project = projectWith('shop');
    const revolt = '[hosts]\napp = "https://chat.example.com"\n\n[pushd.vapid]\nprivate_key = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t"\npublic_key = "BDummy"\n';
    expect(holdsSecretMaterial('/p/Revolt.toml', revolt, project)).toBe(true);
    expect(holdsSecretMaterial('/p/Revolt.toml', '[files]\nencryption_key = "q8Vd2nR7xYpL4mK9sT1wZc3bF6hJ0gA5eN2uQ7iO8lU="\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/config.yaml', 'jwt:\n  signing_key: 9f2c1e7b4a\n', project)).toBe(true);
    expect(holdsSecretMaterial('/p/meili.toml', 'master_key = "a-master-key"\n', project)).toBe(true);
    // A path names a file (judged by its own path), a variable sets nothing, a public key is no secret.
    expect(holdsSecretMaterial('/p/app.yaml', 'tls:\n  private_key: /etc/ssl/private/server.key\n  signing_key: "./keys/signing.pem"\n', project)).toBe(false);
    expect(holdsSecretMaterial('/p/app.toml', 'encryption_key = "${ENCRYPTION_KEY}"\npublic_key = "BDummy"\nprimary_key = "id"\n', project)).toBe(false);
  });
});
