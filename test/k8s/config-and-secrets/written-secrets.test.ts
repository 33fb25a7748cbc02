import { describe, expect, it } from 'vitest';
import { scriptSecrets, writtenSecrets, type WrittenSecret } from '../../../lib/k8s/config-and-secrets/written-secrets.ts';

/** Each secret as `NAME=text (what)`, its text cut from where the scanner says it is. */
const shown = (text: string, secrets: readonly WrittenSecret[]) => secrets.map((secret) => `${secret.name}=${text.slice(secret.start, secret.end)} (${secret.what})`);
const inScript = (script: string) => shown(script, scriptSecrets(script));

describe('passwords and keys a shell script writes out', () => {
  it('finds the values of flags named for a secret, in both forms', () => {
    expect(inScript("bench new-site --mariadb-user-host-login-scope='%' --admin-password=admin --db-root-username=root --db-root-password admin2 --install-app erpnext")).toEqual([
      'ADMIN_PASSWORD=admin (--admin-password)',
      'DB_ROOT_PASSWORD=admin2 (--db-root-password)',
    ]);
    expect(inScript('server -auth-token=t0k3n -password p4ss')).toEqual(['AUTH_TOKEN=t0k3n (-auth-token)', 'PASSWORD=p4ss (-password)']);
  });

  it('finds the values of secret variables a script assigns', () => {
    expect(inScript("PGPASSWORD=abc psql -h db -U app; export DB_PASSWORD='x y' && local API_TOKEN=\"t1\"")).toEqual([
      'PGPASSWORD=abc (PGPASSWORD=)',
      'DB_PASSWORD=x y (DB_PASSWORD=)',
      'API_TOKEN=t1 (API_TOKEN=)',
    ]);
  });

  it("finds the clients' own password options", () => {
    expect(inScript('mysqladmin ping -h localhost -u root -pmagento')).toEqual(['MYSQL_PASSWORD=magento (mysqladmin -p)']);
    expect(inScript('redis-cli -a s3cr3t ping || valkey-cli -h v -a v4lk3y ping')).toEqual(['REDIS_PASSWORD=s3cr3t (redis-cli -a)', 'REDIS_PASSWORD=v4lk3y (valkey-cli -a)']);
    expect(inScript('mongosh -u root -p example --eval "db.ping()"')).toEqual(['MONGO_PASSWORD=example (mongosh -p)']);
    expect(inScript('curl -fsu elastic:changeme http://localhost:9200')).toEqual(['CURL_PASSWORD=changeme (curl -fsu)']);
    expect(inScript('fabric-ca-server start -b admin:adminpw -d')).toEqual(['CA_PASSWORD=adminpw (fabric-ca-server -b)']);
    expect(inScript('htpasswd -bc /etc/nginx/.htpasswd admin s3cret && htpasswd -nb user pw2 > /x')).toEqual(['HTPASSWD_PASSWORD=s3cret (htpasswd -b)', 'HTPASSWD_PASSWORD=pw2 (htpasswd -b)']);
  });

  it("finds the MinIO client's secret keys, its last positional word, flags wherever they stand", () => {
    // getindata/flink-sql-runner's createbuckets printed both keys in its Job's command.
    expect(inScript('/usr/bin/mc alias set myminio http://minio:9000 user password; /usr/bin/mc admin user add myminio flink-sql-runner secretkey')).toEqual([
      'MINIO_SECRET_KEY=password (mc alias set)',
      'MINIO_SECRET_KEY=secretkey (mc admin user add)',
    ]);
    expect(inScript('mc --quiet config host add --api s3v4 local http://minio:9000 access s3cr3t && mcli alias set --path on m http://m:9000 a k3y')).toEqual([
      'MINIO_SECRET_KEY=s3cr3t (mc config host add)',
      'MINIO_SECRET_KEY=k3y (mcli alias set)',
    ]);
    expect(shown('k3y', writtenSecrets(['mc', 'alias', 'set', 'm', 'http://m:9000', 'a', 'k3y'])[6]!)).toEqual(['MINIO_SECRET_KEY=k3y (mc alias set)']);
    // A line continuation makes no word: mlflow's create-bucket writes its key on the next line.
    expect(inScript('\n  mc alias set myminio http://minio:9000 \\\n    minio Hb3mT8sQ &&\n  mc mb x\n')).toEqual(['MINIO_SECRET_KEY=Hb3mT8sQ (mc alias set)']);
    const none = [
      'mc alias set m http://m:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"',
      'mc alias set m http://m:9000',
      'mc alias set m http://m:9000 access',
      'mc mb --ignore-existing m/bucket admin user add',
      'mc admin policy attach m readwrite --user app',
      'mc anonymous set public m/bucket',
    ];
    for (const script of none) expect(inScript(script), script).toEqual([]);
  });

  it('leaves what names where a secret is, a setting, a switch or a variable', () => {
    const none = [
      'mysqladmin -p$MYSQL_ROOT_PASSWORD ping',
      'mysql --password "$PW" db',
      'mysql -p mydb',
      'psql --password mydb',
      'pg_dump -W --password mydb',
      'redis-cli -a "$REDIS_PASSWORD" ping',
      'curl -u elastic http://x',
      'curl -u elastic:"$P" http://x',
      'htpasswd -c /etc/htpasswd admin',
      'docker login --password-stdin registry',
      'app --no-password x --token-ttl 3600 --api-key-file /run/secrets/k --secret-name app-secret',
      'app --api-key=$(cat /run/secrets/k) --password=`cat /p` --token=${TOKEN}',
      'app --password=/run/secrets/pw --private true --password-file=pw.txt',
      'openssl pkcs12 -passin file:/p -passout env:PASS',
      'postgres -c password_encryption=scram-sha-256',
      '# --password=hidden in a comment',
      'pg_isready -U postgres -d postgres',
    ];
    for (const script of none) expect(inScript(script), script).toEqual([]);
  });

  it('finds a value only where it was written as one run: its place in the script is exact', () => {
    const script = 'redis-server --requirepass "s3 cr3t" --port 6379; redis-server --requirepass=ab\\"c';
    expect(inScript(script)).toEqual(['REQUIREPASS=s3 cr3t (--requirepass)']);
    expect(inScript("x --password='a'b")).toEqual([]);
    expect(inScript('until redis-cli -a pw1 ping; do sleep 1; done\n(mysql -proot -e "select 1")')).toEqual(['REDIS_PASSWORD=pw1 (redis-cli -a)', 'MYSQL_PASSWORD=root (mysql -p)']);
  });
});

describe('passwords and keys a command line writes out', () => {
  it('reads the words of an exec-form command line, a command of flags alone included', () => {
    const words = ['--chain=polkadot-local', '--node-key', 'aa788920', '--requirepass=hunter2', '--alice'];
    const found = writtenSecrets(words);
    expect(found.map((secrets, index) => shown(words[index]!, secrets))).toEqual([[], [], ['NODE_KEY=aa788920 (--node-key)'], ['REQUIREPASS=hunter2 (--requirepass)'], []]);
    expect(writtenSecrets(['mysqladmin', 'ping', '-pmagento']).flat().map((secret) => secret.name)).toEqual(['MYSQL_PASSWORD']);
  });

  it('takes a value written with quotes or escapes inside it from a -c script as written, which Kubernetes puts back in place', () => {
    const words = ['sh', '-c', "x --admin-password=ab'c'd --token \"t k\"n && mysql -p'r o'ot && y --secret=$S"];
    const found = writtenSecrets(words);
    expect(shown(words[2]!, found[2]!)).toEqual(["ADMIN_PASSWORD=ab'c'd (--admin-password)", 'TOKEN=t k"n (--token)', "MYSQL_PASSWORD=r o'ot (mysql -p)"]);
    // A script the probe's shell reads with "${VAR}" keeps them written.
    expect(inScript(words[2]!)).toEqual([]);
  });

  it('reads the script a shell runs with -c as a script', () => {
    const words = ['/bin/sh', '-ec', 'redis-server --requirepass x1 --port 6379', 'argv0'];
    const found = writtenSecrets(words);
    expect(found.map((secrets, index) => shown(words[index]!, secrets))).toEqual([[], [], ['REQUIREPASS=x1 (--requirepass)'], []]);
  });
});
