import type { ServiceOptions } from '../../lib/k8s/options/options.ts';
import { systemDirectory, type SystemDefinition } from '../system.ts';

// Backend Dockerfile: `useradd -m -u 1000 appuser`; frontend Dockerfile: runs as nextjs (UID 1001).
const backend: ServiceOptions = { securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 } };
const frontend: ServiceOptions = { securityContext: { runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 } };

export const exoplanet: SystemDefinition = {
  name: 'exoplanet',
  directory: systemDirectory(import.meta.url),
  environments: {
    dev: {
      files: ['docker-compose.yml'],
      options: {
        services: {
          backend: { ...backend, image: 'exoplanet/backend:dev' },
          frontend: { ...frontend, image: 'exoplanet/frontend:dev' },
        },
      },
    },
    prod: {
      files: ['docker-compose.prod.yml'],
      variables: {
        // The document's images carry no version; `latest` fails Polaris' tagNotSpecified check.
        VERSION: '1.0.0',
        NEXT_PUBLIC_API_URL: 'https://backend.exoplanet.example.com',
      },
      options: {
        ingress: { className: 'nginx', domain: 'exoplanet.example.com', tlsSecretName: 'exoplanet-tls' },
        services: {
          // The reverse proxy is the way in (Production Stack diagram).
          nginx: { exposure: 'LoadBalancer' },
          // Browsers call the API directly (NEXT_PUBLIC_API_URL).
          backend: { ...backend, exposure: 'Ingress', storage: { size: '5Gi' } },
          frontend,
        },
        volumes: { redis_data: { size: '2Gi' } },
      },
    },
  },
};
