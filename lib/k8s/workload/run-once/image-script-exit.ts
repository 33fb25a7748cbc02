/**
 * A service whose image runs, as its whole command, a script of the project that ends by exiting:
 * jeboehm/docker-mailserver's `ssl` service builds ./ssl, whose Dockerfile runs
 * `CMD ["/usr/local/bin/create_tls.sh"]`, a script that writes a self-signed certificate into the
 * volume the MTA and MDA read and ends with `exit 0`. Compose runs it once; as a Deployment
 * Kubernetes ran it again after every exit, in CrashLoopBackOff (until 2026-12-07). Only the
 * project's script the container starts as its whole command (read at load: ImageFacts.startedScripts),
 * never an image's own entrypoint, which the converter does not see.
 */
import { posix } from 'node:path';
import type { Service } from '../../../compose/model.ts';
import type { ImageFacts } from '../../../images/facts.ts';
import { scriptEnds } from './script-ending.ts';

/** A plain `exit` or `exit 0` as the script's last statement, after a new line or `;`. */
const ENDS_BY_EXITING = /(^|[;\n])\s*exit(\s+0)?\s*;?\s*$/;
/** Programs that only start the next word: init wrappers and a shell given a script file. */
const WRAPPERS = /^(?:[\w.-]*\/)*(?:tini|dumb-init|sh|bash|ash|dash)$/;

/**
 * The words the container runs, as Docker builds them: compose's `entrypoint` replaces the image's
 * (and drops its CMD), compose's `command` its CMD.
 */
function containerWords(service: Service, image: ImageFacts | undefined): readonly string[] {
  const entrypoint = service.entrypoint ?? image?.config.entrypoint ?? [];
  const command = service.command ?? (service.entrypoint === undefined ? (image?.config.cmd ?? []) : []);
  return [...entrypoint, ...command];
}

/**
 * Why the service is a task by the project script its container runs (the image's command, or
 * compose's naming a script the image carries: getodk/central's `command: ./generate-secrets.sh`),
 * or undefined. The script ends with `exit`, or every statement it can end with finishes
 * (script-ending.ts: the branches of a closing `if … fi` that generate a file with head and tr).
 */
export function imageScriptExitSign(service: Service, image: ImageFacts | undefined): string | undefined {
  const scripts = image?.startedScripts;
  if (scripts === undefined) return undefined;
  const words = containerWords(service, image);
  const program = words.find((word) => !WRAPPERS.test(word) && word !== '--' && !word.startsWith('-'));
  if (program === undefined) return undefined;
  const workdir = service.workingDir ?? image?.config.workingDir ?? '/';
  const path = program.startsWith('/') ? program : posix.join(workdir, program);
  const script = Object.hasOwn(scripts, path) ? scripts[path] : undefined;
  // The script is all the container runs: nothing after it that could be a server it starts.
  if (script === undefined || words.indexOf(program) !== words.length - 1) return undefined;
  const runs = service.command === undefined && service.entrypoint === undefined ? 'its image runs' : 'its command runs';
  if (ENDS_BY_EXITING.test(script.trim())) return `${runs} the project's script ${path}, which ends with exit, so it finishes once its work is done`;
  return scriptEnds(script) ? `${runs} the project's script ${path}, whose last statements (through a closing if … fi) run only programs that finish by themselves, so it finishes once its work is done` : undefined;
}
