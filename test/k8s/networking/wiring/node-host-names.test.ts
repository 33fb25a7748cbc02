/**
 * A dotted name (no DNS label) that the project writes as the host of a node's name (`emqx@node1.emqx.io`,
 * Erlang's `name@host`) is rewritten, everywhere it is written, to `<Service>.<namespace>.svc`: a long
 * node name needs a host with a dot, and the bare Service name (emqx1) has none. emqx/emqx's CI cluster
 * (.ci/docker-compose-file/docker-compose-emqx-cluster.yaml) became EMQX_HOST=emqx1 with the seeds
 * `[emqx@emqx1, emqx@emqx2]` (until 2026-12-07).
 */
import { describe, expect, test } from 'vitest';
import type { TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import { composeFile as project } from '../../robustness/compose-files.ts';
import { plan, podOf } from '../../names/support.ts';

const env = (translation: TranslationPlan, service: string): Record<string, string | undefined> =>
  Object.fromEntries((podOf(translation, service).containers[0]?.env ?? []).map((entry) => [entry.name, entry.value]));

const cluster = (seeds: string) => `name: iot
services:
  emqx1:
    image: emqx/emqx:5.8.6
    environment:
      EMQX_HOST: node1.emqx.io
      EMQX_CLUSTER__STATIC__SEEDS: "${seeds}"
    networks:
      default:
        aliases: [node1.emqx.io]
  emqx2:
    image: emqx/emqx:5.8.6
    environment:
      EMQX_HOST: node2.emqx.io
      EMQX_CLUSTER__STATIC__SEEDS: "${seeds}"
    networks:
      default:
        aliases: [node2.emqx.io]
  proxy:
    image: haproxy:2.9
    environment:
      BACKENDS: node1.emqx.io:18083 node2.emqx.io:18083
`;

describe("a dotted name written as a node's host", () => {
  test("becomes its Service's name in its namespace wherever it is written, so the node's long name keeps a dot", () => {
    const translation = plan(project(cluster('[emqx@node1.emqx.io, emqx@node2.emqx.io]')));
    expect(env(translation, 'emqx1')).toMatchObject({ EMQX_HOST: 'emqx1.iot.svc', EMQX_CLUSTER__STATIC__SEEDS: '[emqx@emqx1.iot.svc, emqx@emqx2.iot.svc]' });
    expect(env(translation, 'emqx2')).toMatchObject({ EMQX_HOST: 'emqx2.iot.svc' });
    expect(env(translation, 'proxy')).toMatchObject({ BACKENDS: 'emqx1.iot.svc:18083 emqx2.iot.svc:18083' });
    expect(translation.warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/^'node1\.emqx\.io' is written 'emqx1\.iot\.svc' here: .*an Erlang node's long name needs a host with a dot/));
  });

  test('is rewritten to the bare Service name where no node names it, as before', () => {
    const translation = plan(project(cluster('none')));
    expect(env(translation, 'emqx1')).toMatchObject({ EMQX_HOST: 'emqx1' });
    expect(env(translation, 'proxy')).toMatchObject({ BACKENDS: 'emqx1:18083 emqx2:18083' });
  });

  // openreplay's env files: POSTGRES_STRING="postgres://postgres:${COMMON_PG_PASSWORD}@postgresql.db.svc.cluster.local:5432/…".
  test("is not a URL's host after its user: that stays the bare Service name", () => {
    const urls = cluster('none').replace('BACKENDS: node1.emqx.io:18083 node2.emqx.io:18083', 'BACKENDS: http://viewer@node1.emqx.io:18083 ftp://guest@node2.emqx.io:18083');
    expect(env(plan(project(urls)), 'proxy')).toMatchObject({ BACKENDS: 'http://viewer@emqx1:18083 ftp://guest@emqx2:18083' });
  });
});
