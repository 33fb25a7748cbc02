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
