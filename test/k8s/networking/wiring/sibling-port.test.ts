import { describe, expect, it } from 'vitest';
import { siblingPort } from '../../../../lib/k8s/networking/wiring/sibling-port.ts';

/** The port beside `name`, the value of `key`, in `text`. */
const portOf = (text: string, name: string, key: string): number | undefined => {
  const start = text.indexOf(`${name}`, text.indexOf(key) + key.length);
  return siblingPort(text, start, start + name.length, key.replace(/["':= ]/g, ''));
};

/** The port beside the XML element `<key>name</key>` in `text`. */
const xmlPortOf = (text: string, name: string, key = 'host'): number | undefined => {
  const start = text.indexOf(`<${key}>${name}</`) + key.length + 2;
  return siblingPort(text, start, start + name.length, key);
};

describe('siblingPort', () => {
  it("pairs Envoy's socket_address address with its port_value (bigcapital's docker/envoy/envoy.yaml)", () => {
    const envoy = `clusters:
  - name: webapp
    connect_timeout: 5s
    type: STRICT_DNS
    load_assignment:
      cluster_name: webapp
      endpoints:
        - lb_endpoints:
            - endpoint:
                address:
                  socket_address:
                    address: webapp
                    port_value: 80
`;
    expect(portOf(envoy, 'webapp', 'address: ')).toBe(80);
  });

  it('finds the port key before or after the host key, in YAML, JSON, TOML and INI mappings', () => {
    expect(portOf('db:\n  port: 5433 # custom\n  host: postgres\n  user: app\n', 'postgres', 'host')).toBe(5433);
    expect(portOf('{\n  "Servers": {\n    "1": {\n      "Host": "pg",\n      "Port": 5433,\n      "Username": "x"\n    }\n  }\n}\n', 'pg', '"Host"')).toBe(5433);
    expect(portOf('[database]\nhost = "db"\nport = 3307\n', 'db', 'host')).toBe(3307);
    expect(portOf('[smtp]\nsmtp_server = mail\nsmtp_port = 2525\n', 'mail', 'smtp_server')).toBe(2525);
    expect(portOf('servers:\n  - host: cache\n    port: "6380"\n  - host: other\n    port: 1\n', 'cache', 'host')).toBe(6380);
    expect(portOf('servers:\n  - name: a\n    host: cache\n    port: 6380\n', 'cache', 'host')).toBe(6380);
    expect(portOf('{"hosts": [{ "host": "es", "port": 9201 }], "port": 1}', 'es', '"host"')).toBe(9201);
  });

  it('pairs nothing outside the mapping, with another prefix, or without a port number', () => {
    // The port of the next item, of the parent mapping, of the next section.
    expect(portOf('servers:\n  - host: cache\n  - host: other\n    port: 6380\n', 'cache', 'host')).toBeUndefined();
    expect(portOf('db:\n  port: 5433\n  replica:\n    host: pg2\n', 'pg2', 'host')).toBeUndefined();
    expect(portOf('[a]\nhost = db\n[b]\nport = 3307\n', 'db', 'host')).toBeUndefined();
    expect(portOf('{ "hosts": [{ "host": "es" }], "port": 9201 }', 'es', '"host"')).toBeUndefined();
    expect(portOf('{\n  "es": { "host": "es" },\n  "port": 9201\n}\n', 'es', '"host"')).toBeUndefined();
    // Another host's port, a key that names no host, no number.
    expect(portOf('smtp_host: mail\nimap_port: 143\n', 'mail', 'smtp_host')).toBeUndefined();
    expect(portOf('name: db\nport: 5432\n', 'db', 'name')).toBeUndefined();
    expect(portOf('host: db\nport: ${DB_PORT}\n', 'db', 'host')).toBeUndefined();
    expect(portOf('host: db\nport: 70000\n', 'db', 'host')).toBeUndefined();
    expect(portOf('host: db\nport_range: 5432\n', 'db', 'host')).toBeUndefined();
  });

  it("pairs an XML element's host with its sibling port element (SigNoz's ClickHouse cluster.xml)", () => {
    const cluster = `<clickhouse>
    <zookeeper>
        <node index="1">
            <host>zookeeper-1</host>
            <!-- the client port -->
            <port>2181</port>
        </node>
        <!-- <node index="2">
            <host>zookeeper-2</host>
            <port>2181</port>
        </node> -->
    </zookeeper>
    <remote_servers>
        <cluster>
            <shard>
                <replica>
                    <port>9000</port>
                    <host>clickhouse</host>
                </replica>
            </shard>
        </cluster>
    </remote_servers>
</clickhouse>
`;
    expect(xmlPortOf(cluster, 'zookeeper-1')).toBe(2181);
    expect(xmlPortOf(cluster, 'clickhouse')).toBe(9000);
    expect(xmlPortOf('<node><host>keeper</host><port>9181</port></node>', 'keeper')).toBe(9181);
  });

  it("pairs no XML port of another parent, a nested element or a value that is no number", () => {
    expect(xmlPortOf('<a><node><host>zk</host></node><port>2181</port></a>', 'zk')).toBeUndefined();
    expect(xmlPortOf('<node><host>zk</host><tls><port>2281</port></tls></node>', 'zk')).toBeUndefined();
    expect(xmlPortOf('<node><port>2181</port></node><node><host>zk</host></node>', 'zk')).toBeUndefined();
    expect(xmlPortOf('<node><host>zk</host><port>${ZK_PORT}</port></node>', 'zk')).toBeUndefined();
    expect(xmlPortOf('<node><host>zk</host><port_range>2181</port_range></node>', 'zk')).toBeUndefined();
  });
});
