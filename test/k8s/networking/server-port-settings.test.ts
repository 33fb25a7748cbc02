import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * A well-known server whose own settings move it off its usual port listens on theirs: getodk/central
 * runs Enketo's cache as `redis:5` with a mounted redis.conf that says `port 6380` (Enketo, configured
 * in its image, dials enketo_redis_cache:6380). With the usual 6379 on its Service and probe, the
 * cache never became ready and Enketo waited for it forever.
 */
const ports = (converted: ReturnType<typeof convertCompose>, service: string): number[] =>
  converted.object('Service', service).spec.ports.map((port: { port: number }) => port.port);

const probe = (converted: ReturnType<typeof convertCompose>, kind: string, service: string): unknown =>
  converted.object(kind, service).spec.template.spec.containers[0].readinessProbe;

const cache = (command: string, conf: string): ReturnType<typeof convertCompose> =>
  convertCompose(`services:
  cache:
    image: redis:5
    command: ${command}
    volumes: ["./redis-cache.conf:/usr/local/etc/redis/redis.conf:ro"]
  app:
    image: busybox:1.36
    command: sleep infinity
    depends_on: [cache]
`, { 'redis-cache.conf': conf });

describe("the port a server's own settings give it", () => {
  it("reads the port directive of the redis.conf its command hands redis-server, for the Service, the probe and the wait, said once", () => {
    const converted = cache('["redis-server", "/usr/local/etc/redis/redis.conf"]', '# Enketo cache\n#port 6390\nport 6380\nbind 0.0.0.0\n');
    expect(ports(converted, 'cache')).toEqual([6380]);
    expect(probe(converted, 'Deployment', 'cache')).toEqual({ tcpSocket: { port: 6380 } });
    expect(JSON.stringify(converted.object('Deployment', 'app').spec.template.spec.initContainers)).toContain('cache 6380');
    expect(converted.warningsAt('services.cache')).toContain(
      "services.cache: the Service carries port 6380 (the port its settings give it: port 6380 in /usr/local/etc/redis/redis.conf) that compose does not declare, so that the others reach 'cache' on it (declare expose: to change)",
    );
  });

  it('takes a --port flag of the command, also over the file, and inside an sh -c script', () => {
    expect(ports(cache('redis-server /usr/local/etc/redis/redis.conf --port 6381', 'port 6380\n'), 'cache')).toEqual([6381]);
    expect(ports(cache('["sh", "-c", "redis-server --port=6382 --appendonly yes"]', 'port 6380\n'), 'cache')).toEqual([6382]);
  });

  it('keeps the usual port where the file is not the one the command reads, or says nothing, or the port is a variable', () => {
    expect(ports(cache('redis-server --appendonly yes', 'port 6380\n'), 'cache')).toEqual([6379]);
    expect(ports(cache('["redis-server", "/usr/local/etc/redis/redis.conf"]', '# port 6380\nbind 0.0.0.0\n'), 'cache')).toEqual([6379]);
    expect(ports(cache('redis-server --port $${CACHE_PORT}', ''), 'cache')).toEqual([6379]);
  });

  it("reads the flags of MongoDB's, PostgreSQL's and MySQL's servers", () => {
    const converted = convertCompose(`services:
  mongo:
    image: mongo:7
    command: mongod --port 27018
  pg:
    image: postgres:16
    command: postgres -p 5433
  my:
    image: mysql:8.4
    command: --port=3307
  app:
    image: busybox:1.36
    command: sleep infinity
    depends_on: [mongo, pg, my]
`);
    expect([ports(converted, 'mongo'), ports(converted, 'pg'), ports(converted, 'my')]).toEqual([[27018], [5433], [3307]]);
  });
});
