import type { ComposeProject, Service } from '../../../compose/model.ts';
import type { ImageFacts } from '../../../images/facts.ts';
import type { Warn } from '../../plan/context.ts';
import type { ServiceOptions } from '../../options/options.ts';
import { kubernetesName } from '../../names/names.ts';
import { IMAGE_DEFAULT_PORTS, imageDefaultPorts, isPeriodicScript } from '../../networking/service-default-ports.ts';
import { sameImage } from '../../networking/wiring/cluster-members.ts';
import { TEMPLATE_SCHEDULE } from '../compose-jobs.ts';
import { DATA_STORE_IMAGES, isDataStoreImage } from '../stateful.ts';
import { parseImage } from '../image-profiles.ts';
import { commandLine } from '../container-command.ts';
import { runsCronDaemon } from '../../security/root-tasks.ts';
import { checkedByImage, keepsRunning, oneShotSign } from './one-shot.ts';

/**
 * Tools a project runs by hand (`docker compose run <tool>`), told from servers by the project's own
 * convention: every service that serves the stack (publishes or exposes a port, or is another's
 * dependency) asks compose to restart it (`restart: always`, `unless-stopped`, `on-failure`, or
 * `deploy.restart_policy`), at least two of them, while the tool asks for none (compose's default:
 * it runs once and stays exited). The tool runs its image's own command (none of compose's: a command
 * such as `tunnel run` or `celery worker` is as often a daemon's), serves nothing (no port, no
 * healthcheck, no terminal kept open, no labels for a proxy), no service depends on it or
 * names it (in its environment, command or healthcheck), no other service runs its image or is built
 * from its build context (a worker or cron shares its application's), its name is no daemon's
 * (`cron`, `worker`, `scheduler`), and neither its image nor a word of its or its image's name is a
 * known server's or data store's (`auth-mysql`).
 *
 * pelias/docker's projects run the importers and preparers (schema, whosonfirst, openstreetmap,
 * openaddresses, transit, csv-importer, polylines) with `pelias import all`, which calls `docker
 * compose run` for each; their servers (api, placeholder, libpostal, interpolation, spatial,
 * elasticsearch) all say `restart: always`. As Deployments, Kubernetes ran every importer again
 * after every exit, forever, re-importing into Elasticsearch (until 2026-12-07). Each becomes a
 * suspended CronJob, a template that never fires, run with `kubectl create job --from=cronjob/…`
 * as often as `docker compose run` would run it; said once per tool.
 *
 * `declaresWorkload` says which services already have a workload from the options (x-kubernetes,
 * code, a job's): those keep it. The options are those of the top layer, below every x-kubernetes.
 * `image` gives a service's image facts, which chooseWorkload reads too: a service the facts make a
 * Job (its image's script ends with exit) is one, and one whose image has a HEALTHCHECK serves.
 */
export function handRunTools(
  project: ComposeProject,
  declaresWorkload: (service: string) => boolean,
  warn: Warn,
  image: (service: string) => ImageFacts | undefined = () => undefined,
): Record<string, ServiceOptions> {
  const services = Object.values(project.services);
  const dependedOn = new Set(services.flatMap((service) => Object.keys(service.dependsOn)));
  const serving = services.filter((service) => service.ports.length > 0 || service.expose.length > 0 || dependedOn.has(service.name));
  if (serving.length < 2 || !serving.every(asksForRestart)) return {};
  const tools: Record<string, ServiceOptions> = {};
  const servers = serving.map((service) => service.name).sort();
  for (const service of services) {
    if (!isTool(project, service, dependedOn, image(service.name)) || declaresWorkload(service.name)) continue;
    const name = kubernetesName(service.name);
    const shape = runsOperation(service)
      ? `its name and command say it is an operation run on the stack's data (${OPERATION_NAME.exec(service.name)?.[2]?.toLowerCase()}), which serves no port, has no healthcheck and that no service depends on`
      : 'it serves no port, has no healthcheck and runs an image of its own that no service names or depends on';
    warn(
      `runs by hand: it becomes a suspended CronJob, a template that never fires (its schedule, '${TEMPLATE_SCHEDULE}', New Year's midnight, applies only if someone resumes it), since compose sets it no restart while every service that serves the stack asks for one (${servers.join(', ')}), and ${shape}: a tool for docker compose run; run it with kubectl create job --from=cronjob/${name} ${name}-1 (a new name each run; set x-kubernetes.workload: Job to run it once on apply, or Deployment if it is a server)`,
      `services.${service.name}`,
    );
    tools[service.name] = { workload: 'CronJob', schedule: TEMPLATE_SCHEDULE, suspend: true };
  }
  return tools;
}

/**
 * Names of the parts of an application that run beside it until stopped: crater's `cron` (built from
 * the application's context with a Dockerfile of its own, running cron) was taken for a tool.
 */
const DAEMON_NAME = /(^|[-_.])(cron|crond|cronjobs?|worker|workers|scheduler|queue|beat|daemon|agent|watcher|listener|consumer|sync|exporter|tunnel|cloudflared|promtail|filebeat|fluentd|fluent-bit|vector|telegraf|bot|monitor|relay|bridge|runner|pump|notifier|poller|collector|shipper)([-_.]|$)/i;

/**
 * Names of the operations a project runs on its stack's data by hand, with a command of their own:
 * datlt4/WLINUX's Gitea stack has `backup` (tar the data and database volumes into ./backup) and
 * `restore` (`rm -rf` both volumes, then untar a backup), which its gitea_tools.sh runs with
 * `docker-compose run --rm backup` and starts the stack with `up -d server db runner`. As
 * Deployments, Kubernetes ran them again after every exit, `restore` wiping Gitea's and MySQL's
 * data each time (until 2026-12-07). A command that loops with a sleep is a scheduled backup, a
 * daemon: not this.
 */
const OPERATION_NAME = /(^|[-_.])(backup|backups|restore|dump|export|import)([-_.]|$)/i;

/**
 * Whether the service is an operation run by hand by its name, with a command of its own that is no
 * periodic loop and runs no cron daemon: zhongpei/drone-gitea-nexus's `gitea_dump` runs `crond -f`
 * in Gitea's image, which runs the project's dump.sh (mounted into /etc/periodic/daily) every day;
 * taken for a dump run by hand, it became a suspended CronJob and no backup ever ran (until 2026-12-07).
 */
function runsOperation(service: Service): boolean {
  if (service.command === undefined && service.entrypoint === undefined) return false;
  if (!OPERATION_NAME.test(service.name) || isPeriodicScript(commandLine(service))) return false;
  return runsCronDaemon([...(service.entrypoint ?? []), ...(service.command ?? [])]) === undefined;
}

/**
 * Words that name a server: the data stores and servers whose images the converter knows, and the
 * usual names of a stack's serving parts. A word of the service's name or of its image's
 * (`auth-mysql`, `sqshq/piggymetrics-mongodb`) says it serves, whatever the image's full name:
 * piggymetrics' auth-mysql, a MySQL of its own image without `restart`, was taken for a tool.
 */
const SERVER_WORDS: ReadonlySet<string> = new Set([
  ...DATA_STORE_IMAGES.flatMap((image) => image.split('/')),
  ...Object.keys(IMAGE_DEFAULT_PORTS).flatMap((image) => image.split('/')),
  'db', 'database', 'server', 'api', 'web', 'ui', 'app', 'frontend', 'backend', 'proxy', 'gateway', 'nginx', 'httpd', 'apache',
  'caddy', 'traefik', 'haproxy', 'envoy', 'service', 'svc', 'broker', 'cache', 'search', 'mail', 'smtp', 'dns', 'vpn',
]);

function namesServer(service: Service): boolean {
  const image = service.image === undefined ? '' : parseImage(service.image).repository;
  const words = [...service.name.split(/[-_.]+/), ...image.slice(image.lastIndexOf('/') + 1).split(/[-_.]+/)];
  return words.some((word) => SERVER_WORDS.has(word.toLowerCase()));
}

/** Whether compose restarts the service after it exits (`deploy.restart_policy` wins over `restart`). */
function asksForRestart(service: Service): boolean {
  const condition = service.deploy.restartPolicy?.condition;
  if (condition !== undefined) return condition !== 'none';
  return service.restart !== undefined && service.restart !== 'no';
}

function isTool(project: ComposeProject, service: Service, dependedOn: ReadonlySet<string>, image: ImageFacts | undefined): boolean {
  if (service.restart !== undefined || service.deploy.restartPolicy !== undefined || dependedOn.has(service.name)) return false;
  if (service.ports.length > 0 || service.expose.length > 0 || (service.healthcheck !== undefined && !service.healthcheck.disable)) return false;
  if (service.stdinOpen || service.tty || keepsRunning(service) || Object.keys(service.labels).length > 0) return false;
  if (service.image !== undefined && (imageDefaultPorts(service.image).length > 0 || isDataStoreImage(service.image))) return false;
  // A container its image checks for health is meant to stay up (one-shot.ts reads the check alike).
  if (checkedByImage(service, image?.config.healthcheck)) return false;
  const operation = runsOperation(service);
  // A task by its shape, with its image's facts, is a Job already (run-once/one-shot.ts): the same
  // decision chooseWorkload makes. An operation run by hand is none.
  if (!operation && oneShotSign(project, service, image) !== undefined) return false;
  // The image's own command runs: what the tool is for (a command of its own, `tunnel run`, `celery worker`, is often a daemon's).
  if ((service.command !== undefined || service.entrypoint !== undefined) && !operation) return false;
  if (DAEMON_NAME.test(service.name) || namesServer(service)) return false;
  const others = Object.values(project.services).filter((other) => other.name !== service.name);
  // An operation runs a plain image others may run too (`backup` and `restore` in alpine): not a worker sharing its application's.
  if (!operation && others.some((other) => sameImage(other, service) || (service.build !== undefined && other.build?.context === service.build.context))) return false;
  // Named as a host, not as a folder of a path (`restore` reads `/backup/gitea_data.tar.gz`): after a lone `/` it is a path's.
  const named = new RegExp(`(^|[^A-Za-z0-9_./-]|//)${service.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`, 'i');
  return !others.some((other) => settingsOf(other).some((text) => named.test(text)));
}

/** The texts in which a service names others: its environment, command, entrypoint and healthcheck. */
function settingsOf(service: Service): string[] {
  return [
    ...Object.values(service.environment).filter((value): value is string => value !== null),
    ...(service.command ?? []),
    ...(service.entrypoint ?? []),
    ...(service.healthcheck?.test ?? []),
  ];
}
