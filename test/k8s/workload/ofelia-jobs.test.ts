import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartPlanOf, helmChartFiles } from '../../../lib/k8s/output/helm/chart.ts';
import { convertCompose, type Json } from '../support/compose-text.ts';

/** A Laravel app whose scheduler ofelia runs every minute, as self-hosted stacks label it. */
const laravel = `services:
  app:
    image: example/laravel:1.4
    user: "1000:1000"
    environment:
      DB_HOST: db
      DB_PASSWORD: s3cr3t-Pa55word
    volumes: ["storage:/var/www/storage"]
    ports: ["8000:8000"]
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8000/up"]
    depends_on: [db]
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.schedule.schedule: "0 * * * * *"
      ofelia.job-exec.schedule.command: "php artisan schedule:run"
      ofelia.job-exec.backup.schedule: "@daily"
      ofelia.job-exec.backup.command: "sh -c 'php artisan backup:run > /var/www/storage/backup.log'"
      traefik.enable: "true"
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cr3t-Pa55word
  scheduler:
    image: mcuadros/ofelia:latest
    command: daemon --docker
    depends_on: [app]
    volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro"]
volumes:
  storage: {}
`;

describe("ofelia's jobs", () => {
  const converted = convertCompose(laravel);

  it("become CronJobs of the service's image, environment, user and volumes, running the command without its entrypoint", () => {
    const cronJob = converted.object('CronJob', 'app-schedule');
    expect(cronJob.spec.schedule).toBe('* * * * *');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const [container] = pod.containers;
    expect(container.image).toBe('example/laravel:1.4');
    expect(container.command).toEqual(['php', 'artisan', 'schedule:run']);
    expect(container.args).toBeUndefined();
    expect(container.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    expect(container.ports).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    expect(container.env.find((variable: { name: string }) => variable.name === 'DB_HOST')).toEqual({ name: 'DB_HOST', value: 'db' });
    expect(container.env.find((variable: { name: string }) => variable.name === 'DB_PASSWORD').valueFrom.secretKeyRef).toBeDefined();
    expect(container.volumeMounts).toEqual([expect.objectContaining({ mountPath: '/var/www/storage' })]);
    expect(converted.object('CronJob', 'app-backup').spec.schedule).toBe('@daily');
    expect(converted.object('CronJob', 'app-backup').spec.jobTemplate.spec.template.spec.containers[0].command).toEqual(['sh', '-c', 'php artisan backup:run > /var/www/storage/backup.log']);
  });

  it('share the service’s claim on its node, and reach what it reaches', () => {
    const claims = converted.objects('PersistentVolumeClaim').map((claim) => claim.metadata.name);
    expect(claims).toEqual(['storage']);
    const affinity = converted.object('CronJob', 'app-schedule').spec.jobTemplate.spec.template.spec.affinity.podAffinity;
    expect(affinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(converted.object('NetworkPolicy', 'app-schedule-network').spec.egress.length).toBeGreaterThan(1);
  });

  it('leave the scheduler out, since no pod has the Docker socket it starts them through', () => {
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name)).toEqual(['app', 'db']);
    expect(converted.warningsAt('services.scheduler.image')).toEqual([expect.stringContaining("service 'scheduler' runs ofelia, which starts its jobs through the Docker socket that no pod has")]);
  });

  it('are said once each, at their labels, with how the schedule was read', () => {
    const said = converted.warnings.filter((warning) => warning.message.startsWith("ofelia job 'schedule'"));
    expect(said).toHaveLength(1);
    expect(said[0]?.message).toContain("becomes CronJob 'app-schedule' on '* * * * *'");
    expect(said[0]?.location?.line).toBe(15);
    // The jobs' copies of the service report nothing of their own at other keys.
    expect(converted.warnings.filter((warning) => warning.key?.startsWith('services.app-'))).toEqual([]);
  });

  it('keep their labels out of the server’s annotations, and the other labels in', () => {
    const annotations = converted.object('Deployment', 'app').metadata.annotations ?? {};
    expect(Object.keys(annotations).filter((key) => key.startsWith('ofelia.'))).toEqual([]);
    expect(annotations['traefik.enable']).toBe('true');
  });
});

describe("ofelia's other jobs and settings", () => {
  it('translates a job-exec written on the scheduler for a named container', () => {
    const converted = convertCompose(`services:
  nextcloud:
    image: nextcloud:29-apache
    container_name: nextcloud-app
  ofelia:
    image: ghcr.io/netresearch/ofelia:latest
    labels:
      ofelia.job-exec.cron.schedule: "@every 5m"
      ofelia.job-exec.cron.container: nextcloud-app
      ofelia.job-exec.cron.command: "php -f /var/www/html/cron.php"
      ofelia.job-exec.cron.user: www-data
      ofelia.job-run.cleanup.schedule: "@weekly"
      ofelia.job-run.cleanup.image: "alpine:3.20"
`);
    const container = converted.object('CronJob', 'nextcloud-cron').spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.securityContext.runAsUser).toBe(33);
    expect(converted.warnings.some((warning) => warning.message.startsWith("'ofelia.job-run.cleanup.image' is not translated: only ofelia's job-exec jobs become CronJobs"))).toBe(true);
  });

  it('leaves the jobs of a service ofelia does not read, and says why', () => {
    const converted = convertCompose(`services:
  app:
    image: example/app:1
    labels:
      ofelia.job-exec.tick.schedule: "@hourly"
      ofelia.job-exec.tick.command: "app tick"
`);
    expect(converted.objects('CronJob')).toEqual([]);
    expect(converted.warnings.some((warning) => warning.message.includes('ofelia reads the labels of containers labelled ofelia.enabled: "true" only'))).toBe(true);
  });

  it('reports a job it cannot schedule, and names a job apart from a service of its name', () => {
    const converted = convertCompose(`services:
  app:
    image: example/app:1
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.tick.schedule: "@every soon"
      ofelia.job-exec.tick.command: "app tick"
      ofelia.job-exec.tock.schedule: "@hourly"
      ofelia.job-exec.tock.command: "app tock"
  app-tock:
    image: example/tock:1
`);
    expect(converted.objects('CronJob').map((cronJob) => cronJob.metadata.name)).toEqual(['app-tock-2']);
    expect(converted.warnings.some((warning) => warning.message === "ofelia job 'tick' is not translated: '@every soon' is not a duration ofelia can run")).toBe(true);
  });
});

describe("ofelia's labels that are no job's", () => {
  it('are reported, not copied', () => {
    const converted = convertCompose(`services:
  app:
    image: example/app:1
    labels:
      ofelia.enabled: "true"
      ofelia.save-folder: /tmp/reports
`);
    expect(converted.warningsAt('services.app.labels')).toEqual([expect.stringContaining("'ofelia.save-folder' is not translated: it is no setting of an ofelia job")]);
    expect(converted.object('Deployment', 'app').metadata.annotations ?? {}).toEqual({});
  });
});

describe("ofelia's time zone", () => {
  it("is the CronJobs' time zone, when the scheduler's TZ names one other than UTC", () => {
    const converted = convertCompose(`services:
  app:
    image: example/app:1
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.tick.schedule: "0 3 * * *"
      ofelia.job-exec.tick.command: "app tick"
  ofelia:
    image: mcuadros/ofelia:0.3.13
    environment:
      TZ: Europe/Berlin
`);
    expect(converted.object('CronJob', 'app-tick').spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Europe/Berlin' });
    expect(converted.warnings.some((warning) => warning.message.includes("becomes CronJob 'app-tick' on '0 3 * * *' in Europe/Berlin, the scheduler's TZ"))).toBe(true);
  });

  it('is left to the cluster, and said, when TZ names no zone of the tz database', () => {
    const converted = convertCompose(`services:
  app:
    image: example/app:1
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.tick.schedule: "0 3 * * *"
      ofelia.job-exec.tick.command: "app tick"
  ofelia:
    image: mcuadros/ofelia:0.3.13
    environment:
      TZ: ":/etc/localtime"
`);
    expect(converted.object('CronJob', 'app-tick').spec.timeZone).toBeUndefined();
    expect(converted.warningsAt('services.ofelia.environment.TZ')).toEqual([expect.stringContaining("TZ ':/etc/localtime' is no time zone name of the tz database")]);
  });
});

describe("ofelia's INI file", () => {
  // PhotoPrism's scheduler example: the jobs live in ./jobs.ini, mounted where ofelia reads its configuration.
  const photoprism = `services:
  photoprism:
    image: photoprism/photoprism:240915
    container_name: photoprism
    volumes: ["storage:/photoprism/storage"]
  ofelia:
    image: mcuadros/ofelia:latest
    command: daemon --config=/etc/ofelia/jobs.ini
    volumes:
      - "/var/run/docker.sock:/var/run/docker.sock:ro"
      - "./jobs.ini:/etc/ofelia/jobs.ini"
volumes:
  storage: {}
`;
  const ini = `# jobs
[global]
save-folder = /var/log/ofelia

[job-exec "photoprism convert"]
schedule = @daily
container = photoprism
command =  photoprism convert
no-overlap = true

[job-exec "photoprism backup"]
schedule = 0 30 2 * * *   ; nightly
container = photoprism
command = "photoprism backup -a -i -f /photoprism/storage/index-backup.sql"
environment = PHOTOPRISM_DEBUG=false

[job-run "cleanup"]
schedule = @weekly
image = alpine:3.20
`;

  it('gives its job-exec sections CronJobs, and reports the others at its mount', () => {
    const converted = convertCompose(photoprism, { 'jobs.ini': ini });
    expect(converted.objects('CronJob').map((cronJob) => [cronJob.metadata.name, cronJob.spec.schedule]).sort()).toEqual([
      ['photoprism-photoprism-backup', '30 2 * * *'],
      ['photoprism-photoprism-convert', '@daily'],
    ]);
    const backup = converted.object('CronJob', 'photoprism-photoprism-backup').spec.jobTemplate.spec.template.spec.containers[0];
    expect(backup.command).toEqual(['photoprism', 'backup', '-a', '-i', '-f', '/photoprism/storage/index-backup.sql']);
    expect(backup.env).toContainEqual({ name: 'PHOTOPRISM_DEBUG', value: 'false' });
    const atMount = converted.warningsAt('services.ofelia.volumes.1');
    expect(atMount).toHaveLength(3);
    expect(atMount).toContainEqual(expect.stringContaining(`ofelia's [job-run "cleanup"] is not translated`));
    expect(atMount).toContainEqual(expect.stringContaining("ofelia job 'photoprism backup' becomes CronJob 'photoprism-photoprism-backup' on '30 2 * * *'"));
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name)).toEqual(['photoprism']);
  });

  it('is reported when the project does not ship it', () => {
    const converted = convertCompose(photoprism);
    expect(converted.objects('CronJob')).toEqual([]);
    expect(converted.warningsAt('services.ofelia.volumes.1')).toEqual([expect.stringContaining("the jobs of ofelia's configuration file /etc/ofelia/jobs.ini are not translated: the project does not ship it")]);
  });
});

describe("an ofelia job's image", () => {
  it("is its service's: the one x-kubernetes names, or the one compose builds for it", () => {
    const converted = convertCompose(`services:
  app:
    build: .
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.tick.schedule: "@hourly"
      ofelia.job-exec.tick.command: "app tick"
  api:
    image: example/api:1
    x-kubernetes:
      image: registry.example.com/api:1.2.3
      securityContext: { runAsUser: 4000, runAsGroup: 4000 }
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.tock.schedule: "@hourly"
      ofelia.job-exec.tock.command: "api tock"
`, { Dockerfile: 'FROM alpine:3.20\\n' });
    const container = (name: string) => converted.object('CronJob', name).spec.jobTemplate.spec.template.spec.containers[0];
    expect(container('app-tick').image).toBe(converted.object('Deployment', 'app').spec.template.spec.containers[0].image);
    expect(container('api-tock').image).toBe('registry.example.com/api:1.2.3');
    expect(container('api-tock').securityContext).toMatchObject({ runAsUser: 4000, runAsGroup: 4000 });
  });
});

// Each job had a Secret of its own, `<service>-<job>-env`, a copy of its service's that `secrets`
// printed (and a GitOps set-up sealed and rotated) apart, and in a Helm chart an image value of its
// own, which bumping the service's image left behind (until 2026-12-07).
describe("an ofelia job's Secret and image value", () => {
  const secretNames = (converted: ReturnType<typeof convertCompose>): string[] => converted.plan.secrets.map((secret) => secret.name).sort();
  const secretRefs = (pod: Json): string[] => [...new Set<string>(pod.containers.flatMap((container: Json) => (container.env ?? []).flatMap((variable: Json) => variable.valueFrom?.secretKeyRef?.name ?? [])))].sort();

  it("are its service's: the job reads the service's env Secret, and no copy of it is made", () => {
    const converted = convertCompose(laravel);
    expect(secretNames(converted)).toEqual(['app-env', 'db-env']);
    for (const job of ['app-schedule', 'app-backup']) expect(secretRefs(converted.object('CronJob', job).spec.jobTemplate.spec.template.spec)).toEqual(['app-env']);
    expect(converted.plan.secrets.find((secret) => secret.name === 'app-env')?.stringData).toEqual({ DB_PASSWORD: 's3cr3t-Pa55word' });
  });

  it("reads a variable only its service reads from the service's Secret, not from one shared with the job", () => {
    const converted = convertCompose(
      `services:
  app:
    image: nextcloud:29-apache
    environment: {POSTGRES_PASSWORD: "\${DB_PASSWORD}"}
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.cron.schedule: "@every 5m"
      ofelia.job-exec.cron.command: php -f /var/www/html/cron.php
`,
      { '.env': 'DB_PASSWORD=Qw8eR5tY2uI9oP3a\n' },
    );
    expect(secretNames(converted)).toEqual(['app-env']);
    expect(secretRefs(converted.object('CronJob', 'app-cron').spec.jobTemplate.spec.template.spec)).toEqual(['app-env']);
  });

  it('keeps a Secret of its own for a job that adds a secret of its own', () => {
    const converted = convertCompose(
      laravel.replace('      ofelia.job-exec.backup.schedule: "@daily"\n', '      ofelia.job-exec.backup.schedule: "@daily"\n      ofelia.job-exec.backup.environment: \'["BACKUP_PASSWORD=Vb7nM2kL9pQ4wE6r"]\'\n'),
    );
    expect(secretNames(converted)).toEqual(['app-backup-env', 'app-env', 'db-env']);
    expect(secretRefs(converted.object('CronJob', 'app-backup').spec.jobTemplate.spec.template.spec)).toEqual(['app-backup-env']);
    expect(secretRefs(converted.object('CronJob', 'app-schedule').spec.jobTemplate.spec.template.spec)).toEqual(['app-env']);
  });

  it("takes the service's image value in a Helm chart", () => {
    const files = helmChartFiles(chartPlanOf(convertCompose(laravel).plan));
    const values = parse(files.find((file) => file.path === 'values.yaml')!.content.toString());
    expect(Object.keys(values.services).sort()).toEqual(['app', 'app-backup', 'app-schedule', 'db']);
    expect(values.services['app-schedule'].image).toBeUndefined();
    expect(values.services.app.image).toEqual({ repository: 'example/laravel', tag: '1.4' });
    const cronJob = files.find((file) => file.path === 'templates/cronjob-app-schedule.yaml')!.content.toString();
    expect(cronJob.match(/image: .*/g)).toEqual([expect.stringContaining('.Values.services.app.image')]);
  });
});

describe("an ofelia job's networks", () => {
  // mailcow's sogo-mailcow holds the alias `sogo`, which nginx proxies to, and runs four ofelia jobs:
  // each job kept the alias, so Service 'sogo' was made headless and selected the jobs' pods too.
  const converted = convertCompose(`services:
  sogo:
    image: mailcow/sogo:1.119
    expose: ["20000"]
    networks:
      mailcow:
        aliases: [sogo-web]
        ipv4_address: 172.22.1.248
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.sogo_sessions.schedule: "@every 1m"
      ofelia.job-exec.sogo_sessions.command: "/usr/sbin/sogo-tool expire-sessions 480"
  nginx:
    image: nginx:1.27
    environment: {UPSTREAM: "sogo-web:20000"}
    networks: [mailcow]
  ofelia:
    image: mcuadros/ofelia:latest
    command: daemon --docker
    volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro"]
networks:
  mailcow:
    ipam:
      config:
        - subnet: 172.22.1.0/24
`);

  it("are the service's, without the names and addresses the server answers to", () => {
    const alias = converted.object('Service', 'sogo-web');
    expect(alias.spec.clusterIP).toBeUndefined();
    expect(alias.spec.selector['app.kubernetes.io/name']).toBe('sogo');
    expect(converted.warningsAt('services.sogo').filter((warning) => warning.includes('is shared by'))).toEqual([]);
    const labels = converted.object('CronJob', 'sogo-sogo-sessions').spec.jobTemplate.spec.template.metadata.labels;
    expect(labels['network.cdk8s-compose.io/mailcow']).toBe('true');
  });
});
