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
