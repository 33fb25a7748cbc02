import type { ServiceOptions } from '../../lib/k8s/options/options.ts';
import { systemDirectory, type SystemDefinition } from '../system.ts';

// The Python layers' Dockerfiles create `modax` with UID 1000 (`useradd -m -u 1000 modax`).
const pythonLayer: ServiceOptions = { securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 } };
// modax/mosquitto is built FROM eclipse-mosquitto:2.0, whose broker runs as mosquitto (1883).
const mosquitto: ServiceOptions = { securityContext: { runAsUser: 1883, runAsGroup: 1883, fsGroup: 1883 } };
// modax/timescaledb is built FROM timescale/timescaledb (Alpine PostgreSQL), whose server runs as postgres (70).
const timescaledb: ServiceOptions = { securityContext: { runAsUser: 70, runAsGroup: 70, fsGroup: 70 } };

/** build.sh names images `${REGISTRY}/<component>:${VERSION}` with REGISTRY defaulting to `modax`. */
function builtImage(component: string, version: string): string {
  return `modax/${component}:${version}`;
}

export const modax: SystemDefinition = {
  name: 'modax',
  directory: systemDirectory(import.meta.url),
  environments: {
    // deploy.sh dev: `docker-compose up -d` on docker-compose.yml. The images are the ones
    // `./build.sh dev` builds and pushes, so the dev cluster pulls what compose would build.
    dev: {
      files: ['docker-compose.yml'],
      options: {
        services: {
          mosquitto: { ...mosquitto, image: builtImage('mosquitto', 'dev'), exposure: 'LoadBalancer' },
          timescaledb: { ...timescaledb, image: builtImage('timescaledb', 'dev') },
          'control-layer': { ...pythonLayer, image: builtImage('control-layer', 'dev') },
          'ai-layer': { ...pythonLayer, image: builtImage('ai-layer', 'dev') },
        },
        volumes: {
          'timescaledb-data': { size: '10Gi' },
          'ai-models': { size: '5Gi' },
        },
      },
    },
    // deploy.sh prod: `docker-compose -f docker-compose.prod.yml up -d`, with the documented
    // secrets-based variant on top.
    prod: {
      files: ['docker-compose.prod.yml', 'docker-compose.secrets.yml'],
      variables: {
        // The document's default `latest` fails Polaris' tagNotSpecified check: releases are pinned here.
        VERSION: '1.0.0',
        // The users the development file names; the passwords stay unset here (see README).
        DB_USER: 'modax_user',
        MQTT_CONTROL_USER: 'control_layer',
      },
      options: {
        ingress: { className: 'nginx', domain: 'modax.example.com', tlsSecretName: 'modax-tls' },
        services: {
          // The data stores keep their data in host directories under docker-compose.prod.yml; here each
          // gets its own claims as a StatefulSet, like the named volumes of the development file.
          // ESP32 devices publish over MQTT from outside the cluster (Architecture Overview).
          mosquitto: { ...mosquitto, workload: 'StatefulSet', exposure: 'LoadBalancer' },
          timescaledb: { ...timescaledb, workload: 'StatefulSet', storage: { size: '20Gi' } },
          // Its two replicas each keep their own logs (an emptyDir per pod: README, per-pod caches and logs).
          'control-layer': { ...pythonLayer, exposure: 'Ingress' },
          'ai-layer': { ...pythonLayer, exposure: 'Ingress', storage: { size: '10Gi' } },
        },
      },
    },
  },
};
