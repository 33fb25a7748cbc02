/**
 * Services none of whose `profiles` is active: `docker compose up` leaves them out, and so does the
 * loader (model.ts `disabledServices`). They are the stack's optional parts and the tools made for
 * `docker compose run` (airflow's `airflow-cli`, profile `debug`; docker-elk's `setup`): left out
 * without a word, an operator could not tell a tool the conversion dropped from one it never saw
 * (until 2026-12-07). Said at each one's `profiles`, in one message (written once for all of them),
 * with how to convert them.
 *
 * A service that is converted and names a left-out one as a host in its environment reaches
 * nothing there: MarkusBauer/saarctf-gameserver's postgres has the profile `donotstart`, and cp,
 * timer, checker, migrate and submitter connect to `POSTGRES_SERVER=postgres` (their database runs
 * elsewhere in production). Said at each such variable, as compose would fail the same way without
 * a word (until 2026-12-07).
 */
import type { ComposeProject } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { hostReferences } from '../networking/wiring/host-references.ts';
import { isHostPosition } from '../networking/wiring/host-positions.ts';

export function reportProfileGatedServices(project: ComposeProject, warn: Warn): void {
  for (const name of [...project.disabledServices].sort()) {
    warn(
      'this service is left out, as docker compose up leaves it: none of its profiles is active (convert with --profile, or COMPOSE_PROFILES, naming one of them to include it)',
      `services.${name}.profiles`,
    );
  }
  reportNamedLeftOutServices(project, warn);
}

function reportNamedLeftOutServices(project: ComposeProject, warn: Warn): void {
  const leftOut = new Set(project.disabledServices);
  if (leftOut.size === 0) return;
  // A converted service of the same name (none, as names are unique) or alias would answer; only the left-out names.
  const lookup = (name: string): string | undefined => (leftOut.has(name) ? name : undefined);
  for (const service of Object.values(project.services)) {
    for (const [variable, value] of Object.entries(service.environment)) {
      if (value === null || value === '') continue;
      const named = hostReferences(value, 'words', lookup).filter((reference) => isHostPosition(reference, { variable }));
      for (const target of [...new Set(named.map((reference) => reference.target))].sort()) {
        warn(
          `names '${target}', a service left out because none of its profiles is active: no host answers to that name, as under docker compose up (convert with --profile naming one of its profiles, or point the variable at the server that runs instead)`,
          `services.${service.name}.environment.${variable}`,
        );
      }
    }
  }
}
