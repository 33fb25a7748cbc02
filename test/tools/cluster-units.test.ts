/**
 * The cluster harness's units: a compose file given as a path is converted, whatever its name.
 * fuscoyu/nats-samples names its stack nats-cluster/allinone/allinone.yml; given as a path, the
 * check applied the compose file itself as manifests, which kubectl refused with "apiVersion not
 * set, kind not set" (2026-12-06), as if the converter had written something invalid.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isComposeFile, projectArgs } from '../../tools/cluster/units.ts';

const directory = mkdtempSync(join(tmpdir(), 'cluster-units-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};

describe('isComposeFile', () => {
  it('knows compose files by their usual names', () => {
    expect(isComposeFile(file('docker-compose.prod.yml', 'not: read'))).toBe(true);
    expect(isComposeFile(file('compose.yaml', 'not: read'))).toBe(true);
  });

  it('knows a compose file of another name by its top-level services', () => {
    expect(isComposeFile(file('allinone.yml', 'services:\n  js1:\n    image: nats:2.10\n'))).toBe(true);
  });

  it('leaves manifests, other YAML and broken YAML to be applied as they are', () => {
    expect(isComposeFile(file('stack.k8s.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n'))).toBe(false);
    expect(isComposeFile(file('list.yaml', '- services\n'))).toBe(false);
    expect(isComposeFile(file('broken.yaml', 'services: [\n'))).toBe(false);
    expect(isComposeFile(file('notes.txt', 'services:\n'))).toBe(false);
  });
});

describe('projectArgs', () => {
  it("leaves a folder whose .env names its compose files (COMPOSE_FILE) to the CLI, which reads them as docker compose does", () => {
    const project = mkdtempSync(join(directory, 'seafile-'));
    writeFileSync(join(project, 'seafile-server.yml'), 'services:\n  db:\n    image: mariadb:11\n');
    writeFileSync(join(project, '.env'), 'COMPOSE_FILE=seafile-server.yml\n');
    expect(projectArgs(project)).toEqual([]);
    writeFileSync(join(project, '.env'), 'OTHER=1\n');
    expect(projectArgs(project)).toBeUndefined();
  });
});
