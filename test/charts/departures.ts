/**
 * Where charts/ departs from a document's own text to keep its intent working (issue 16): each
 * departure is the documented text and what the chart ships instead, explained in
 * charts/<system>/README.md. The transcription tests compare the charts with the documents after
 * these replacements, so any other difference still fails, and so does a departure whose documented
 * text the document no longer has.
 */
import { seedText } from './seeds.ts';

interface Departure {
  readonly seed: string;
  readonly documented: string;
  readonly charted: string;
}

const MODAX_HEALTH_LISTENER = `
# Health check only: the documented HEALTHCHECK subscribes to $SYS without credentials, which the
# authenticated listener refuses. Bound to the loopback interface: only the broker's own pod or
# container reaches it.
listener 1880 127.0.0.1
protocol mqtt
allow_anonymous true`;

const MODAX_INIT_DB = `-- Create database and user, when absent: the image's entrypoint has already created both from
-- POSTGRES_DB and POSTGRES_USER / POSTGRES_PASSWORD (a Secret) when it runs this file, and the
-- documented CREATE DATABASE / CREATE USER would stop it with "already exists". The user gets no
-- password here, so none is in the image (departure, see ../README.md).
SELECT 'CREATE DATABASE modax' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'modax')\\gexec
SELECT 'CREATE ROLE modax_user LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'modax_user')\\gexec
`;

const MESHYMCMAPFACE_UPSTREAM = `# The application's code: MeshyMcMapface's repository at the commit whose DOCKER.md is this document,
# fetched at build time (departure, see README.md).
FROM scratch AS upstream
ADD https://github.com/heymex/MeshyMcMapface.git#1cf82c15dd154579ac64ea1ca60cc0f54bfc792a /
`;

export const DEPARTURES: readonly Departure[] = [
  // MQTT health checks: an anonymous $SYS subscription against `allow_anonymous false` never passes.
  {
    seed: '000',
    documented: 'test: ["CMD", "mosquitto_sub", "-t", "$$SYS/#",',
    charted: 'test: ["CMD", "mosquitto_sub", "-h", "127.0.0.1", "-p", "1880", "-t", "$$SYS/#",',
  },
  {
    seed: '000',
    documented: "# Health check\nHEALTHCHECK --interval=30s --timeout=5s --retries=3 \\\n    CMD mosquitto_sub -t '$SYS/#'",
    charted:
      '# Health check, on the loopback health listener of mosquitto.conf (departure, see ../README.md)\n' +
      "HEALTHCHECK --interval=30s --timeout=5s --retries=3 \\\n    CMD mosquitto_sub -h 127.0.0.1 -p 1880 -t '$SYS/#'",
  },
  {
    seed: '000',
    documented: '# mosquitto/mosquitto.conf\nlistener 1883',
    charted:
      '# mosquitto/mosquitto.conf\n' +
      '# Each listener has its own authentication settings, so the health-check listener below can be\n' +
      '# anonymous while 1883 keeps requiring the password file and the ACL (departure, see ../README.md).\n' +
      'per_listener_settings true\n\nlistener 1883',
  },
  { seed: '000', documented: 'max_queued_messages 1000', charted: `max_queued_messages 1000\n${MODAX_HEALTH_LISTENER}` },
  {
    seed: '001',
    documented: "timeout 5 mosquitto_sub -h localhost -t '$$SYS/#'",
    charted: "timeout 5 mosquitto_sub -h 127.0.0.1 -p 1880 -t '$$SYS/#'",
  },
  // Credentials never go into an image (issue 23): the broker's password file and ACL are mounted.
  {
    seed: '000',
    documented: 'COPY passwd /mosquitto/config/passwd\nCOPY acl /mosquitto/config/acl\n',
    charted:
      '# The password file and the ACL are mounted (a Secret and a ConfigMap), never copied: credentials\n' +
      '# stay out of the image (departure, see ../README.md).\n',
  },
  {
    seed: '000',
    documented: '      - mosquitto-logs:/mosquitto/log\n',
    charted: '      - mosquitto-logs:/mosquitto/log\n      - ./mosquitto/passwd:/mosquitto/config/passwd:ro\n      - ./mosquitto/acl:/mosquitto/config/acl:ro\n',
  },
  // MODAX prod serves the TLS port it publishes (issue 23): its configuration has the 8883 listener.
  {
    seed: '000',
    documented: '      - /etc/modax/certs:/mosquitto/certs:ro\n',
    charted:
      '      - /etc/modax/certs:/mosquitto/certs:ro\n' +
      '      - ./mosquitto/mosquitto.prod.conf:/mosquitto/config/mosquitto.conf:ro\n' +
      '      - ./mosquitto/passwd:/mosquitto/config/passwd:ro\n' +
      '      - ./mosquitto/acl:/mosquitto/config/acl:ro\n',
  },
  // Grafana's provisioned datasource (issue 16) reads the control layer's database variables.
  {
    seed: '000',
    documented: '      - GF_INSTALL_PLUGINS=\n',
    charted:
      '      - GF_INSTALL_PLUGINS=\n      - DB_HOST=timescaledb\n      - DB_PORT=5432\n      - DB_NAME=modax\n' +
      '      - DB_USER=modax_user\n      - DB_PASSWORD=changeme\n',
  },
  // The image's entrypoint has made the database and user already: the documented CREATEs stop it.
  {
    seed: '000',
    documented:
      "-- Create database and user\nCREATE DATABASE modax;\nCREATE USER modax_user WITH PASSWORD 'changeme';\n",
    charted: MODAX_INIT_DB,
  },
  {
    seed: '001',
    documented: '      - ./mqtt/passwd:/mosquitto/config/passwd:ro\n',
    charted: '      - ./mqtt/passwd:/mosquitto/config/passwd:ro\n      - ./mqtt/acl:/mosquitto/config/acl:ro\n',
  },
  {
    seed: '001',
    documented: '      - MQTT_HOST=mqtt\n      - MQTT_PORT=1883\n      - JWT_SECRET',
    charted:
      '      - MQTT_HOST=mqtt\n      - MQTT_PORT=1883\n' +
      '      - MQTT_USER=${MQTT_API_USER:-scip_api}\n      - MQTT_PASSWORD=${MQTT_API_PASSWORD:-mqtt_api_password}\n      - JWT_SECRET',
  },
  // MeshyMcMapface's code is its public repository's (issue 23): the Dockerfiles fetch a pinned commit.
  ...(['server', 'agent'] as const).map((kind) => ({
    seed: '003',
    documented: `# Multi-stage build for ${kind}\nFROM python:3.11-slim-bullseye AS builder\n\nWORKDIR /build\nCOPY requirements.txt .\n`,
    charted:
      `# Multi-stage build for ${kind}\n${MESHYMCMAPFACE_UPSTREAM}\n` +
      'FROM python:3.11-slim-bullseye AS builder\n\nWORKDIR /build\nCOPY --from=upstream requirements.txt .\n',
  })),
  ...[
    'mmm-server.py .\nCOPY --chown=meshymcmapface:meshymcmapface src/',
    'mmm-agent-modular.py .\nCOPY --chown=meshymcmapface:meshymcmapface meshtastic_traceroute_integration.py .\nCOPY --chown=meshymcmapface:meshymcmapface src/',
  ].map((files) => ({
    seed: '003',
    documented: `COPY --chown=meshymcmapface:meshymcmapface ${files}`,
    charted: `COPY --chown=meshymcmapface:meshymcmapface ${files}`.replaceAll('COPY --chown=', 'COPY --from=upstream --chown='),
  })),
];

/** The document as charts/ ships it: its text with the departures above applied. */
export function chartedSeedText(number: string): string {
  let text = seedText(number);
  for (const { seed, documented, charted } of DEPARTURES) {
    if (seed !== number) continue;
    const count = text.split(documented).length - 1;
    if (count !== 1) throw new Error(`departure: document ${seed} has '${documented}' ${count} times, not once`);
    text = text.replace(documented, () => charted);
  }
  return text;
}
