/**
 * A data store built from a Dockerfile is a StatefulSet as the image it starts from is when pulled
 * by name: bigcapital builds its `mysql` FROM mariadb:10.2 and its `redis` FROM redis:6.2.21, each
 * with a named volume; they were Deployments sharing one ReadWriteOnce claim (until 2026-12-07).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import type { Json } from '../support/compose-text.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function convert(files: Record<string, string>) {
  const directory = mkdtempSync(path.join(tmpdir(), 'built-data-store-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  const project = loadProject({ cwd: directory, environment: {}, projectName: 'bigcapital' });
  const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
  const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
  const kindOf = (name: string): string[] => manifests.filter((manifest) => ['Deployment', 'StatefulSet', 'Job'].includes(manifest.kind) && manifest.metadata.name === name).map((manifest) => manifest.kind);
  const object = (kind: string, name: string): Json => manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  const claims = manifests.filter((manifest) => manifest.kind === 'PersistentVolumeClaim').map((manifest) => manifest.metadata.name).sort();
  return { kindOf, object, claims, warnings: plan.warnings };
}

describe("bigcapital's data stores, built FROM mariadb and redis with a named volume each", () => {
  const { kindOf, object, claims, warnings } = convert({
    'compose.yaml': `services:
  mysql:
    build: {context: ./docker/mariadb}
    environment: {MYSQL_DATABASE: bigcapital}
    volumes: ["mysql:/var/lib/mysql"]
    expose: ["3306"]
  redis:
    build: {context: ./docker/redis}
    volumes: ["redis:/data"]
    expose: ["6379"]
  server:
    build: {context: ./docker/server}
    volumes: ["uploads:/app/uploads"]
    ports: ["3000:3000"]
volumes:
  mysql: {}
  redis: {}
  uploads: {}
`,
    'docker/mariadb/Dockerfile': 'FROM mariadb:10.2\nUSER root\nCMD ["mysqld"]\nEXPOSE 3306\n',
    'docker/redis/Dockerfile': 'FROM redis:6.2.21\nCMD ["redis-server"]\n',
    'docker/server/Dockerfile': 'FROM node:20\nCMD ["node", "server.js"]\n',
  });

  it('runs each as a StatefulSet with a claim template of its own, as the pulled image would', () => {
    expect(kindOf('mysql')).toEqual(['StatefulSet']);
    expect(kindOf('redis')).toEqual(['StatefulSet']);
    expect(object('StatefulSet', 'mysql').spec.volumeClaimTemplates.map((claim: Json) => claim.metadata.name)).toEqual(['mysql']);
    expect(object('StatefulSet', 'redis').spec.volumeClaimTemplates.map((claim: Json) => claim.metadata.name)).toEqual(['redis']);
    expect(claims).toEqual(['uploads']);
  });

  it('says so once, at the build, naming the base image', () => {
    expect(warnings.filter((warning) => warning.key === 'services.mysql.build' && /StatefulSet/.test(warning.message)).map((warning) => warning.message)).toEqual([
      'runs as a StatefulSet with a claim of its own, as a data store does: its Dockerfile starts FROM mariadb:10.2 (set x-kubernetes.workload: Deployment if it is not one)',
    ]);
    expect(warnings.filter((warning) => /runs as a StatefulSet/.test(warning.message)).map((warning) => warning.key).sort()).toEqual(['services.mysql.build', 'services.redis.build']);
  });

  it('keeps an application built FROM another image a Deployment', () => {
    expect(kindOf('server')).toEqual(['Deployment']);
  });
});

describe('a data store built FROM postgres', () => {
  const files = (compose: string): Record<string, string> => ({ 'compose.yaml': compose, 'db/Dockerfile': 'FROM postgres:15\nCOPY init.sql /docker-entrypoint-initdb.d/\n', 'db/init.sql': 'select 1;\n' });

  it('stays a Deployment without a named volume, or when another service mounts its volume', () => {
    expect(convert(files('services:\n  db:\n    build: db\n')).kindOf('db')).toEqual(['Deployment']);
    const shared = convert(files('services:\n  db:\n    build: db\n    volumes: ["data:/var/lib/postgresql/data"]\n  backup:\n    image: x/backup:1\n    volumes: ["data:/data:ro"]\nvolumes:\n  data: {}\n'));
    expect(shared.kindOf('db')).toEqual(['Deployment']);
    expect(shared.warnings.filter((warning) => /runs as a StatefulSet/.test(warning.message))).toEqual([]);
  });

  it('follows x-kubernetes.workload', () => {
    const { kindOf, warnings } = convert(files('services:\n  db:\n    build: db\n    volumes: ["data:/var/lib/postgresql/data"]\n    x-kubernetes: {workload: Deployment}\nvolumes:\n  data: {}\n'));
    expect(kindOf('db')).toEqual(['Deployment']);
    expect(warnings.filter((warning) => /runs as a StatefulSet/.test(warning.message))).toEqual([]);
  });
});
