import type { KubernetesManifest } from '../../lib/k8s/plan/plan.ts';
import { teamDashboardTemplateManifests, type TeamDashboardTemplateProps } from '../../lib/team-dashboard/template.ts';
import { IMAGE_REGISTRY, systemDirectory, type SystemDefinition } from '../system.ts';

/** Release the prod images are pinned to (the document's docker-stack.yml deploys `latest`). */
const VERSION = '1.0.0';

/**
 * Where prod's team dashboards are reached: `https://<dashboard name>.dashboards.scip.example.com`, a
 * wildcard DNS record and certificate (Secret `dashboards-tls`) for `*.dashboards.scip.example.com`.
 */
export const DASHBOARD_ROUTE = { domain: 'dashboards.scip.example.com', className: 'nginx', tlsSecretName: 'dashboards-tls' } as const;

/**
 * The team dashboards of one environment. The chart puts them in namespace `scip`; the cluster
 * suite puts the same objects in a namespace of its own.
 */
export function teamDashboardProps(environment: string, namespace = 'scip'): TeamDashboardTemplateProps {
  return {
    namespace,
    image: `${IMAGE_REGISTRY}/scip-team-dashboard:${environment === 'prod' ? VERSION : 'dev'}`,
    // The manager's per-team routes (its `route` option, this one) go through the cluster's ingress-nginx
    // controller; dev has no route, and the admission policy then refuses the manager's Ingresses.
    ...(environment === 'prod' ? { ingressControllerNamespace: 'ingress-nginx', route: DASHBOARD_ROUTE } : {}),
  };
}

function teamDashboards(environment: string): readonly KubernetesManifest[] {
  return teamDashboardTemplateManifests(teamDashboardProps(environment)).all;
}

export const scip: SystemDefinition = {
  name: 'scip',
  directory: systemDirectory(import.meta.url),
  extend: teamDashboards,
  environments: {
    dev: {
      files: ['docker-compose.yml', 'docker-compose.dev.yml'],
      profiles: ['dev-tools'],
      options: {
        services: {
          api: { image: 'scip-api:dev' },
          orchestration: { image: 'scip-orchestration:dev', serviceAccountName: 'orchestration' },
          'client-dashboard': { image: 'scip-client-dashboard:dev' },
          // The document runs mailhog/mailhog untagged, which Polaris rejects; v1.0.1 is its latest release.
          mailhog: { image: 'mailhog/mailhog:v1.0.1' },
        },
      },
    },
    prod: {
      files: ['docker-compose.yml', 'docker-compose.prod.yml', 'docker-stack.yml'],
      profiles: ['production'],
      variables: { APP_ENV: 'production' },
      options: {
        services: {
          api: { image: `scip-api:${VERSION}` },
          orchestration: { image: `scip-orchestration:${VERSION}`, serviceAccountName: 'orchestration' },
          'client-dashboard': { image: `scip-client-dashboard:${VERSION}` },
          // nginx terminates TLS itself (./nginx/ssl), so it gets a LoadBalancer rather than an Ingress.
          nginx: { exposure: 'LoadBalancer' },
          // Browsers reach the broker's WebSocket port (VITE_MQTT_WS_URL).
          mqtt: { exposure: 'LoadBalancer' },
          // The override runs redis with `--maxmemory 2gb` (2 GiB of data) but sets no resources: the
          // node must hold that plus redis' own overhead and the copy-on-write of AOF rewrites, or the
          // pod is evicted or OOM-killed before maxmemory ever applies.
          redis: { resources: { requests: { memory: '2560Mi' }, limits: { memory: '3Gi' } } },
        },
      },
    },
  },
};
