import type { ServiceOptions } from '../../lib/k8s/options/options.ts';
import { systemDirectory, type SystemDefinition } from '../system.ts';

const PLUGINS = ['ml-engine', 'data-core', 'orchestration-engine', 'rag-chatbot', 'frontend-ui'] as const;
// Security Considerations > User Permissions: `adduser -D appuser`, the first user Alpine creates (1000).
const appuser: ServiceOptions['securityContext'] = { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };
/** Images the document runs untagged (Monitoring Stack), pinned because Polaris rejects untagged images. */
const monitoringImages = { prometheus: 'prom/prometheus:v2.48.1', grafana: 'grafana/grafana:10.2.2' };

function pluginOptions(extra: (plugin: string) => ServiceOptions): Record<string, ServiceOptions> {
  return Object.fromEntries(PLUGINS.map((plugin) => [plugin, { securityContext: appuser, ...extra(plugin) }]));
}

/** The images docker-compose.yml names (`carbon-nexus-<name>`), tagged for the dev cluster. */
const DEV_IMAGES: Readonly<Record<string, string>> = {
  'ml-engine': 'carbon-nexus-ml-engine:dev',
  'data-core': 'carbon-nexus-data-core:dev',
  'orchestration-engine': 'carbon-nexus-orchestration:dev',
  'rag-chatbot': 'carbon-nexus-rag-chatbot:dev',
  'frontend-ui': 'carbon-nexus-frontend:dev',
};

// Browsers load the UI and call the orchestration engine's HTTP API and WebSockets (Frontend User Flow).
const PUBLIC = new Set(['frontend-ui', 'orchestration-engine']);

export const carbonNexus: SystemDefinition = {
  name: 'carbon-nexus',
  directory: systemDirectory(import.meta.url),
  environments: {
    dev: {
      files: ['docker-compose.yml', 'docker-compose.dev.yml'],
      options: { services: pluginOptions((plugin) => ({ image: DEV_IMAGES[plugin] })) },
    },
    prod: {
      files: ['docker-compose.yml', 'docker-compose.prod.yml'],
      profiles: ['monitoring'],
      // The document builds locally and names no version; `latest` fails Polaris' tagNotSpecified check.
      variables: { VERSION: '1.0.0' },
      options: {
        ingress: { className: 'nginx', domain: 'carbon-nexus.example.com', tlsSecretName: 'carbon-nexus-tls' },
        services: {
          ...pluginOptions((plugin) => (PUBLIC.has(plugin) ? { exposure: 'Ingress' } : {})),
          prometheus: { image: monitoringImages.prometheus },
          grafana: { image: monitoringImages.grafana, exposure: 'Ingress' },
        },
        volumes: { 'ml-models': { size: '10Gi' }, 'ml-data': { size: '10Gi' } },
      },
    },
  },
};
