import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * A well-known server whose compose file declares only ports the image is known to serve still
 * serves its usual ones, which its clients use: piggymetrics' `rabbitmq:3-management` publishes its
 * management UI (15672) alone, and its services talk AMQP to rabbitmq:5672 (in configuration the
 * images carry). Under compose every port of the container is open; the Service needs 5672 too.
 */
const stack = (rabbitmq: string): string => `services:
  rabbitmq:
    image: rabbitmq:3-management
${rabbitmq}
  account-service:
    image: sqshq/piggymetrics-account-service:1
    depends_on: [rabbitmq]
`;

const ports = (text: string, service: string): number[] =>
  convertCompose(text)
    .object('Service', service)
    .spec.ports.map((port: { port: number }) => port.port);

describe('usual ports beside the ports compose declares', () => {
  it("gives rabbitmq:3-management AMQP's 5672 beside the published management port, said once", () => {
    const converted = convertCompose(stack('    ports: ["15672:15672"]'));
    expect(converted.object('Service', 'rabbitmq').spec.ports.map((port: { port: number }) => port.port)).toEqual([5672, 15672]);
    expect(converted.warnings.map((warning) => warning.message)).toContain(
      "the Service carries port 5672 (the usual port of rabbitmq images) that compose does not declare, so that the others reach 'rabbitmq' on it (declare expose: to change)",
    );
  });

  it("gives Elasticsearch its transport port beside a published 9200, and ClickHouse's native port beside its HTTP one", () => {
    expect(ports('services:\n  es:\n    image: elasticsearch:8.15.0\n    ports: ["9200:9200"]\n', 'es')).toEqual([9200, 9300]);
    expect(ports('services:\n  ch:\n    image: clickhouse/clickhouse-server:24.8\n    expose: ["8123"]\n', 'ch')).toEqual([8123, 9000]);
  });

  it('adds nothing where a declared port is none the image is known to serve (its own set-up), nor where all are declared', () => {
    expect(ports('services:\n  cache:\n    image: redis:7\n    command: redis-server --port 6380\n    ports: ["6380:6380"]\n', 'cache')).toEqual([6380]);
    expect(ports('services:\n  mq:\n    image: rabbitmq:3-management\n    ports: ["5672:5672", "15672:15672"]\n', 'mq')).toEqual([5672, 15672]);
    expect(ports('services:\n  db:\n    image: postgres:16\n    ports: ["5433:5432"]\n', 'db')).toEqual([5432]);
  });
});

describe('a Minecraft server (itzg/minecraft-server) and the sidecars that reach its RCON by name', () => {
  // itzg/docker-mc-backup's example: backups sets RCON_HOST: mc and uses the image's default RCON
  // port 25575, which compose never writes; mc publishes only the game port. mc-router's backends
  // (itzg/docker-minecraft-server's mc-router-autoscale example) declare no port at all.
  const stack = `services:
  mc:
    image: itzg/minecraft-server:2025.1.0
    ports: ["25565:25565"]
    environment:
      EULA: "TRUE"
  backups:
    image: itzg/mc-backup:2025.1.0
    depends_on: [mc]
    environment:
      RCON_HOST: mc
  paper:
    image: itzg/minecraft-server:2025.1.0
    environment:
      EULA: "TRUE"
      TYPE: PAPER
`;

  it('gives its Service RCON beside the published game port, and both to a backend that declares none; the game port is probed', () => {
    const converted = convertCompose(stack);
    expect(ports(stack, 'mc')).toEqual([25565, 25575]);
    expect(ports(stack, 'paper')).toEqual([25565, 25575]);
    const paper = converted.object('Deployment', 'paper').spec.template.spec.containers[0];
    expect(paper.readinessProbe).toEqual(expect.objectContaining({ tcpSocket: { port: 25565 } }));
    expect(converted.warnings.map((warning) => warning.message)).toContain(
      "the Service carries port 25575 (the usual port of minecraft-server images) that compose does not declare, so that the others reach 'mc' on it (declare expose: to change)",
    );
  });
});
