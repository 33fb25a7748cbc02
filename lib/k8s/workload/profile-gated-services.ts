/**
 * Services none of whose `profiles` is active: `docker compose up` leaves them out, and so does the
 * loader (model.ts `disabledServices`). They are the stack's optional parts and the tools made for
 * `docker compose run` (airflow's `airflow-cli`, profile `debug`; docker-elk's `setup`): left out
 * without a word, an operator could not tell a tool the conversion dropped from one it never saw
 * (until 2026-12-07). Said at each one's `profiles`, in one message (written once for all of them),
 * with how to convert them.
 */
import type { ComposeProject } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';

export function reportProfileGatedServices(project: ComposeProject, warn: Warn): void {
  for (const name of [...project.disabledServices].sort()) {
    warn(
      'this service is left out, as docker compose up leaves it: none of its profiles is active (convert with --profile, or COMPOSE_PROFILES, naming one of them to include it)',
      `services.${name}.profiles`,
    );
  }
}
