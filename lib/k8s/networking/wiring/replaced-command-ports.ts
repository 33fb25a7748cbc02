/**
 * The ports an image EXPOSEs because its CMD serves them, which a service that replaces that CMD
 * does not serve. simple-login/app builds one image for its webapp and its email handler: the
 * Dockerfile's `EXPOSE 7777` and `CMD ["gunicorn","wsgi:app","-b","0.0.0.0:7777",…]` are the
 * webapp's, and the email handler runs `command: python email_handler.py`, an SMTP handler on
 * another port. Credited with 7777, the handler's Service carried it and its readiness probe
 * connected there, where nothing listens: the pod never became ready (until 2026-12-07).
 *
 * Only evidence counts: a port some word of the image's CMD names (`0.0.0.0:7777`, `--port=7777`,
 * `7777`) that no word of what the container runs instead names, where that holds no variable the
 * shell expands at run time (`--port $PORT`), whose value the converter does not know.
 */
import type { Service } from '../../../compose/model.ts';
import type { ImageConfig } from '../../../images/facts.ts';

/** Whether a word names the port: the number alone, or after a non-digit (`:7777`, `=7777`, `-p7777`). */
function namesPort(word: string, port: number): boolean {
  return new RegExp(`(^|[^0-9])${port}([^0-9]|$)`).test(word);
}

/**
 * A project script that runs its arguments as the whole command (`exec "$@"`, or as another user:
 * `exec gosu $WWWUSER "$@"`), not as options of a program of its own (`exec gunicorn app "$@"`).
 */
const RUNS_ITS_ARGUMENTS = /(?:^|[;&|\s])exec\s+(?:(?:gosu|su-exec|runuser|s6-setuidgid)\s+\S+\s+)?"\$@"/m;

/**
 * The EXPOSEd TCP ports only the image's replaced CMD is seen to serve; with no CMD, those its
 * ENTRYPOINT script serves when given no arguments, where compose gives it a program to run instead
 * (`entrypointScripts`: the texts of the project scripts the image's ENTRYPOINT starts).
 */
export function replacedCommandPorts(service: Service, config: ImageConfig, entrypointScripts: readonly string[] = []): ReadonlySet<number> {
  const cmd = config.cmd ?? [];
  if (cmd.length === 0) return argumentsRunInstead(service, config, entrypointScripts);
  // Without a command or an entrypoint of its own, the container runs the image's CMD.
  if (service.command === undefined && service.entrypoint === undefined) return new Set();
  // Docker drops the image's CMD where compose sets an entrypoint, and keeps the image's ENTRYPOINT
  // only where compose sets none.
  const runs = [...(service.entrypoint ?? config.entrypoint ?? []), ...(service.command ?? [])];
  if (runs.some((word) => word.includes('$'))) return new Set();
  const replaced = new Set<number>();
  for (const exposed of config.exposedPorts) {
    if (exposed.protocol !== 'tcp') continue;
    if (cmd.some((word) => namesPort(word, exposed.port)) && !runs.some((word) => namesPort(word, exposed.port))) replaced.add(exposed.port);
  }
  return replaced;
}

/**
 * laravel/sail's runtimes set no CMD: start-container starts supervisord, which serves the app on
 * the EXPOSEd port 80, when given no arguments, and runs its arguments instead (`exec gosu
 * $WWWUSER "$@"`). The stub's queue worker gives it `php artisan queue:listen`: credited with 80,
 * its readiness probe connected where nothing listens and the worker never became ready (until
 * 2026-12-07). Only a program compose names (not options, nothing the shell expands) that names no
 * EXPOSEd port, run by a project script of the ENTRYPOINT that runs its arguments as the command.
 */
function argumentsRunInstead(service: Service, config: ImageConfig, entrypointScripts: readonly string[]): ReadonlySet<number> {
  const command = service.command ?? [];
  const [program] = command;
  if (service.entrypoint !== undefined || program === undefined || program.startsWith('-') || command.some((word) => word.includes('$'))) return new Set();
  if ((config.entrypoint ?? []).length === 0 || !entrypointScripts.some((script) => RUNS_ITS_ARGUMENTS.test(script))) return new Set();
  const replaced = new Set<number>();
  for (const exposed of config.exposedPorts) {
    if (exposed.protocol === 'tcp' && !command.some((word) => namesPort(word, exposed.port))) replaced.add(exposed.port);
  }
  return replaced;
}
