import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

// airflow's `airflow-cli` (profile `debug`), a tool made for `docker compose run`, was left out
// without a word, as every service none of whose profiles is active (until 2026-12-07).
describe('a service none of whose profiles is active', () => {
  const converted = convertCompose(`services:
  webserver:
    image: apache/airflow:2.10.4
    ports: ["8080:8080"]
  airflow-cli:
    image: apache/airflow:2.10.4
    profiles: [debug]
    command: [bash, -c, airflow]
  flower:
    image: apache/airflow:2.10.4
    profiles: [flower, monitoring]
    command: celery flower
`);

  it('is left out, as docker compose up leaves it, and said once at its profiles', () => {
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name)).toEqual(['webserver']);
    expect(converted.warningsAt('services.airflow-cli')).toEqual([
      'services.airflow-cli.profiles: this service is left out, as docker compose up leaves it: none of its profiles is active (convert with --profile, or COMPOSE_PROFILES, naming one of them to include it)',
    ]);
    expect(converted.warningsAt('services.flower')).toEqual([expect.stringMatching(/^services\.flower\.profiles: this service is left out/)]);
    expect(converted.warnings.find((warning) => warning.key === 'services.flower.profiles')?.location?.line).toBe(11);
  });
});

// MarkusBauer/saarctf-gameserver: postgres has the profile `donotstart`, and the converted services
// connect to POSTGRES_SERVER=postgres; nothing said that no host would answer (until 2026-12-07).
describe('a converted service that names a left-out one as a host', () => {
  const converted = convertCompose(`services:
  postgres:
    image: postgres:17.2
    profiles: [donotstart]
  scripts:
    image: x/controlpanel:1
    profiles: [donotstart]
  cp:
    image: x/controlpanel:1
    ports: ["5000:5000"]
    environment:
      POSTGRES_SERVER: postgres
      POSTGRES_USERNAME: postgres
      DATABASE_URL: postgresql://app@postgres:5432/app
      APP_ROLE: scripts
      CACHE_DRIVER: postgres
`);

  it('is told at each variable that names it as a host, and nowhere else', () => {
    const said = converted.warningsAt('services.cp.environment');
    const message = "names 'postgres', a service left out because none of its profiles is active: no host answers to that name, as under docker compose up (convert with --profile naming one of its profiles, or point the variable at the server that runs instead)";
    expect(said).toEqual([`services.cp.environment.POSTGRES_SERVER: ${message}`, `services.cp.environment.DATABASE_URL: ${message}`]);
  });

  it('is not told where the name is no host (a user, a role, a driver) nor when no converted service names it', () => {
    const text = `services:\n  postgres:\n    image: postgres:17.2\n    profiles: [db]\n  cp:\n    image: x/controlpanel:1\n    environment:\n      POSTGRES_USER: postgres\n      DB_DRIVER: postgres\n`;
    expect(convertCompose(text).warnings.map((warning) => warning.message).join('\n')).not.toContain('a service left out');
  });
});
