import { describe, expect, it } from 'vitest';
import { differences, pathMatches } from './support/compare.ts';
import { explaining, globMatches } from './support/deviations.ts';
import { normalizeOurs, normalizeReference } from './support/normalize.ts';

/** The comparison's own machinery (no Go needed): what counts as a difference, and what explains one. */
describe('the compose-go comparison', () => {
  it('reports each differing field by its dotted path', () => {
    expect(differences({ a: { b: [1, 2], c: 'x' } }, { a: { b: [1, 3], d: 'y' } })).toEqual([
      { path: 'a.b.1', reference: 2, ours: 3 },
      { path: 'a.c', reference: 'x', ours: undefined },
      { path: 'a.d', reference: undefined, ours: 'y' },
    ]);
  });

  it('matches paths with * for one segment and ** for any number', () => {
    expect(pathMatches('services.*.runtime', 'services.web.runtime')).toBe(true);
    expect(pathMatches('services.*.runtime', 'services.web.build.runtime')).toBe(false);
    expect(pathMatches('volumes.**', 'volumes')).toBe(true);
    expect(pathMatches('volumes.**', 'volumes.data.driver')).toBe(true);
    expect(globMatches('corpus/*', 'corpus/awesome-compose/plex')).toBe(true);
    expect(globMatches('error: *not found', 'error: a\nb not found')).toBe(true);
  });

  it('takes a deviation only for its project, path and values', () => {
    const deviation = { project: 'p/*', path: '<load>', reference: 'loads', ours: 'error: *not found', why: 'because' };
    const difference = { path: '<load>', reference: 'loads', ours: 'error: secret file x not found' };
    expect(explaining([deviation], 'p/one', difference)).toEqual([deviation]);
    expect(explaining([deviation], 'q/one', difference)).toEqual([]);
    expect(explaining([deviation], 'p/one', { ...difference, ours: 'error: invalid port' })).toEqual([]);
  });

  it('removes representation-only differences, and nothing else', () => {
    const reference = {
      services: {
        web: {
          build: { context: '/p', dockerfile: 'Dockerfile' },
          scale: 2,
          shm_size: '1024',
          volumes: [
            { type: 'bind', source: '/etc/x/', target: '/x', bind: {} },
            { type: 'bind', source: '/p/y', target: '/y' },
            { type: 'volume', source: 'data', target: '/data', volume: {} },
          ],
          depends_on: { db: { condition: 'service_started', required: true } },
          healthcheck: { disable: true },
          command: ['echo', '$HOME'],
          cpus: 0.5,
          mem_limit: '1024',
          expose: ['4000-4001/udp'],
          extra_hosts: ['db=10.0.0.1', 'host=host-gateway'],
          ulimits: { nproc: 512 },
          secrets: [{ source: 'token', target: 'custom', mode: '0440' }],
        },
      },
      secrets: { token: { name: 'p_token', file: '/p/token.txt' } },
    };
    const ours = {
      services: {
        web: {
          build: { context: '/p' },
          shm_size: 1024,
          volumes: [
            { type: 'bind', source: '/etc/x', target: '/x', bind: { create_host_path: true } },
            { type: 'bind', source: '/p/y', target: '/y', bind: { create_host_path: false } },
            { type: 'volume', source: 'data', target: '/data' },
          ],
          depends_on: { db: { condition: 'service_started', required: true, restart: false } },
          healthcheck: { test: ['NONE'], disable: true },
          command: ['echo', '$$HOME'],
          deploy: { replicas: 2, resources: { limits: { cpus: '0.5', memory: 1024 } } },
          expose: ['4000/udp', '4001/udp'],
          extra_hosts: ['host:host-gateway', 'db:10.0.0.1'],
          ulimits: { nproc: { soft: 512, hard: 512 } },
          secrets: [{ source: 'token', target: '/run/secrets/custom', mode: 288 }],
        },
      },
      secrets: { token: { name: 'p_token', file: '/p/token.txt', content: '<redacted>' } },
    };
    expect(differences(normalizeReference(reference), normalizeOurs(ours))).toEqual([]);
    const changed = structuredClone(ours);
    changed.services.web.volumes[1] = { type: 'bind', source: '/p/y', target: '/y', bind: { create_host_path: true } };
    changed.services.web.depends_on.db.restart = true;
    changed.services.web.extra_hosts = ['host:host-gateway', 'db:10.0.0.2'];
    expect(differences(normalizeReference(structuredClone(reference)), normalizeOurs(changed)).map((difference) => difference.path)).toEqual([
      'services.web.depends_on.db.restart',
      'services.web.extra_hosts.0',
      'services.web.volumes.1.bind.create_host_path',
    ]);
  });
});
