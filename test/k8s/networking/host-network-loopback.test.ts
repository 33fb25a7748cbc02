import { describe, expect, it } from 'vitest';
import { chartOf } from '../robustness/compose-files.ts';

// Grafana-VictoriaMetrics-Alertmanager's central stack: vmagent on the host network remote-writes to
// the port VictoriaMetrics publishes, through 127.0.0.1.
const stack = (agent: string) => `services:
  victoria_metrics:
    image: victoriametrics/victoria-metrics:v1.117.0
    ports: ["8428:8428", "127.0.0.1:9116:9116"]
  agent:
    image: victoriametrics/vmagent:v1.117.0
${agent}
`;

describe('a service on the host network that calls another through a published port on loopback', () => {
  it('is told, at the value, which Service and port reach the publisher', () => {
    const chart = chartOf(stack(`    network_mode: host
    command: ["--remoteWrite.url=http://127.0.0.1:8428/api/v1/write", "--snmp=localhost:9116", "--self=127.0.0.1:8429"]
    environment: {PEER: "http://[::1]:8428", OTHER: "127.0.0.10:8428"}`));
    const found = chart.warnings.filter((w) => w.message.includes('under network_mode: host'));
    expect(found.map((w) => [w.key, w.message])).toEqual([
      ['services.agent.command.0', "127.0.0.1:8428 reached the host's port 8428 under network_mode: host, which service 'victoria_metrics' publishes; the pod has a network of its own, where it reaches nothing: write victoria-metrics:8428"],
      ['services.agent.command.1', expect.stringContaining('write victoria-metrics:9116')],
      ['services.agent.environment.PEER', expect.stringContaining('[::1]:8428 reached')],
    ]);
  });

  // A Telegraf on the host network whose telegraf.conf writes to the InfluxDB published on the host:
  // the file was never read for loopback addresses, so nothing said the metrics went nowhere.
  it('is told where a configuration file it mounts or gets as a config calls the publisher', () => {
    const chart = chartOf(
      `services:
  influxdb:
    image: influxdb:1.8
    ports: ["8086:8086"]
  telegraf:
    image: telegraf:1.30
    network_mode: host
    volumes: ["./telegraf.conf:/etc/telegraf/telegraf.conf:ro"]
    configs: [{source: extra, target: /etc/telegraf/telegraf.d/extra.conf}]
configs:
  extra:
    content: 'urls = ["http://localhost:8086"]'
`,
      { 'telegraf.conf': '[[outputs.influxdb]]\n  urls = ["http://127.0.0.1:8086", "http://127.0.0.1:8086"]\n' },
    );
    const found = chart.warnings.filter((w) => w.message.includes('under network_mode: host'));
    expect(found.map((w) => [w.key, w.message])).toEqual([
      ['configs.extra', expect.stringContaining('localhost:8086 reached the host\'s port 8086 under network_mode: host, which service \'influxdb\' publishes')],
      ['services.telegraf.volumes.0', "127.0.0.1:8086 reached the host's port 8086 under network_mode: host, which service 'influxdb' publishes; the pod has a network of its own, where it reaches nothing: write influxdb:8086"],
    ]);
  });

  it('is not told when it has a network of its own', () => {
    const chart = chartOf(stack(`    command: ["--remoteWrite.url=http://127.0.0.1:8428/api/v1/write"]`));
    expect(chart.warnings.map((w) => w.message).join('\n')).not.toContain('under network_mode: host');
  });
});

describe('services that share the host network, which reach each other on localhost', () => {
  it('are told, at the value, which Service and port reach the other', () => {
    // trojan8131/homeassistant-mosquitto-zigbee2mqtt-docker runs all three on the host network, and
    // zigbee2mqtt reaches mosquitto at mqtt://localhost:1883 (in its configuration.yaml there; in its
    // environment here, where the converter reads it); until 2026-12-06 only "network_mode is not
    // translated" was said, and its pod looked for the broker in itself.
    const chart = chartOf(`services:
  mosquitto:
    image: eclipse-mosquitto:2.0.20
    network_mode: host
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:2.1.0
    network_mode: host
    environment: {ZIGBEE2MQTT_CONFIG_MQTT_SERVER: "mqtt://localhost:1883", ZIGBEE2MQTT_CONFIG_FRONTEND_PORT: "8080"}
`);
    const found = chart.warnings.filter((w) => w.message.includes('under network_mode: host'));
    expect(found.map((w) => [w.key, w.message])).toEqual([
      [
        'services.zigbee2mqtt.environment.ZIGBEE2MQTT_CONFIG_MQTT_SERVER',
        "localhost:1883 reached the host's port 1883 under network_mode: host, which service 'mosquitto' serves on the host network; the pod has a network of its own, where it reaches nothing: write mosquitto:1883",
      ],
    ]);
  });

  // dani-garcia/vaultwarden's SSO test stack (docker/keycloak): keycloak, its setup task and vaultwarden
  // all on the host network, vaultwarden's SSO_AUTHORITY at http://127.0.0.1:8080. Keycloak declares
  // no port, and its image's was not known: nothing was said, and the setup task waited for nothing.
  it("know Keycloak's usual port, so a call to it on localhost is told and a service waits for it", () => {
    const chart = chartOf(`services:
  keycloak:
    image: quay.io/keycloak/keycloak:26.0
    network_mode: host
    command: [start-dev]
  vaultwarden:
    image: vaultwarden/server:1.32.0
    network_mode: host
    depends_on: [keycloak]
    environment: {SSO_AUTHORITY: "http://127.0.0.1:8080/realms/test"}
`);
    const found = chart.warnings.filter((w) => w.message.includes('under network_mode: host'));
    expect(found.map((w) => [w.key, w.message])).toEqual([
      [
        'services.vaultwarden.environment.SSO_AUTHORITY',
        "127.0.0.1:8080 reached the host's port 8080 under network_mode: host, which service 'keycloak' serves on the host network; the pod has a network of its own, where it reaches nothing: write keycloak:8080",
      ],
    ]);
    expect(chart.warnings.map((w) => w.message).join('\n')).not.toContain("depends_on 'keycloak' is not waited for");
  });
});

// strukturag/nextcloud-spreed-signaling's docker/docker-compose.yml: the signaling server, NATS, the
// Janus gateway and coturn all on the host network. server.conf listens on 127.0.0.1:8080 (Nextcloud's
// proxy on the host reaches it there) and calls NATS at nats://localhost:4222 and Janus at
// ws://localhost:8188; gnatsd.conf has NATS listen on 127.0.0.1:4222. Until 2026-12-07 only the NATS URL
// was said: nothing said that the signaling server looked for Janus in its own pod, nor that NATS and
// the server, listening on loopback, were out of every other pod's reach.
describe('services on the host network whose configuration uses loopback for what no service declares', () => {
  const signaling = (files: Record<string, string>) =>
    chartOf(
      `services:
  spreedbackend:
    image: example/signaling:2.0
    volumes: ["./server.conf:/config/server.conf"]
    network_mode: host
    depends_on: [nats, janus, coturn]
  nats:
    image: nats:2.2.1
    volumes: ["./gnatsd.conf:/config/gnatsd.conf"]
    command: ["-c", "/config/gnatsd.conf"]
    network_mode: host
  janus:
    image: example/janus:0.11
    network_mode: host
  coturn:
    image: coturn/coturn:4.6
    network_mode: host
`,
      files,
    );
  const hostNetworkWarnings = (chart: ReturnType<typeof chartOf>) =>
    chart.warnings.filter((w) => w.message.includes('network_mode: host')).map((w) => [w.key, w.message] as const);

  it('are told where a URL reaches a port no service declares, and where a server listens on loopback only', () => {
    const chart = signaling({
      'server.conf': '[http]\nlisten = 127.0.0.1:8080\n\n[nats]\nurl = nats://localhost:4222\n\n[mcu]\ntype = janus\nurl = ws://localhost:8188\n',
      'gnatsd.conf': 'listen: 127.0.0.1:4222\n',
    });
    expect(hostNetworkWarnings(chart)).toEqual([
      [
        'services.nats.volumes.0',
        "127.0.0.1:4222: the service listens on its loopback address only, where the host's other programs reached it under network_mode: host; in its pod no other pod reaches that address, not even through its Service: make it listen on all addresses (0.0.0.0:4222), where the others reach it at nats:4222",
      ],
      [
        'services.spreedbackend.volumes.0',
        '127.0.0.1:8080: the service listens on its loopback address only, where the host\'s other programs reached it under network_mode: host; in its pod no other pod reaches that address, not even through its Service: make it listen on all addresses (0.0.0.0:8080), and declare the port (expose: ["8080"])',
      ],
      ['services.spreedbackend.volumes.0', expect.stringContaining("localhost:4222 reached the host's port 4222 under network_mode: host, which service 'nats' serves on the host network")],
      [
        'services.spreedbackend.volumes.0',
        "localhost:8188 reached the host's port 8188 under network_mode: host, which no service of the project declares ('coturn' and 'janus', also on the host network, declare no port and may serve it); the pod has a network of its own, where it reaches nothing: write the name and port of the service that serves it",
      ],
    ]);
  });

  it('are not told of an address on all interfaces, of a URL to a port the service itself listens on, nor of its public name', () => {
    const chart = signaling({
      'server.conf': '[http]\nlisten = 0.0.0.0:8080\nself = http://127.0.0.1:8080/api/v1/welcome\n',
      'gnatsd.conf': 'listen: 0.0.0.0:4222\n',
    });
    expect(hostNetworkWarnings(chart).filter(([, message]) => !message.includes('need not declare'))).toEqual([]);
    // searxng/searxng-docker's Caddy serves the site it is named for: SEARXNG_HOSTNAME=http://localhost:80.
    const caddy = chartOf(`services:
  caddy:
    image: caddy:2-alpine
    network_mode: host
    environment: ["SEARXNG_HOSTNAME=http://localhost:80"]
`);
    expect(hostNetworkWarnings(caddy).filter(([, message]) => message.includes('reached'))).toEqual([]);
  });
});

// livekit/livekit-cli's generated deployment: Caddy, LiveKit, Redis and Egress on the host network,
// none declaring a port. Caddy's layer4 proxy dials localhost:7880, Egress ws://localhost:7880, LiveKit
// and Egress Redis at localhost:6379, which redis.conf binds to `127.0.0.1 ::1`. LiveKit's port was
// not known, so neither call was said, nor that Redis kept every other pod out (until 2026-12-07).
describe("a generated LiveKit deployment on the host network", () => {
  const chart = chartOf(
    `services:
  caddy:
    image: livekit/caddyl4
    command: run --config /etc/caddy.yaml --adapter yaml
    network_mode: "host"
    volumes: ["./caddy.yaml:/etc/caddy.yaml"]
  livekit:
    image: livekit/livekit-server:v1.8.0
    command: --config /etc/livekit.yaml
    network_mode: "host"
    volumes: ["./livekit.yaml:/etc/livekit.yaml"]
  redis:
    image: redis:7-alpine
    command: redis-server /etc/redis.conf
    network_mode: "host"
    volumes: ["./redis.conf:/etc/redis.conf"]
  db:
    image: mariadb:11.4
    network_mode: "host"
    volumes: ["./my.cnf:/etc/mysql/conf.d/my.cnf:ro"]
`,
    {
      'caddy.yaml': 'apps:\n  layer4:\n    servers:\n      main:\n        listen: [":443"]\n        routes:\n          - handle:\n              - handler: proxy\n                upstreams:\n                  - dial: ["localhost:7880"]\n',
      'livekit.yaml': 'port: 7880\nredis:\n  address: localhost:6379\n',
      'redis.conf': '# bind 0.0.0.0\nbind 127.0.0.1 ::1\nprotected-mode yes\nport 6379\n',
      'my.cnf': '[mysqld]\nbind-address = 127.0.0.1\n',
    },
  );
  const said = (service: string) => chart.warnings.filter((w) => w.key?.startsWith(`services.${service}.`) && w.message.includes('network_mode: host')).map((w) => w.message);

  it("tells Caddy which Service and port reach LiveKit's usual port", () => {
    expect(said('caddy')).toEqual([expect.stringContaining("localhost:7880 reached the host's port 7880 under network_mode: host, which service 'livekit' serves on the host network; the pod has a network of its own, where it reaches nothing: write livekit:7880")]);
  });

  it('tells Redis and MariaDB that their loopback binds keep every other pod out', () => {
    expect(said('redis')).toEqual([
      "`bind 127.0.0.1 ::1`: the service listens on its loopback address only, where the host's other programs reached it under network_mode: host; in its pod no other pod reaches that address, not even through its Service: make it listen on all addresses, where the others reach it at redis:6379",
    ]);
    expect(said('db')).toEqual([expect.stringContaining('`bind-address = 127.0.0.1`: the service listens on its loopback address only')]);
  });
});

// OpenVidu/openvidu's on-premises compose (2.25): openvidu-server, Kurento, its proxy and the call app
// on the host network, none declaring a port. The app reaches the server at http://localhost:5443 (its
// SERVER_PORT) and the server Kurento at ws://localhost:8888/kurento. No port was known for any, so
// their Services carried none and both calls went unexplained (until 2026-12-07).
describe('services on the host network whose own environment or image names their port', () => {
  const openvidu = (network: string) =>
    chartOf(`services:
  openvidu-server:
    image: openvidu/openvidu-server:2.25.0
    ${network}
    environment: ["SERVER_PORT=5443", 'KMS_URIS=["ws://localhost:8888/kurento"]']
  kms:
    image: kurento/kurento-media-server:6.18.0
    ${network}
  app:
    image: openvidu/openvidu-call:2.25.0
    ${network}
    environment: [SERVER_PORT=5442, "OPENVIDU_URL=http://localhost:5443"]
`);

  it('carry that port on their Services, and the calls between them are told', () => {
    const messages = openvidu('network_mode: host').warnings.map((w) => w.message);
    expect(messages).toContainEqual("the Service carries port 5443 (its SERVER_PORT) that compose does not declare, so that the others reach 'openvidu-server' on it (declare expose: to change)");
    expect(messages).toContainEqual("the Service carries port 5442 (its SERVER_PORT) that compose does not declare, so that the others reach 'app' on it (declare expose: to change)");
    expect(messages).toContainEqual(expect.stringContaining("localhost:5443 reached the host's port 5443 under network_mode: host, which service 'openvidu-server' serves on the host network; the pod has a network of its own, where it reaches nothing: write openvidu-server:5443"));
    expect(messages).toContainEqual(expect.stringContaining("localhost:8888 reached the host's port 8888 under network_mode: host, which service 'kms' serves on the host network"));
  });

  it('read no port variable of a service with a network of its own', () => {
    const messages = openvidu('restart: always').warnings.map((w) => w.message).join('\n');
    expect(messages).not.toContain('(its SERVER_PORT)');
  });
});

describe('a service on the host network that calls a port a left-out service publishes', () => {
  // koush/scrypted: scrypted, on the host network, calls the watchtower that publishes 10444 to
  // update it; watchtower is left out (no pod has a Docker socket), which was said only at watchtower.
  it('is told once, at the value, that nothing answers there', () => {
    const chart = chartOf(`services:
  scrypted:
    image: ghcr.io/koush/scrypted:v0.139.0
    network_mode: host
    environment:
      - SCRYPTED_WEBHOOK_UPDATE=http://localhost:10444/v1/update
      - OTHER=http://localhost:10444/v1/other
  watchtower:
    image: containrrr/watchtower:1.7.1
    volumes: [/var/run/docker.sock:/var/run/docker.sock]
    ports: ["10444:8080"]
`);
    const found = chart.warnings.filter((w) => w.message.includes('under network_mode: host'));
    expect(found.map((w) => [w.key, w.message])).toEqual([
      [
        'services.scrypted.environment.SCRYPTED_WEBHOOK_UPDATE',
        "localhost:10444 reached the host's port 10444 under network_mode: host, which service 'watchtower' publishes; 'watchtower' runs watchtower, which is left out, so nothing answers there on Kubernetes (nor does the pod's own address, as the pod has a network of its own)",
      ],
      ['services.scrypted.environment.OTHER', expect.stringContaining("localhost:10444 reached the host's port 10444")],
    ]);
  });

  it('is not told when it has a network of its own, where localhost is itself under compose too', () => {
    const chart = chartOf(`services:
  app:
    image: example/app:1
    environment: {HOOK: "http://localhost:10444/v1/update"}
  watchtower:
    image: containrrr/watchtower:1.7.1
    ports: ["10444:8080"]
`);
    expect(chart.warnings.map((w) => w.message).join('\n')).not.toContain('reached the host');
  });
});
