/**
 * SCIP prod starts as written (issue 16): the client dashboard's nginx can write what it writes as its
 * non-root user and serves the build output the image carries, and redis gets the memory its own
 * `--maxmemory` asks for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scip } from '../../charts/scip/index.ts';
import { parseQuantity } from '../../lib/k8s/plan/quantities.ts';
import { findObject } from '../support/k8s.ts';
import { container, podSpec, synthSystem, workload } from './manifests.ts';

const docs = synthSystem(scip, 'prod');

describe('scip prod: the client dashboard', () => {
  const dockerfile = readFileSync(join(scip.directory, 'client-dashboard', 'Dockerfile'), 'utf8');
  const production = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it("runs nginx-unprivileged's user, whose pid and caches are in /tmp, not uid 1000 against /var/cache/nginx", () => {
    expect(production).toMatch(/^FROM nginxinc\/nginx-unprivileged:[\w.-]+ AS production/m);
    expect(container(docs, 'client-dashboard').securityContext).toMatchObject({ runAsUser: 101, runAsNonRoot: true });
    expect(container(docs, 'client-dashboard').args).toEqual(['nginx', '-g', 'daemon off;']);
  });

  it('carries the build output the prod override mounts from the host (./client-dashboard/dist)', () => {
    expect(production).toContain('COPY --from=build /app/dist /usr/share/nginx/html');
    expect(dockerfile).toMatch(/AS build\nRUN npm run build/);
    expect(container(docs, 'client-dashboard').volumeMounts ?? []).toEqual([]);
    // It listens where compose publishes it and nginx/sites proxies to.
    expect(readFileSync(join(scip.directory, 'client-dashboard', 'nginx-3000.conf'), 'utf8')).toMatch(/listen 3000;/);
    expect(readFileSync(join(scip.directory, 'nginx', 'sites', 'scip.conf'), 'utf8')).toContain('http://client-dashboard:3000');
  });
});

describe('scip prod: redis', () => {
  it('requests more memory than its --maxmemory, and its limit leaves room above it', () => {
    const redis = container(docs, 'redis');
    const args = redis.args ?? [];
    const maxmemory = args[args.indexOf('--maxmemory') + 1];
    expect(maxmemory).toBe('2gb');
    // redis' gb is 1024^3 bytes.
    const dataBytes = 2 * 1024 ** 3;
    const request = parseQuantity(String(redis.resources?.requests?.['memory'])) ?? 0;
    const limit = parseQuantity(String(redis.resources?.limits?.['memory'])) ?? 0;
    expect(request).toBeGreaterThan(dataBytes);
    expect(limit).toBeGreaterThanOrEqual(request);
    expect(limit).toBeGreaterThanOrEqual(1.5 * dataBytes);
  });
});

describe('scip prod: the published database ports', () => {
  it.each(['postgres', 'redis'])('%s: reachable only from the pods of scip-network, not from every namespace', (service) => {
    const policy = findObject(docs, 'NetworkPolicy', `${service}-network`)['spec'] as { ingress: { from?: unknown[]; ports?: unknown[] }[] };
    expect(policy.ingress.length).toBeGreaterThan(0);
    for (const rule of policy.ingress) expect(rule.from).toEqual([{ podSelector: { matchLabels: { 'network.cdk8s-compose.io/scip-network': 'true' } } }]);
    const services = docs.filter((d) => d.kind === 'Service' && d.metadata.name.startsWith(service));
    expect(services.map((d) => (d['spec'] as { type?: string }).type ?? 'ClusterIP')).toEqual(services.map(() => 'ClusterIP'));
    expect(docs.filter((d) => d.kind === 'Ingress').map((d) => JSON.stringify(d))).not.toContainEqual(expect.stringContaining(`"name":"${service}"`));
  });

  it('keeps the shared ./media and the caches off ReadWriteMany claims', () => {
    const modes = docs.filter((d) => d.kind === 'PersistentVolumeClaim').flatMap((d) => (d['spec'] as { accessModes: string[] }).accessModes);
    const templates = docs.flatMap((d) => ((d['spec'] as { volumeClaimTemplates?: { spec: { accessModes: string[] } }[] } | undefined)?.volumeClaimTemplates ?? []).flatMap((t) => t.spec.accessModes));
    expect([...modes, ...templates]).not.toContain('ReadWriteMany');
    const cache = container(docs, 'api').volumeMounts?.find((m) => m.mountPath === '/app/__pycache__');
    expect(podSpec(workload(docs, 'api')).volumes?.find((v) => v.name === cache?.name)).toHaveProperty('emptyDir');
  });
});
