/**
 * A folder of key material outside the project mounted read-write, as compose mounts a bind unless
 * told otherwise (`../secrets:/run/secrets`, `/etc/ssl/private:/certs`): a new, empty claim made the
 * service start without its keys, said only by the general "copy the data in" (until 2026-12-07).
 * It is a Secret the operator creates from the folder, named in the warning, unless a service shows
 * it writes there (secret-folder-writers.ts).
 */
import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

const volumesOf = (workload: Json): Json[] => workload.spec.template.spec.volumes ?? [];
const created = (result: ReturnType<typeof convertCompose>): string[] => result.plan.toCreate.map((object) => `${object.kind}/${object.name}`);

describe('a folder of key material outside the project that a service only reads', () => {
  const result = convertCompose(`services:
  app:
    image: example/app:1
    volumes:
      - ../secrets:/run/secrets
      - /etc/ssl/private:/certs
  proxy:
    image: nginx:1.27
    volumes:
      - ../tls:/etc/nginx/tls
`);

  it('is a Secret the operator creates from it, mounted read-only, not an empty claim', () => {
    expect(result.objects('PersistentVolumeClaim')).toEqual([]);
    expect(volumesOf(result.object('Deployment', 'app'))).toEqual([
      { name: 'run-secrets', secret: { secretName: 'up-secrets' } },
      { name: 'certs', secret: { secretName: 'etc-ssl-private' } },
    ]);
    expect(volumesOf(result.object('Deployment', 'proxy'))).toContainEqual({ name: 'etc-nginx-tls', secret: { secretName: 'up-tls' } });
    expect(created(result)).toEqual(['Secret/etc-ssl-private', 'Secret/up-secrets', 'Secret/up-tls']);
  });

  it('names the Secret and the command that fills it, and says how to keep a claim where the service writes', () => {
    expect(result.warningsAt('services.app.volumes.0')).toEqual([
      expect.stringMatching(/^services\.app\.volumes\.0: \.\.\/secrets is outside the project, which is never read: create Secret 'up-secrets' from it \(kubectl create secret generic up-secrets --from-file=\.\.\/secrets\); it is mounted read-only, .*no service shows it writes there .*mount it :rw in so many words/),
    ]);
  });
});

describe('a folder of key material outside the project that a service writes', () => {
  it('is a claim where a service mounts it :rw in so many words', () => {
    const result = convertCompose(`services:
  app:
    image: example/app:1
    volumes: ['../secrets:/run/secrets:rw']
`);
    expect(volumesOf(result.object('Deployment', 'app'))[0]).toMatchObject({ persistentVolumeClaim: {} });
    expect(created(result)).toEqual([]);
  });

  it("is a claim the readers share where a service's image makes certificates (certbot) or its command writes keys there (openssl -keyout)", () => {
    const result = convertCompose(`services:
  certbot:
    image: certbot/certbot:v2.11.0
    volumes: ['../certs:/etc/letsencrypt/live']
  certgen:
    image: alpine:3.20
    command: sh -c "apk add openssl && openssl req -x509 -newkey rsa:2048 -nodes -keyout /keys/tls.key -out /keys/tls.crt -subj /CN=app"
    volumes: ['../keys:/keys']
  web:
    image: nginx:1.27
    volumes: ['../certs:/etc/nginx/certs', '../keys:/etc/nginx/keys']
`);
    expect(result.objects('Secret')).toEqual([]);
    expect(created(result)).toEqual([]);
    const claims = volumesOf(result.object('Deployment', 'web')).filter((volume) => volume.persistentVolumeClaim).map((volume) => volume.persistentVolumeClaim.claimName);
    expect(claims).toEqual(['host-up-certs', 'host-up-keys']);
  });

  it("is a claim where a setting has the service fetch its certificates itself (Mailu's TLS_FLAVOR=letsencrypt), a Secret where it reads the operator's (cert)", () => {
    const mailu = (flavor: string): Json =>
      volumesOf(
        convertCompose(`services:
  front:
    image: ghcr.io/mailu/nginx:2024.06
    environment: {TLS_FLAVOR: ${flavor}}
    volumes: ['/mailu/certs:/certs']
`).object('Deployment', 'front'),
      ).find((volume) => volume.name === 'certs');
    expect(mailu('letsencrypt')).toMatchObject({ persistentVolumeClaim: {} });
    expect(mailu('cert')).toEqual({ name: 'certs', secret: { secretName: 'mailu-certs' } });
  });

  it("is a claim the readers share where docker:dind generates its TLS certificates (DOCKER_TLS_CERTDIR), a Secret where TLS is off", () => {
    // FLY-Open-DevOps/Jenkins-SonarQube-DockerCompose, as Jenkins documents its Docker set-up: the
    // daemon writes ca/, server/ and client/ below /certs at start, and Jenkins reads client/.
    const jenkins = (certificates: string) => convertCompose(`services:
  jenkins-docker:
    image: docker:dind
    privileged: true
    environment: [DOCKER_TLS_CERTDIR=${certificates}]
    volumes: ['/srv/jenkins/certs:/certs/client']
  jenkins:
    image: jenkins/jenkins:lts
    environment: [DOCKER_HOST=tcp://jenkins-docker:2376, DOCKER_CERT_PATH=/certs/client, DOCKER_TLS_VERIFY=1]
    volumes: ['/srv/jenkins/certs:/certs/client:ro']
`);
    const result = jenkins('/certs');
    const claim = { name: 'certs-client', persistentVolumeClaim: { claimName: 'host-srv-jenkins-certs' } };
    expect(volumesOf(result.object('Deployment', 'jenkins-docker'))).toContainEqual(claim);
    expect(volumesOf(result.object('Deployment', 'jenkins'))).toContainEqual({ ...claim, persistentVolumeClaim: { ...claim.persistentVolumeClaim, readOnly: true } });
    expect(created(result)).toEqual([]);
    expect(created(jenkins(''))).toEqual(['Secret/srv-jenkins-certs']);
    expect(created(jenkins('/elsewhere'))).toEqual(['Secret/srv-jenkins-certs']);
  });

  it('but a client given DOCKER_TLS_CERTDIR (a CI runner passing it on to its jobs) generates no certificates: its folder stays a Secret', () => {
    const runner = (image: string, command = '') => convertCompose(`services:
  runner:
    image: ${image}
${command}    environment: [DOCKER_TLS_CERTDIR=/certs, DOCKER_HOST=tcp://docker:2376]
    volumes: ['/srv/ci/certs:/certs/client']
`);
    expect(created(runner('gitlab/gitlab-runner:v17.6.0'))).toEqual(['Secret/srv-ci-certs']);
    expect(created(runner('docker:27-cli'))).toEqual(['Secret/srv-ci-certs']);
    // Docker's daemon, by its image or its command, does.
    expect(created(runner('docker:27-dind'))).toEqual([]);
    expect(created(runner('code.forgejo.org/oci/docker:dind'))).toEqual([]);
    expect(created(runner('cruizba/ubuntu-dind:noble-27.3.1'))).toEqual([]);
    expect(created(runner('example/ci-daemon:1', '    entrypoint: [dockerd-entrypoint.sh]\n'))).toEqual([]);
  });

  it('but a server that reads its certificates from a folder it names (cockroach start --certs-dir) shows no writing', () => {
    const result = convertCompose(`services:
  roach:
    image: cockroachdb/cockroach:v24.2.4
    command: start-single-node --certs-dir=/certs
    volumes: ['../certs:/certs']
`);
    expect(volumesOf(result.object('Deployment', 'roach'))).toContainEqual({ name: 'certs', secret: { secretName: 'up-certs' } });
  });
});

describe('a folder of key material outside the project that a service hands out', () => {
  // EdgeX's secure compose file (edgexfoundry/edgex-compose): security-secretstore-setup mounts
  // /tmp/edgex/secrets and writes each service's token below it; every service mounts its own folder
  // `read_only: true`. Each was a Secret to create from a folder only the running stack fills.
  const compose = `services:
  secretstore-setup:
    image: edgexfoundry/security-secretstore-setup:4.0.0
    restart: always
    volumes:
      - type: bind
        source: /tmp/edgex/secrets
        target: /tmp/edgex/secrets
  core-data:
    image: edgexfoundry/core-data:4.0.0
    volumes:
      - type: bind
        source: /tmp/edgex/secrets/core-data
        target: /tmp/edgex/secrets/core-data
        read_only: true
  core-metadata:
    image: edgexfoundry/core-metadata:4.0.0
    volumes: ['/tmp/edgex/secrets/core-metadata:/tmp/edgex/secrets/core-metadata:ro']
`;

  it('is one claim the writer and its readers share, each reader at its own folder, and nothing to create', () => {
    const result = convertCompose(compose);
    expect(created(result)).toEqual([]);
    const claims = (service: string): string[] => volumesOf(result.object('Deployment', service)).flatMap((volume) => (volume.persistentVolumeClaim ? [volume.persistentVolumeClaim.claimName] : []));
    expect(claims('secretstore-setup')).toEqual(['host-tmp-edgex-secrets']);
    for (const reader of ['core-data', 'core-metadata']) {
      expect(claims(reader)).toEqual(['host-tmp-edgex-secrets']);
      const mounts = result.object('Deployment', reader).spec.template.spec.containers[0].volumeMounts;
      expect(mounts).toContainEqual(expect.objectContaining({ mountPath: `/tmp/edgex/secrets/${reader}`, subPath: reader, readOnly: true }));
    }
    expect(result.warningsAt('services.core-data.volumes.0')).toContainEqual(expect.stringContaining('secretstore-setup writes there'));
  });

  it('but a service that mounts the whole folder, or a file of it, beside one reader, hands nothing out: keys the operator put there stay Secrets', () => {
    const result = convertCompose(`services:
  app:
    image: example/app:1
    volumes: ['/srv/certs:/certs']
  db:
    image: postgres:17
    volumes: ['/srv/certs/db:/certs:ro']
  proxy:
    image: nginx:1.27
    volumes: ['/srv/certs/proxy.pem:/etc/nginx/proxy.pem:ro']
`);
    expect(result.objects('PersistentVolumeClaim')).toEqual([]);
    expect(created(result)).toEqual(['Secret/srv-certs', 'Secret/srv-certs-db', 'Secret/srv-certs-proxy-pem']);
  });
});
