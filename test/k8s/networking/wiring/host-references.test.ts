import { describe, expect, it } from 'vitest';
import { hostReferences, rewriteReferences, type ScanMode } from '../../../../lib/k8s/networking/wiring/host-references.ts';
import { isHostPosition } from '../../../../lib/k8s/networking/wiring/host-positions.ts';

const NAMES = new Set(['db', 'db_postgres', 'api', 'kafka', 'redis', 'postgres', 'worker']);
const lookup = (name: string): string | undefined => (NAMES.has(name.toLowerCase()) ? name.toLowerCase() : undefined);

function found(text: string, mode: ScanMode = 'words'): string[] {
  return hostReferences(text, mode, lookup).map((r) => `${r.name}/${r.form}${r.port !== undefined ? `:${r.port}` : ''}`);
}

describe('host references in values and words', () => {
  it('finds URL hosts with their explicit or scheme port, not schemes, users or paths', () => {
    expect(found('http://api:9999/h')).toEqual(['api/url:9999']);
    expect(found('postgres://postgres:secret@db_postgres/app')).toEqual(['db_postgres/url:5432']);
    expect(found('redis://redis')).toEqual(['redis/url:6379']);
    expect(found('https://example.com/api/db')).toEqual([]);
    expect(found('mongodb://db:27017,kafka:27018/x')).toEqual(['db/url:27017', 'kafka/url:27018']);
    expect(found('postgresql://worker:1234@db:5432/x')).toEqual(['db/url:5432']);
    // A user without a password is no host either (AFFiNE's `postgresql://affine@postgres:5432/affine`).
    expect(found('postgresql://worker@db:5432/worker')).toEqual(['db/url:5432']);
    expect(found('redis://api@redis')).toEqual(['redis/url:6379']);
    // etcd's --initial-cluster, a list of named URLs: `db=` starts the next item and is no further
    // host of the URL before it (it got http's port 80 until 2026-12-06).
    expect(found('api=http://api:2380,db=http://db:2380')).toEqual(['api/url:2380', 'db/url:2380']);
  });

  it("finds no host in an object store's URL, whose authority is a bucket", () => {
    // mlflow's `MLFLOW_ARTIFACTS_DESTINATION: s3://mlflow` named the service itself until 2026-12-07.
    expect(found('s3://db_postgres/artifacts')).toEqual([]);
    expect(found('--artifacts-destination s3://api')).toEqual([]);
    expect(found('gs://worker/x S3A://kafka')).toEqual([]);
    expect(rewriteReferences('s3://db_postgres/a', hostReferences('s3://db_postgres/a', 'words', lookup), (reference) => reference.name.replace('_', '-'))).toBe('s3://db_postgres/a');
    // An S3 endpoint is a host as any other.
    expect(found('http://db:9000')).toEqual(['db/url:9000']);
  });

  it("finds a replica set's members after its name, not a path's or an image's last part", () => {
    // MongoDB's mongos `--configdb cfg/config01:27117,config02:27117`, an init script's `sh.addShard("rs1/…")`:
    // the first member was missed until 2026-12-07, and its Service lacked the port.
    expect(found('cfg/db:27117,kafka:27117')).toEqual(['db/host-port:27117', 'kafka/host-port:27117']);
    expect(found('mongos --configdb cfg/db:27117')).toEqual(['db/host-port:27117']);
    expect(found('sh.addShard("rs1/db:27018,api:27018")', 'file')).toEqual(['db/host-port:27018', 'api/host-port:27018']);
    expect(found('/var/lib/db:5432')).toEqual([]);
    expect(found('https://example.com/x/db:5432')).toEqual([]);
  });

  it('finds host:port, bare values, flags and host lists', () => {
    expect(found('kafka:9092')).toEqual(['kafka/host-port:9092']);
    expect(found('db')).toEqual(['db/bare']);
    expect(found('DB')).toEqual(['DB/bare']);
    expect(found('nc -z kafka 9092')).toEqual(['kafka/bare']);
    expect(found('--host=db_postgres')).toEqual(['db_postgres/bare']);
    expect(found('kafka:9092,db:5432')).toEqual(['kafka/host-port:9092', 'db/host-port:5432']);
    // Kafka's and etcd's voter lists, and every URL of a listener list.
    expect(found('1@kafka:9093,2@db:9093')).toEqual(['kafka/host-port:9093', 'db/host-port:9093']);
    expect(found('PLAINTEXT://kafka:19092,CONTROLLER://kafka:9093')).toEqual(['kafka/url:19092', 'kafka/url:9093']);
  });

  it('leaves longer host names, tags, files and e-mail domains alone', () => {
    expect(found('db.example.com')).toEqual([]);
    expect(found('my-db')).toEqual([]);
    expect(found('db-data')).toEqual([]);
    expect(found('redis:7-alpine')).toEqual([]);
    // `admin@db`: an e-mail domain, or an Erlang node's host; which one, host-positions.ts decides by the variable.
    expect(hostReferences('admin@db', 'words', lookup).map((r) => [r.name, r.nodeName])).toEqual([['db', true]]);
    expect(found('admin@db', 'file')).toEqual([]);
    expect(found('worker.py')).toEqual([]);
    expect(found('db_postgres_1')).toEqual([]);
  });

  it("takes a node's host (`name@host`) for a host only where the variable names a cluster's nodes", () => {
    // EMQX's seeds: left as written, the seeds named hosts that no longer existed once EMQX_HOST
    // was rewritten (emqx/emqx's CI cluster, until 2026-12-06).
    const hosts = (text: string, variable: string) =>
      hostReferences(text, 'words', lookup).filter((r) => isHostPosition(r, { variable })).map((r) => r.name);
    expect(hosts('[emqx@db, emqx@api]', 'EMQX_CLUSTER__STATIC__SEEDS')).toEqual(['db', 'api']);
    expect(hosts('emqx1@db', 'EMQX_NODE__NAME')).toEqual(['db']);
    expect(hosts('rabbit@redis', 'RABBITMQ_NODENAME')).toEqual(['redis']);
    expect(hosts('admin@db', 'ADMIN_EMAIL')).toEqual([]);
    expect(hosts('noreply@db', 'SMTP_FROM_ADDRESS')).toEqual([]);
    expect(hosts('admin@db', 'GIT_AUTHOR')).toEqual([]);
  });

  it('counts names in configuration files only at host positions', () => {
    // `http://api` names the upstream group, whose `server` line is the reference (not api's port 80).
    const nginx = 'upstream api { server api:9999; }\nlocation / { proxy_pass http://api; }\n# the api answers here\n';
    expect(found(nginx, 'file')).toEqual(['api/host-port:9999']);
    expect(found('location / { proxy_pass http://api; }\n', 'file')).toEqual(['api/url:80']);
    // A server line without a port is nginx's port 80, as `http://api` was.
    expect(found('upstream api { server api; }\nserver { location / { proxy_pass http://api; } }\n', 'file')).toEqual(['api/bare:80']);
    expect(found('upstream pool { server db; }\nserver { server_name db; }\n', 'file')).toEqual(['db/bare:80']);
    expect(found('host = db_postgres\nname: "db"\n\'server\' => \'redis\',', 'file')).toEqual(['db_postgres/bare', 'db/bare', 'redis/bare']);
    expect(found('connect to the db quickly', 'file')).toEqual([]);
    // An XML element's whole text, under its tag (ClickHouse's <host>); host-positions.ts reads the tag.
    const xml = '<zookeeper><node index="1"><host>db</host><port>9181</port></node></zookeeper>\n<name>redis</name><a>b</a>api<c>';
    expect(hostReferences(xml, 'file', lookup).map((r) => [r.name, r.lead])).toEqual([['db', 'host'], ['redis', 'name']]);
    expect(found('<host attr="<">db</host> </x>db</y>', 'file')).toEqual([]);
  });

  it("leads a YAML block sequence's whole items with the sequence's key (OpenSearch's discovery.seed_hosts)", () => {
    // wazuh/wazuh-docker's multi-node indexers list their seeds one per line; as no position, the
    // items kept compose names no Service answers to.
    const yaml = 'network.host: db\ncluster.initial_master_nodes:\n  - db\n  - api\ndiscovery.seed_hosts:\n        - db # first\n\n        - "api"\nusers:\n- redis\nnotes:\n  - see db later\n  - db: 1\n';
    expect(hostReferences(yaml, 'file', lookup).map((r) => [r.name, r.lead])).toEqual([
      ['db', 'network.host'], ['db', 'cluster.initial_master_nodes'], ['api', 'cluster.initial_master_nodes'],
      ['db', 'discovery.seed_hosts'], ['api', 'discovery.seed_hosts'], ['redis', 'users'],
    ]);
    const hosts = hostReferences(yaml, 'file', lookup).filter((r) => isHostPosition(r, {})).map((r) => `${r.name}@${r.lead}`);
    expect(hosts).toEqual(['db@network.host', 'db@discovery.seed_hosts', 'api@discovery.seed_hosts']);
  });

  it("leads every item of a list by the list's key, not the first only", () => {
    // CockroachDB's `start --join=roach-0,roach-1,roach-2` (dbist/cockroach-docker), ScyllaDB's
    // `--seeds=scylla-node1,scylla-node2`: until 2026-12-07 the items after the first were led by
    // `--join=roach-0,`, no host flag, so only the first member was known to be named.
    const hosts = (text: string, mode: ScanMode = 'words') => hostReferences(text, mode, lookup).filter((r) => isHostPosition(r, {})).map((r) => `${r.name}@${r.lead}`);
    expect(hosts('--join=db,api,worker')).toEqual(['db@--join', 'api@--join', 'worker@--join']);
    expect(hosts('--seeds=db,api --memory 750M')).toEqual(['db@--seeds', 'api@--seeds']);
    expect(hosts('CASSANDRA_SEEDS=db, api')).toEqual(['db@CASSANDRA_SEEDS', 'api@CASSANDRA_SEEDS']);
    // A list under a key that names no host stays none.
    expect(hosts('--users=db,api')).toEqual([]);
  });

  it('finds the names of a value that lists names separated by blanks, under a host variable', () => {
    // bitnami/containers' redis-cluster: `REDIS_NODES=redis-node-0 redis-node-1 … redis-node-5`.
    // Until 2026-12-07 no item was a host, and the members were not known to name each other.
    const hosts = (text: string, variable: string) => hostReferences(text, 'words', lookup).filter((r) => isHostPosition(r, { variable })).map((r) => r.name);
    expect(hosts('db api worker', 'REDIS_NODES')).toEqual(['db', 'api', 'worker']);
    expect(hosts(' kafka redis ', 'CLUSTER_PEERS')).toEqual(['kafka', 'redis']);
    // Not under a variable that names no host, nor among other words, nor in a command.
    expect(hosts('db api', 'REDIS_DATABASES')).toEqual([]);
    expect(hosts('localhost 127.0.0.1 api', 'ALLOWED_HOSTS')).toEqual([]);
    expect(hostReferences('db api', 'words', lookup).filter((r) => isHostPosition(r, {})).map((r) => r.name)).toEqual([]);
  });

  it('says what leads a host:port, so the caller can tell an image reference from an address', () => {
    const leads = (text: string) => hostReferences(text, 'file', lookup).map((r) => [r.name, r.lead, r.leadOpensLine ?? false, r.pathFollows ?? false]);
    expect(leads('FROM postgres:11 AS base\nCOPY --from=redis:7 /a /b\n')).toEqual([['postgres', 'FROM', true, false], ['redis', '--from', false, false]]);
    expect(leads('from: api:8081\n  image: "db:5000/app:1"\n')).toEqual([['api', 'from', false, false], ['db', 'image', false, true]]);
  });

  it('rewrites exactly the references, nothing around them', () => {
    const text = 'postgres://u:p@db_postgres:5432/app?x=db_postgres_1';
    const references = hostReferences(text, 'words', lookup);
    expect(rewriteReferences(text, references, () => 'db-postgres')).toBe('postgres://u:p@db-postgres:5432/app?x=db_postgres_1');
    expect(rewriteReferences('db', hostReferences('db', 'words', lookup), () => undefined)).toBe('db');
  });

  it('takes linear time on long texts', () => {
    const text = `${'a'.repeat(200_000)}:${'1'.repeat(200_000)} ${'x/'.repeat(100_000)}db`;
    expect(found(text)).toEqual([]);
  });
});
