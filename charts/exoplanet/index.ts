import { systemDirectory, type SystemDefinition } from '../system.ts';

// Users come from the document's Dockerfiles (backend/, frontend/): appuser (`useradd -m -u 1000`)
// for the backend, nextjs (UID 1001) for the frontend's runner stage; the dev frontend runs the
// builder stage, which is node:18-alpine's (node, 1000).

export const exoplanet: SystemDefinition = {
  name: 'exoplanet',
  directory: systemDirectory(import.meta.url),
  environments: {
    dev: {
      files: ['docker-compose.yml'],
      options: {
        services: {
          backend: { image: 'exoplanet/backend:dev' },
          frontend: { image: 'exoplanet/frontend:dev' },
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
          backend: { exposure: 'Ingress', storage: { size: '5Gi' } },
        },
        volumes: { redis_data: { size: '2Gi' } },
      },
    },
  },
};
