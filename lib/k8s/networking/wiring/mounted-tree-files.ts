import type { BindMount, ComposeProject, Service } from '../../../compose/model.ts';
import { isBelow, withoutTrailingSlash } from '../../../container-paths.ts';

/**
 * Which files of a folder a service mounts speak for it: the names they write are the service's
 * calls (the wiring credits the service with them: ports on the named Services, its own name as
 * its pod's hostname, peers of a cluster). A folder mounted whole holds files that are not the
 * service's:
 *
 * - a file or folder below it that a service mounts by itself (`./nginx:/etc/nginx/conf.d` beside
 *   `.:/app`), or a compose config's file, is that mount's or config's: another service's
 *   configuration, or this one's, read there;
 * - a folder below it that another service is built from is that service's image;
 * - a folder that holds the project's compose file is the whole project: its sources, documents,
 *   CI workflows, tests and deployment manifests name every service. Only its configuration files
 *   (dotenv, `.conf`, `.ini`, YAML, TOML, JSON…) at its top, in a configuration folder (`config/`,
 *   `conf/`, `settings/`, `etc/`) or named so (`src/config.json`), outside hidden, vendored, test
 *   and documentation folders, and not Kubernetes manifests, speak, and only for a service that
 *   runs the project: one built from that folder, or working in it (its `working_dir` or a command
 *   word is the mount's target). A code editor that mounts the project to edit it (code-server's
 *   `.:/home/coder/project`) calls nothing the project's files name.
 *
 * bookwyrm-social/bookwyrm's web, celery workers and flower mount `.:/app`, which holds nginx's
 * `nginx/default.conf` (`upstream web { server web:8000; }`): web was credited with calling itself
 * (its pod's hostname set to web), and manifests converted into the project (`out/`) made web's
 * Service headless, as the coordinator its workers name, until 2026-12-07.
 * The test a file passes, by its '/'-separated path below the folder and its text.
 */
export function speaksForService(project: ComposeProject, service: Service, mount: BindMount): (path: string, content: string) => boolean {
  const root = withoutTrailingSlash(mount.source);
  // What is below the folder and someone else's, or read elsewhere: decided once per mount.
  const claimed: string[] = [];
  for (const other of Object.values(project.services)) {
    for (const narrower of other.volumes) {
      if (narrower.type === 'bind' && isBelow(withoutTrailingSlash(narrower.source), root)) claimed.push(withoutTrailingSlash(narrower.source));
    }
    const context = other.build?.context;
    if (other.name !== service.name && context !== undefined && context !== service.build?.context && isBelow(context, root)) claimed.push(context);
  }
  for (const config of Object.values(project.configs)) {
    if (config.source.kind === 'file' && isBelow(config.source.path, root)) claimed.push(config.source.path);
  }
  const wholeProject = project.composeFiles.some((composeFile) => isBelow(composeFile, root));
  const runs = wholeProject && runsProject(service, mount, root);
  return (path, content) => {
    const file = `${root}/${path}`;
    if (claimed.some((place) => file === place || isBelow(file, place))) return false;
    return !wholeProject || (runs && isConfigurationFile(path, content));
  };
}

/** Dotenv files and the usual configuration formats. */
const CONFIGURATION_FILE = /(^|\/)\.env(\.[^/]*)?$|\.(env|conf|cfg|cnf|ini|toml|ya?ml|properties|json|xml|hcl)$/i;
/** Where a program keeps its configuration: the project's top, a configuration folder, or a file named so (`src/config.json`). */
const CONFIGURATION_PLACE = /^[^/]+$|(^|\/)(config|configs|conf|settings|etc)\/|(^|\/)[^/]*(config|settings|conf)[^/]*$/i;
/** Folders that are not the running program's: hidden ones (`.github` workflows, `.git`), vendored code, tests, documents, examples. */
const NOT_THE_PROGRAM = /(^|\/)(\.[^/]+|node_modules|vendor|tests?|spec|__tests__|docs?|examples?|samples?)\//i;
/** A Kubernetes manifest (a chart's, or this converter's own output written into the project): no program reads it. */
const KUBERNETES_MANIFEST = /^apiVersion:[ \t]*\S/m;
const KIND = /^kind:[ \t]*\S/m;

function isConfigurationFile(path: string, content: string): boolean {
  if (NOT_THE_PROGRAM.test(path) || !CONFIGURATION_FILE.test(path) || !CONFIGURATION_PLACE.test(path)) return false;
  return !(KUBERNETES_MANIFEST.test(content) && KIND.test(content));
}

/** Whether the service runs the project it mounts whole: built from it, or working in it. */
function runsProject(service: Service, mount: BindMount, root: string): boolean {
  if (service.build?.context !== undefined && withoutTrailingSlash(service.build.context) === root) return true;
  const target = withoutTrailingSlash(mount.target);
  if (service.workingDir !== undefined && withoutTrailingSlash(service.workingDir) === target) return true;
  return [...(service.entrypoint ?? []), ...(service.command ?? [])]
    .flatMap((word) => word.split(/[\s=:;,'"]+/))
    .some((token) => token === target || isBelow(token, target));
}
