/**
 * A service whose image runs, as its whole command, a script of the project that ends by exiting:
 * jeboehm/docker-mailserver's `ssl` service builds ./ssl, whose Dockerfile runs
 * `CMD ["/usr/local/bin/create_tls.sh"]`, a script that writes a self-signed certificate into the
 * volume the MTA and MDA read and ends with `exit 0`. Compose runs it once; as a Deployment
 * Kubernetes ran it again after every exit, in CrashLoopBackOff (until 2026-12-07). Only where
 * compose gives the service no command or entrypoint of its own (that one is read by one-shot.ts),
 * and only the project's script the image starts (read at load: ImageFacts.startedScripts), never
 * an image's own entrypoint, which the converter does not see.
 */
import { posix } from 'node:path';
import type { Service } from '../../../compose/model.ts';
import type { ImageFacts } from '../../../images/facts.ts';

/** A plain `exit` or `exit 0` as the script's last statement, after a new line or `;`. */
const ENDS_BY_EXITING = /(^|[;\n])\s*exit(\s+0)?\s*;?\s*$/;
/** Programs that only start the next word: init wrappers and a shell given a script file. */
const WRAPPERS = /^(?:[\w.-]*\/)*(?:tini|dumb-init|sh|bash|ash|dash)$/;

/** Why the service is a task by the script its image runs, or undefined. */
export function imageScriptExitSign(service: Service, image: ImageFacts | undefined): string | undefined {
  if (service.command !== undefined || service.entrypoint !== undefined) return undefined;
  const scripts = image?.startedScripts;
  if (scripts === undefined) return undefined;
  const words = [...(image?.config.entrypoint ?? []), ...(image?.config.cmd ?? [])];
  const program = words.find((word) => !WRAPPERS.test(word) && word !== '--' && !word.startsWith('-'));
  if (program === undefined) return undefined;
  const workdir = service.workingDir ?? image?.config.workingDir ?? '/';
  const path = program.startsWith('/') ? program : posix.join(workdir, program);
  const script = Object.hasOwn(scripts, path) ? scripts[path] : undefined;
  // The script is all the container runs: nothing after it that could be a server it starts.
  if (script === undefined || words.indexOf(program) !== words.length - 1) return undefined;
  return ENDS_BY_EXITING.test(script.trim()) ? `its image runs the project's script ${path}, which ends with exit, so it finishes once its work is done` : undefined;
}
