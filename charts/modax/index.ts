import { systemDirectory, type SystemDefinition } from '../system.ts';

// Users and probes come from the document's Dockerfiles in the build contexts: the Python layers
// run as `modax` (`useradd -m -u 1000`), mosquitto and timescaledb as their base images' users
// (eclipse-mosquitto 1883, Alpine timescaledb 70), each with its HEALTHCHECK.

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
          mosquitto: { image: builtImage('mosquitto', 'dev'), exposure: 'LoadBalancer' },
          timescaledb: { image: builtImage('timescaledb', 'dev') },
          'control-layer': { image: builtImage('control-layer', 'dev') },
          'ai-layer': { image: builtImage('ai-layer', 'dev') },
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
      // The prod file only names the images build.sh builds from docker-compose.yml's contexts: their
      // Dockerfiles give the users and the HEALTHCHECKs the prod probes come from.
      imagesBuiltIn: 'dev',
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
          mosquitto: { workload: 'StatefulSet', exposure: 'LoadBalancer' },
          timescaledb: { workload: 'StatefulSet', storage: { size: '20Gi' } },
          // Its two replicas each keep their own logs (an emptyDir per pod: README, per-pod caches and logs).
          'control-layer': { exposure: 'Ingress' },
          'ai-layer': { exposure: 'Ingress', storage: { size: '10Gi' } },
        },
      },
    },
  },
};
