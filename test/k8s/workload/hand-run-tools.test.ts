import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { convertCompose, type Json } from '../support/compose-text.ts';

/**
 * pelias/docker's projects (projects/portland-metro): the servers say `restart: always`; the
 * importers, run with `pelias import all` (`docker compose run` each), say nothing and exit after
 * their work. They are tools run by hand: suspended CronJobs, not Deployments restarted forever.
 */
const pelias = `services:
  api:
    image: pelias/api:master
    restart: always
    environment: ["PORT=4000"]
    ports: ["4000:4000"]
  placeholder:
    image: pelias/placeholder:master
    restart: always
    ports: ["4100:4100"]
  elasticsearch:
    image: pelias/elasticsearch:7.5.1
    restart: always
    ports: ["9200:9200", "9300:9300"]
  schema:
    image: pelias/schema:master
  openstreetmap:
    image: pelias/openstreetmap:master
  csv-importer:
    image: pelias/csv-importer:master
`;

describe('tools a project runs by hand', () => {
  it("are suspended CronJobs where every serving service asks for a restart and they ask for none", () => {
    const converted = convertCompose(pelias);
    expect(converted.objects('CronJob').map((cronJob) => cronJob.metadata.name).sort()).toEqual(['csv-importer', 'openstreetmap', 'schema']);
    const cronJob = converted.object('CronJob', 'openstreetmap');
    expect(cronJob.spec).toMatchObject({ suspend: true, schedule: '0 0 1 1 *', concurrencyPolicy: 'Forbid' });
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].image).toBe('pelias/openstreetmap:master');
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['api', 'elasticsearch', 'placeholder']);
    expect(converted.warningsAt('services.openstreetmap').join('\n')).toContain(
      'runs by hand: it becomes a suspended CronJob, a template that never fires',
    );
    expect(converted.warningsAt('services.openstreetmap').join('\n')).toContain('kubectl create job --from=cronjob/openstreetmap openstreetmap-1');
  });

  it('keep the workload an option gives', () => {
    const converted = convertCompose(pelias.replace('  schema:\n    image: pelias/schema:master\n', '  schema:\n    image: pelias/schema:master\n    x-kubernetes: {workload: Job}\n'));
    expect(converted.objects('Job').map((job) => job.metadata.labels['app.kubernetes.io/name'])).toContain('schema');
    expect(converted.objects('CronJob').map((cronJob) => cronJob.metadata.name).sort()).toEqual(['csv-importer', 'openstreetmap']);
  });

  it.each([
    ['a project that writes no restart for its servers', pelias.replaceAll('    restart: always\n', '')],
    ['a service another depends on', pelias.replace('    ports: ["4100:4100"]\n', '    ports: ["4100:4100"]\n    depends_on: [schema, openstreetmap, csv-importer]\n')],
    ['a service another names', pelias.replace('    environment: ["PORT=4000"]\n', '    environment: ["PORT=4000", "IMPORTERS=schema,openstreetmap,csv-importer"]\n')],
  ])('are not guessed in %s', (_, compose) => {
    expect(convertCompose(compose).objects('CronJob')).toEqual([]);
  });

  it('leave out workers, cron daemons, exporters, tunnels and servers that forgot their restart', () => {
    const converted = convertCompose(`services:
  web:
    build: .
    restart: always
    ports: ["8000:8000"]
  db:
    image: postgres:16
    restart: always
    expose: ["5432"]
  worker:
    build: .
    command: celery -A app worker
  cron:
    build: {context: ., dockerfile: cron.dockerfile}
  auth-mysql:
    image: sqshq/piggymetrics-mysql
  portal:
    image: acme/portal:1
    labels: {traefik.enable: "true"}
  node-exporter:
    image: prom/node-exporter:v1.8.2
  tunnel:
    image: cloudflare/cloudflared:2024.12.2
    command: tunnel run
`);
    expect(converted.objects('CronJob')).toEqual([]);
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['auth-mysql', 'cron', 'db', 'node-exporter', 'portal', 'tunnel', 'web', 'worker']);
  });

  describe("operations on the stack's data with a command of their own: datlt4/WLINUX's Gitea backup and restore", () => {
    // gitea-setup.md: gitea_tools.sh runs `docker-compose run --rm backup` (or restore) and starts the
    // stack with `up -d server db runner`. As Deployments, Kubernetes ran them again after every
    // exit, `restore` wiping Gitea's and MySQL's volumes each time.
    const gitea = (backup: string) => `services:
  server:
    image: gitea/gitea:1.21.4
    restart: always
    volumes: [data-volume:/data]
    ports: ["8000:3000"]
    depends_on: [db]
  db:
    image: mysql:8
    restart: always
    volumes: [mysql-volume:/var/lib/mysql]
${backup}  restore:
    image: alpine
    volumes: [data-volume:/data, mysql-volume:/mysql-data, ./backup:/backup]
    command: >-
      sh -c "
        rm -rf /data/* /data/..?* /data/.[!.]*;
        tar -xzf /backup/gitea_data_latest.tar.gz -C /data;
        tar -xzf /backup/gitea_db_latest.tar.gz -C /mysql-data;
        "
volumes:
  data-volume:
  mysql-volume:
`;
    const backup = (extra = '', command = 'cd /data && tar -czf /backup/gitea_data_latest.tar.gz *; cd /mysql-data && tar -czf /backup/gitea_db_latest.tar.gz *') => `  backup:
    image: alpine
${extra}    volumes: [data-volume:/data, mysql-volume:/mysql-data, ./backup:/backup]
    command: sh -c "${command}"
`;

    it('are suspended CronJobs, though they share a plain image and name each other\'s folders', () => {
      const converted = convertCompose(gitea(backup()));
      expect(converted.objects('CronJob').map((cronJob) => cronJob.metadata.name).sort()).toEqual(['backup', 'restore']);
      expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['db', 'server']);
      expect(converted.warningsAt('services.restore').join('\n')).toContain(
        "since compose sets it no restart while every service that serves the stack asks for one (db, server), and its name and command say it is an operation run on the stack's data (restore), which serves no port, has no healthcheck and that no service depends on: a tool for docker compose run; run it with kubectl create job --from=cronjob/restore restore-1",
      );
    });

    it('are not a backup that asks for a restart, or one that loops with a sleep (a daemon)', () => {
      expect(convertCompose(gitea(backup('    restart: always\n'))).objects('CronJob').map((cronJob) => cronJob.metadata.name)).toEqual(['restore']);
      const looping = convertCompose(gitea(backup('', 'while true; do tar -czf /backup/data.tar.gz /data; sleep 86400; done')));
      expect(looping.objects('CronJob').map((cronJob) => cronJob.metadata.name)).toEqual(['restore']);
      expect(looping.objects('Deployment').map((deployment) => deployment.metadata.name)).toContain('backup');
    });

    it("are not a dump that runs a cron daemon: zhongpei/drone-gitea-nexus's gitea_dump", () => {
      // `crond -f` in Gitea's image runs the project's dump.sh from /etc/periodic/daily every day: a
      // daemon, which a suspended CronJob never ran.
      const cron = `services:
  gitea:
    image: gitea/gitea:1.16.0
    restart: always
    ports: ["3000:3000"]
    volumes: [gitea-data:/data]
    depends_on: [mysql]
  mysql:
    image: mysql:5.7
    restart: unless-stopped
  gitea_dump:
    image: gitea/gitea:1.16.0
    command: crond -f -l 8
    volumes: [gitea-data:/data]
volumes:
  gitea-data:
`;
      const converted = convertCompose(cron);
      expect(converted.objects('CronJob')).toEqual([]);
      expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['gitea', 'gitea-dump', 'mysql']);
      expect(converted.warningsAt('services.gitea_dump').join('\n')).not.toContain('runs by hand');
      const cronInBash = convertCompose(cron.replace('command: crond -f -l 8', 'command: [sh, -c, "apk add --no-cache zip && exec crond -f"]'));
      expect(cronInBash.objects('CronJob')).toEqual([]);
    });
  });
});

/** The tools are told with the image facts chooseWorkload reads (run-once-decision.ts): one decision, not two. */
describe('tools told with their image facts', () => {
  it("leave a service whose image's script ends with exit a Job, and one its image checks for health a server", () => {
    const directory = mkdtempSync(join(tmpdir(), 'hand-run-facts-'));
    try {
      const files: Record<string, string> = {
        'compose.yaml': pelias
          .replace('  schema:\n    image: pelias/schema:master\n', '  schema:\n    build: ./schema\n')
          .replace('  csv-importer:\n    image: pelias/csv-importer:master\n', '  csv-importer:\n    build: ./csv\n'),
        'schema/Dockerfile': 'FROM alpine:3.20\nHEALTHCHECK CMD test -f /ready\nCMD ["sleep", "infinity"]\n',
        'csv/Dockerfile': 'FROM alpine:3.20\nCOPY import.sh /usr/local/bin/import.sh\nCMD ["/usr/local/bin/import.sh"]\n',
        'csv/import.sh': '#!/bin/sh\necho importing\nexit 0\n',
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(directory, name)), { recursive: true });
        writeFileSync(join(directory, name), text);
      }
      const project = loadProject({ cwd: directory, environment: {}, projectName: 'demo' });
      const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
      const kinds = Object.fromEntries(
        plan.entries
          .map((entry) => entry.manifest as Json)
          .filter((manifest) => ['Deployment', 'Job', 'CronJob'].includes(manifest.kind))
          .map((manifest) => [manifest.metadata.labels['app.kubernetes.io/name'], manifest.kind]),
      );
      expect(kinds).toMatchObject({ 'csv-importer': 'Job', schema: 'Deployment', openstreetmap: 'CronJob' });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
