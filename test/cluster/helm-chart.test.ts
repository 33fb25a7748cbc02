/**
 * A chart of `convert --format helm`, rendered by the real helm v4 with values other than its
 * defaults (another image tag, replicas, resources, exposure, ingress host and TLS, claim size and
 * class), applied to the real API server with the Secrets `secrets` prints: it must be accepted and
 * come up, and the cluster must hold what the values say. (With the defaults the chart is the
 * manifests `convert` writes, which the stacks suite applies.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/compose/load.ts';
import { writeDirectoryAtomic } from '../../lib/k8s/output/atomic-write.ts';
import { chartPlanOf, helmChartFiles } from '../../lib/k8s/output/helm/chart.ts';
import { secretManifests } from '../../lib/k8s/output/secret-manifests.ts';
import { manifestsToYaml } from '../../lib/k8s/output/synth.ts';
import { translate } from '../../lib/k8s/translate.ts';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { defaultStorageClass } from '../../tools/cluster/managed-cluster.ts';
import { repoRoot } from '../support/k8s.ts';
import { adminKubectl } from './support.ts';

const kubectl = adminKubectl();
const work = mkdtempSync(join(tmpdir(), 'helm-cluster-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COMPOSE = `name: shop
x-kubernetes:
  ingress: {className: nginx, domain: shop.example.com}
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    x-kubernetes: {exposure: Ingress}
  api:
    image: nginx:1.27
    ports: ["9090:80"]
    x-kubernetes: {exposure: LoadBalancer}
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
    volumes: [data:/var/lib/postgresql/data]
volumes:
  data:
`;

const STAGING = `services:
  web:
    image: {tag: "1.28"}
    replicas: 2
    ingress:
      className: traefik
      hosts: [web.staging.example.org]
      tls: [{hosts: [web.staging.example.org], secretName: staging-tls}]
  api:
    publicService: {type: NodePort}
    service: {type: NodePort}
  db:
    resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}
    persistence:
      data: {size: 3Gi, storageClass: ${defaultStorageClass}}
`;

describe('a Helm chart with per-environment values, on the cluster', () => {
  it('is accepted, comes up, and holds what the values say', async () => {
    const project = join(work, 'shop');
    writeDirectoryAtomic([{ path: 'compose.yaml', content: COMPOSE }], project);
    const plan = translate(loadProject({ files: [join(project, 'compose.yaml')], environment: { DB_PASSWORD: 'staging-Pw-4d1e' } }), { namespace: 'helm-values' });
    writeDirectoryAtomic(helmChartFiles(chartPlanOf(plan)), join(work, 'chart'));
    writeFileSync(join(work, 'staging.yaml'), STAGING);
    const clients = execFileSync('bash', [join(repoRoot, 'tools', 'gitops', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    const manifests = execFileSync(join(clients, 'bin', 'helm'), ['template', join(work, 'chart'), '-f', join(work, 'staging.yaml')], { encoding: 'utf8' });

    const report = await applyAndWatch(kubectl, { name: 'helm-values', manifests, secrets: manifestsToYaml(secretManifests(plan)) }, { keep: true });
    try {
      expect(report.findings).toEqual([]);
      const items = async (kind: string) => getItems<{ metadata: { name: string }; spec: Record<string, any> }>(kubectl, [kind, '-n', 'helm-values']);
      const deployments = new Map((await items('deployments')).map((item) => [item.metadata.name, item.spec]));
      expect(deployments.get('web')?.['replicas']).toBe(2);
      expect(deployments.get('web')?.['template'].spec.containers[0].image).toBe('nginx:1.28');
      const [database] = await items('statefulsets');
      expect(database?.spec['template'].spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } });
      const services = new Map((await items('services')).map((item) => [item.metadata.name, item.spec]));
      expect(services.get('api-public')?.['type']).toBe('NodePort');
      expect(services.get('api')?.['type']).toBe('NodePort');
      // The StatefulSet's claim template makes the pod's claim: data-db-0.
      const [claim] = await items('persistentvolumeclaims');
      expect(claim?.metadata.name).toBe('data-db-0');
      expect(claim?.spec).toMatchObject({ storageClassName: defaultStorageClass, resources: { requests: { storage: '3Gi' } } });
      const [ingress] = await items('ingresses');
      expect(ingress?.spec).toMatchObject({ ingressClassName: 'traefik', rules: [{ host: 'web.staging.example.org' }], tls: [{ secretName: 'staging-tls' }] });
    } finally {
      await kubectl(['delete', 'namespace', 'helm-values', '--wait=false']);
    }
  });
});
