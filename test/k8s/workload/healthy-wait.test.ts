/**
 * A `service_healthy` wait on a dependency without a healthcheck the converter knows says what it
 * tests instead (lib/k8s/workload/healthy-wait.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import type { ImageFacts } from '../../../lib/images/facts.ts';
import type { TranslationPlan } from '../../../lib/k8s/plan/plan.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { podOf } from '../names/support.ts';

// mathesar-foundation/mathesar's docker-compose.yml, as /tmp/rw13qa/repros/healthy-without-healthcheck has it.
const MATHESAR = `services:
  service:
    image: mathesar/mathesar:latest
    depends_on:
      db:
        condition: service_healthy
  db:
    image: pgautoupgrade/pgautoupgrade:17-bookworm
    environment:
      POSTGRES_PASSWORD: mathesar
`;

function translated(compose: string, facts?: ImageFacts): TranslationPlan {
  const directory = mkdtempSync(join(tmpdir(), 'healthy-wait-'));
  try {
    const file = join(directory, 'compose.yaml');
    writeFileSync(file, compose);
    return translate(loadProject({ files: [file], environment: {}, projectName: 'demo' }), facts ? { imageFacts: { services: { db: { facts } } } } : {});
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const waits = (translation: TranslationPlan): (string | undefined)[] => (podOf(translation, 'service').initContainers ?? []).map((container) => container.command?.at(-1));
const healthyWarnings = (translation: TranslationPlan): string[] =>
  translation.warnings.filter((warning) => warning.message.includes('to be healthy')).map((warning) => `${warning.key}: ${warning.message}`);

describe("a service_healthy wait on a dependency whose healthcheck is not known", () => {
  test("waits on the postgres port of pgautoupgrade and says that the image's check is not what it tests (Mathesar)", () => {
    const translation = translated(MATHESAR);
    expect(waits(translation)).toEqual(['until nc -z -w 2 db 5432; do echo waiting for db:5432; sleep 2; done']);
    expect(healthyWarnings(translation)).toEqual([
      "services.service.depends_on.db: depends_on 'db' asks for 'db' to be healthy, but compose writes no healthcheck for 'db', and its image's HEALTHCHECK, which compose would use, is not known to the converter (lock the image: cdk8s-compose images lock): the wait is only for db:5432 to accept TCP connections, which may come before the service is healthy; write a healthcheck for 'db' to wait for what it means",
    ]);
  });

  test("says nothing where the wait tests the dependency's own healthcheck: compose's, or the image's HEALTHCHECK", () => {
    const own = translated(MATHESAR.replace('    environment:\n      POSTGRES_PASSWORD', '    healthcheck: {test: [CMD-SHELL, pg_isready -U postgres]}\n    environment:\n      POSTGRES_PASSWORD'));
    expect(healthyWarnings(own)).toEqual([]);
    const locked: ImageFacts = {
      config: { exposedPorts: [{ port: 5432, protocol: 'tcp' }], labels: {}, healthcheck: { test: ['CMD', '/usr/local/bin/pgautoupgrade-healthcheck.sh'], disable: false } },
      source: 'lock',
      complete: true,
      file: 'cdk8s-compose.lock.json',
    };
    const image = translated(MATHESAR, locked);
    expect(healthyWarnings(image)).toEqual([]);
    expect(podOf(image, 'db').containers[0]?.readinessProbe?.exec?.command).toEqual(['/usr/local/bin/pgautoupgrade-healthcheck.sh']);
  });

  test('says so where compose switches the healthcheck off, even over an image HEALTHCHECK', () => {
    const locked: ImageFacts = {
      config: { exposedPorts: [{ port: 5432, protocol: 'tcp' }], labels: {}, healthcheck: { test: ['CMD', '/usr/local/bin/pgautoupgrade-healthcheck.sh'], disable: false } },
      source: 'lock',
      complete: true,
      file: 'cdk8s-compose.lock.json',
    };
    const off = translated(MATHESAR.replace('    environment:\n      POSTGRES_PASSWORD', '    healthcheck: {disable: true}\n    environment:\n      POSTGRES_PASSWORD'), locked);
    expect(healthyWarnings(off)).toEqual([expect.stringContaining("compose switches off the healthcheck of 'db' (disable: true, or test: NONE), so compose would refuse the condition: the wait is only for db:5432")]);
  });

  test('says so where the image is known to have no HEALTHCHECK', () => {
    const facts: ImageFacts = { config: { exposedPorts: [{ port: 5432, protocol: 'tcp' }], labels: {} }, source: 'lock', complete: true, file: 'cdk8s-compose.lock.json' };
    expect(healthyWarnings(translated(MATHESAR, facts))).toEqual([
      expect.stringContaining("'db' has no healthcheck: compose writes none and its image (the image lock entry) has no HEALTHCHECK: the wait is only for db:5432"),
    ]);
  });
});
