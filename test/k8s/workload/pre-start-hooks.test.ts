/** compose pre_start hooks (compose-go 2.16) → init containers derived from the service's container. */
import { expect, test } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const project = (hooks: string, more = '') => `services:
  db:
    image: postgres:16
    environment: {POSTGRES_PASSWORD: s3cret-Pa55-word}
  app:
    image: example/app:1.0
    user: "1000"
    entrypoint: ["/docker-entrypoint.sh"]
    command: ["serve"]
    environment:
      DATABASE_URL: postgres://app:s3cret-Pa55-word@db/app
      MODE: prod
    volumes: [data:/data]
    depends_on: [db]
${more}    pre_start:
${hooks}volumes:
  data:
`;

test('each hook runs after the dependency waits, as the service runs: its entrypoint, environment (secrets by reference), mounts and user', () => {
  const converted = convertCompose(project(`      - command: ["migrate", "--to", "latest"]
        environment: {MODE: migrate, NOTE: "cost $(echo 1)"}
      - image: busybox:1.36
        entrypoint: ["chmod", "700"]
        command: [/data]
        user: "1001:1001"
        working_dir: /data
`));
  const pod = converted.object('Deployment', 'app').spec.template.spec;
  const main = pod.containers[0];
  expect(pod.initContainers.map((container: { name: string }) => container.name)).toEqual(['wait-for-db', 'pre-start-1-app', 'pre-start-2-app']);
  const [, migrate, chmod] = pod.initContainers;
  expect(migrate).toMatchObject({ image: 'example/app:1.0', command: ['/docker-entrypoint.sh'], args: ['migrate', '--to', 'latest'], volumeMounts: main.volumeMounts, securityContext: main.securityContext });
  expect(migrate.env).toEqual([
    { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { key: 'DATABASE_URL', name: 'app-env' } } },
    { name: 'MODE', value: 'migrate' },
    // Kubernetes would expand $(…): the text stays as compose passes it.
    { name: 'NOTE', value: 'cost $$(echo 1)' },
  ]);
  expect(chmod).toMatchObject({ image: 'busybox:1.36', command: ['chmod', '700'], args: ['/data'], workingDir: '/data', securityContext: { runAsUser: 1001, runAsGroup: 1001, runAsNonRoot: true } });
  expect(chmod.livenessProbe ?? chmod.readinessProbe ?? chmod.ports).toBeUndefined();
  expect(converted.warningsAt('services.app.pre_start')).toEqual([]);
  expect(JSON.stringify(converted.objects('Deployment'))).not.toContain('s3cret-Pa55-word');
});

test('a hook that runs once per service is said to run once per replica', () => {
  const converted = convertCompose(project('      - command: [migrate]\n', '    deploy: {replicas: 3}\n'));
  expect(converted.warningsAt('services.app.pre_start')).toEqual([
    "services.app.pre_start: pre_start runs once per pod here, so 3 times (one per replica): Kubernetes has no step that runs once before a workload's pods; make the hook safe to repeat, or set per_replica: true",
  ]);
  expect(convertCompose(project('      - command: [migrate]\n        per_replica: true\n', '    deploy: {replicas: 3}\n')).warningsAt('services.app.pre_start')).toEqual([]);
});

test('a hook Kubernetes cannot run as compose does is reported, and no hook is emitted', () => {
  for (const [hook, why] of [
    ['      - command: [seed]\n        volumes: ["./seed:/seed"]\n', 'a hook with volumes of its own'],
    ['      - command: [seed]\n        user: root\n', 'a user other than a numeric, non-root uid[:gid]'],
    ['      - command: [seed]\n        environment: {API_TOKEN: abc}\n', 'environment a Secret would have to hold'],
    ['      - command: [seed]\n        privileged: true\n', 'a privileged hook'],
  ] as const) {
    const converted = convertCompose(project(hook));
    expect(converted.object('Deployment', 'app').spec.template.spec.initContainers.map((container: { name: string }) => container.name)).toEqual(['wait-for-db']);
    expect(converted.warningsAt('services.app.pre_start').join('\n')).toContain(why);
  }
});
