/**
 * compose `depends_on: {db: {restart: true}}` restarts the service after compose updates db. On
 * Kubernetes its pod template carries a hash of db's, so applying a changed db rolls it too. Until
 * 2026-12-07 the key was reported as not translated, twice.
 */
import { describe, expect, test } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

const stack = (dbImage: string, extra = ''): string => `services:
  db:
    image: ${dbImage}
    expose: ["5432"]
  cache:
    image: redis:7
  app:
    image: x/app:1
    depends_on:
      db: {condition: service_started, restart: true}
      cache: {condition: service_started}
${extra}`;

const annotations = (workload: Json): Record<string, string> => workload.spec.template.metadata.annotations ?? {};

describe('depends_on restart: true', () => {
  test("puts a hash of the dependency's pod template on the service's, which changes with the dependency alone", () => {
    const first = convertCompose(stack('postgres:16.3'));
    const hash = annotations(first.object('Deployment', 'app'))['restart-with.cdk8s-compose.io/db'];
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(annotations(first.object('Deployment', 'app'))).filter((key) => key.startsWith('restart-with'))).toEqual(['restart-with.cdk8s-compose.io/db']);
    // The same input, the same hash; db's image changed, another; cache changed, the same.
    expect(annotations(convertCompose(stack('postgres:16.3')).object('Deployment', 'app'))['restart-with.cdk8s-compose.io/db']).toBe(hash);
    expect(annotations(convertCompose(stack('postgres:16.4')).object('Deployment', 'app'))['restart-with.cdk8s-compose.io/db']).not.toBe(hash);
    expect(annotations(convertCompose(stack('postgres:16.3').replace('redis:7', 'redis:7.4')).object('Deployment', 'app'))['restart-with.cdk8s-compose.io/db']).toBe(hash);
    expect(first.warningsAt('services.app.depends_on.db.restart')).toEqual([
      "services.app.depends_on.db.restart: restarts with 'db': its pod template carries restart-with.cdk8s-compose.io/db, a hash of db's pod template, so applying a changed 'db' rolls this service too, as compose restarts it after it recreates 'db' (not after a kubectl rollout restart of 'db', nor when its container restarts on its own, which compose does not follow either)",
    ]);
  });

  test('on a dependency planned after the service, as before it', () => {
    // `aaa` is planned before `db`: db's pod is built first, for its hash.
    const result = convertCompose(`services:
  aaa:
    image: x/app:1
    depends_on: {zdb: {condition: service_started, restart: true}}
  zdb:
    image: postgres:16.3
    expose: ["5432"]
`);
    expect(annotations(result.object('Deployment', 'aaa'))['restart-with.cdk8s-compose.io/zdb']).toMatch(/^[0-9a-f]{16}$/);
    expect(result.objects('StatefulSet').concat(result.objects('Deployment')).map((workload) => workload.metadata.name).sort()).toEqual(['aaa', 'zdb']);
  });

  test("in a shared pod: a pod-mate's is the pod's own, another's goes on the pod", () => {
    const result = convertCompose(`services:
  gluetun:
    image: qmcgaw/gluetun:v3
    healthcheck: {test: [CMD, /gluetun-entrypoint, healthcheck]}
  qbit:
    image: lscr.io/linuxserver/qbittorrent:latest
    network_mode: service:gluetun
    depends_on: {gluetun: {condition: service_healthy, restart: true}}
  other:
    image: x/o:1
    network_mode: service:gluetun
    depends_on: {db: {condition: service_started, restart: true}}
  db:
    image: postgres:16
`);
    expect(result.warningsAt('services.qbit.depends_on.gluetun.restart')).toEqual([expect.stringContaining("restarts with 'gluetun': they run in one pod, which applying a changed 'gluetun' replaces whole")]);
    expect(Object.keys(annotations(result.object('Deployment', 'gluetun'))).filter((key) => key.startsWith('restart-with'))).toEqual(['restart-with.cdk8s-compose.io/db']);
    expect(result.warningsAt('services.other.depends_on.db.restart')).toEqual([expect.stringContaining("restarts with 'db': its pod template carries restart-with.cdk8s-compose.io/db")]);
  });

  test('is said not to be translated for a run-once task', () => {
    const job = convertCompose(`services:
  migrate:
    image: x/app:1
    command: ./migrate
    restart: "no"
  app:
    image: x/app:1
    depends_on: {migrate: {condition: service_completed_successfully, restart: true}}
`);
    expect(Object.keys(annotations(job.object('Deployment', 'app'))).filter((key) => key.startsWith('restart-with'))).toEqual([]);
    expect(job.warningsAt('services.app.depends_on.migrate.restart')).toEqual([expect.stringMatching(/restart: true is not translated: 'migrate' runs as a Job/)]);
  });
});
