import type { ComposeProject, ExposedPort, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { parseImage } from '../workload/image-profiles.ts';
import { own } from '../plan/own.ts';

/**
 * Ports well-known server images listen on. Under compose every container reaches every other on
 * any port, so compose files rarely declare a database's port; Kubernetes needs a Service with
 * the port for the name `db` to resolve at all. By the image's last path component.
 */
export const IMAGE_DEFAULT_PORTS: Readonly<Record<string, readonly number[]>> = {
  cassandra: [9042],
  clickhouse: [8123, 9000],
  'clickhouse-server': [8123, 9000],
  couchdb: [5984],
  'eclipse-mosquitto': [1883],
  elasticsearch: [9200, 9300],
  etcd: [2379, 2380],
  influxdb: [8086],
  kafka: [9092],
  'cp-kafka': [9092],
  keydb: [6379],
  mariadb: [3306],
  memcached: [11211],
  minio: [9000],
  mongo: [27017],
  mongodb: [27017],
  mosquitto: [1883],
  'mssql/server': [1433],
  mysql: [3306],
  nats: [4222],
  neo4j: [7474, 7687],
  opensearch: [9200, 9300],
  postgis: [5432],
  postgres: [5432],
  postgresql: [5432],
  rabbitmq: [5672],
  redis: [6379],
  'redis-stack-server': [6379],
  timescaledb: [5432],
  'timescaledb-ha': [5432],
  valkey: [6379],
  zookeeper: [2181],
  'cp-zookeeper': [2181],
};

function defaultPorts(image: string): readonly number[] {
  const { repository } = parseImage(image);
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return own(IMAGE_DEFAULT_PORTS, repository) ?? own(IMAGE_DEFAULT_PORTS, name) ?? [];
}

function withDefaultPorts(service: Service, warn: Warn): Service {
  const ports = service.image === undefined ? [] : defaultPorts(service.image);
  if (ports.length === 0 || service.ports.length > 0 || service.expose.length > 0 || service.networkMode !== undefined) return service;
  warn(
    `no ports declared; assuming the image's port${ports.length > 1 ? 's' : ''} ${ports.join(', ')} so other services reach '${service.name}' by name (declare expose: to change)`,
    `services.${service.name}.image`,
  );
  const expose: ExposedPort[] = ports.map((port) => ({ port, protocol: 'tcp' }));
  return { ...service, expose };
}

/**
 * The project with known server images' ports added as `expose:` where a service declares none,
 * so Services, probes, start order and network policies all see the same ports.
 */
export function withImageDefaultPorts(project: ComposeProject, warn: Warn): ComposeProject {
  const services: Record<string, Service> = {};
  let changed = false;
  for (const [name, service] of Object.entries(project.services)) {
    services[name] = withDefaultPorts(service, warn);
    changed ||= services[name] !== service;
  }
  if (!changed) return project;
  // Property by property, so that fields the loader computes on first read (locations) stay unread (issue 7).
  const descriptors = Object.getOwnPropertyDescriptors(project);
  return Object.defineProperties({}, { ...descriptors, services: { ...descriptors.services, value: services } }) as ComposeProject;
}
