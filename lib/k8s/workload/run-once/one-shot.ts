import type { ComposeProject, Healthcheck, RestartPolicyName, Service } from '../../../compose/model.ts';
import { commandLine } from '../container-command.ts';
import { imageDefaultPorts, isPeriodicScript } from '../../networking/service-default-ports.ts';
import type { ImageFacts } from '../../../images/facts.ts';
import { imageScriptExitSign } from './image-script-exit.ts';
import { exitingShellSign } from './exiting-shell.ts';
import { siblingTaskSign } from './sibling-tasks.ts';
import { migrationCommandSign } from './migration-command.ts';
import { isShell } from '../command-words.ts';
import { detachedSubmission } from './detached-submission.ts';
import { generatorImageSign } from './generator-image.ts';

/**
 * Names of tasks that prepare a stack: `superset-init`, `db_migrate`, `createbuckets`, `seed`,
 * openproject's `seeder`, signoz's `telemetrystore-migrator`, Teleport's `configure` (its
 * quickstart, and pli01/teleport-deploy's `configure-proxy` and `configure-auth`, which write
 * teleport.yaml from a template and exit: as Deployments Kubernetes ran them again after every exit,
 * in CrashLoopBackOff, until 2026-12-07), and the tasks that fill a stack with its first data:
 * orthanc-setup-samples' `orthanc-populator` uploads test studies and exits, ckan-docker's
 * `populate_db` loads a vocabulary with psql; as Deployments they ran again after every exit,
 * the populator deleting and re-creating the studies each time (until 2026-12-07). And the
 * initializers: IQSS/dataverse's dev stack names its tasks `dev_dv_initializer` (fixes the
 * ownership of the data folder), `dev_solr_initializer` (copies Solr's configuration) and
 * `dev_keycloak_initializer` (registers a Keycloak SPI with curl), all `restart: "no"`; as
 * Deployments they ran again after every exit and what depended on them waited for nothing.
 * And the loaders: instana/robot-shop's `loader` (its image's entrypoint waits for MySQL, pipes
 * each SQL file of its folder into `mysql` and exits; no restart) was a Deployment that Kubernetes
 * ran again after every exit, loading the ratings schema over and over (until 2026-12-07).
 * And the installers: buildbarn/bb-deployments' `runner-installer` copies bb_runner and tini into a
 * volume, touches /bb/installed and exits, while the runners loop until that file exists; as a
 * Deployment it ran again after every exit and the runners' depends_on waited for nothing
 * (until 2026-12-07). And the registrations: a GitLab runner set-up's `register` runs
 * `gitlab-runner register --non-interactive …` once, into the config volume the runner it starts
 * reads; as a Deployment it ran again after every exit, registering one more runner with GitLab
 * each time (a `[[runners]]` entry appended to config.toml, and a runner in GitLab's list).
 * And the pulls that fill a model store once: n8n's self-hosted AI starter kit (and the stacks built
 * from it) runs `ollama-pull-llama-cpu`, `sleep 3; ollama pull llama3.2; ollama pull
 * nomic-embed-text` against the Ollama server, with no restart; as a Deployment Kubernetes ran it
 * again after every exit, pulling the models over and over (rw19wb). docker/genai-stack's
 * `pull-model` and `model-puller` alike. And the bootstrappers: EdgeX's
 * `core-common-config-bootstrapper` (no restart, no port) pushes the common configuration into
 * core-keeper and exits, and every service waits for it to have started; as a Deployment it ran again
 * after every exit, pushing the configuration over and over in CrashLoopBackOff (until 2026-12-07).
 */
const TASK_NAME = /(^|[-_.])(init|initializer|initialiser|migrate|migrator|migration|migrations|setup|bootstrap|bootstrapper|seed|seeder|populate|populator|provision|createbuckets|configure|loader|install|installer|register|registration|pull|puller)([-_.]|$)/i;

/**
 * The same words as the capitalised part of a camelCase name: dani-garcia/vaultwarden's SSO test stack
 * names its Keycloak setup script `keycloakSetup` (`restart: "no"`); a Deployment restarted it after
 * every run and, in Keycloak's image, gave it Keycloak's port and a readiness probe no script answers
 * (until 2026-12-06). Case-sensitive: `Setup` after a lower-case letter or digit, then the end or
 * another part.
 */
const CAMEL_TASK_NAME = /[a-z0-9](Init|Initializer|Initialiser|Migrate|Migrator|Migration|Migrations|Setup|Bootstrap|Bootstrapper|Seed|Seeder|Populate|Populator|Provision|CreateBuckets|Configure|Loader|Install|Installer|Register|Registration|Pull|Puller)([A-Z0-9_.-]|$)/;

/**
 * A command that ends by blocking forever, so that the container stays up once its work is done:
 * rocketchat-compose's `traefik-init` writes Traefik's configuration and then runs
 * `tail -f /dev/null`, "keeping container alive". Matched in the words of the entrypoint and command
 * together (a `sh -c` script included), where a statement may start.
 */
const KEEP_ALIVE = /(^|[\s;&|(])(exec\s+)?(tail\s+-[fF]\s+\/dev\/null|sleep\s+inf(inity)?)(?=$|[\s;&|)])/;

/**
 * A script whose last statement is a plain `exit` or `exit 0`: it finishes by itself once its work
 * is done. tabular-io/docker-spark-iceberg's `mc` creates the warehouse bucket with
 * `mc rm -r --force minio/warehouse; mc mb minio/warehouse; …; exit 0;`: as a Deployment Kubernetes
 * ran it again after every exit, emptying the bucket each time. Only after `;` or a new line, not
 * `&&` or `||`: `server || exit 1` is a server that exits when it fails.
 */
const ENDS_BY_EXITING = /(^|[;\n])\s*exit(\s+0)?\s*;?\s*$/;

/** Whether the service's entrypoint and command, read together, end by exiting. */
function endsByExiting(service: Service): boolean {
  return ENDS_BY_EXITING.test(commandLine(service).trim());
}

/** Shells whose `-c` runs a script: `sh -c`, `/bin/bash -xc`. */
/** An HTTP client, which exits once its request is answered. */
const HTTP_CLIENT = /^(?:[\w.-]*\/)*(?:curl|wget)$/;

/**
 * The script the service runs: what follows a shell's `-c` (`/bin/sh -c '…'`), or its words
 * joined, for a program started directly.
 */
function scriptOf(service: Service): string {
  const words = [...(service.entrypoint ?? []), ...(service.command ?? [])];
  if (words.length > 0 && isShell(words[0]!)) {
    const flag = words.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word));
    if (flag > 0) return words.slice(flag + 1).join(' ');
  }
  return words.join(' ');
}

/**
 * The last statement of a shell script: what follows its last `;`, `&`, `|`, `&&`, `||` or new
 * line that is neither quoted nor inside `$(…)` or `(…)`, and is not blank. One pass over the text.
 * A script written as a YAML block (`command: |`) ends with a new line, and one may end with `;`:
 * the statement before them is the last one. Taken as the empty text after them, it made OpenReplay's
 * `fs-permission` (`chown -R … ` in a `|` block) and every request script written so no task
 * (until 2026-12-07).
 */
export function lastStatement(script: string): string {
  let quote: string | undefined;
  let depth = 0;
  let start = 0;
  let previous = '';
  for (let index = 0; index < script.length; index++) {
    const char = script.charAt(index);
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') index++;
      else if (quote === '"' && char === '$' && script.charAt(index + 1) === '(') {
        // A command substitution inside double quotes: its quotes nest, so skip it whole.
        const end = substitutionEnd(script, index + 2);
        index = end;
      }
      continue;
    }
    if (char === '\\') index++;
    else if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (char === ';' || char === '&' || char === '|' || char === '\n')) {
      const statement = script.slice(start, index).trim();
      if (statement !== '') previous = statement;
      start = index + 1;
    }
  }
  const last = script.slice(start).trim();
  return last === '' ? previous : last;
}

/** Where the `$(` substitution whose text starts at `from` ends (its `)`), quotes and nesting followed. */
function substitutionEnd(script: string, from: number): number {
  let quote: string | undefined;
  let depth = 1;
  for (let index = from; index < script.length; index++) {
    const char = script.charAt(index);
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') index++;
    } else if (char === '\\') index++;
    else if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return index;
  }
  return script.length;
}

/** The program the last statement of the service's script runs (leading `exec`, `!` and variable assignments skipped). */
function lastProgram(service: Service): string | undefined {
  const words = lastStatement(scriptOf(service)).split(/\s+/).filter((word) => word !== '');
  return words.find((word) => word !== 'exec' && word !== '!' && !/^[A-Za-z_]\w*=/.test(word));
}

/**
 * Programs that prepare files and exit: ownership and modes, folders, copies and links. A volume
 * permission fixer is a one-shot whatever its name: OpenReplay's `fs-permission` (`restart:
 * on-failure`) runs `chown -R 1001:1001` on the volumes of minio and postgres; as a Deployment
 * Kubernetes ran it again after every exit, in CrashLoopBackOff, and minio-migration, which
 * depends on it, did not wait for it at all (no port to wait on); so did bram2w/baserow's
 * `media-volume-fixer` (`chown 9999:9999 -R /baserow/media`, no restart) (until 2026-12-07).
 */
const FILE_PREPARATION = /^(?:[\w.-]*\/)*(?:chown|chmod|chgrp|mkdir|touch|cp|ln|rm|mv|install|setfacl)$/;

/**
 * A script whose last statement is an HTTP request (`curl`, `wget`), which ends once answered:
 * zitadel's loadbalancing example has `use-new-login` (`restart: on-failure`) PUT two settings with
 * curl once Zitadel is healthy; as a Deployment Kubernetes ran it again after every exit, in
 * CrashLoopBackOff (until 2026-12-07). Leading `exec`, `!` and variable assignments are skipped.
 */
function endsWithRequest(service: Service): string | undefined {
  const program = lastProgram(service);
  return program !== undefined && HTTP_CLIENT.test(program) ? program.split('/').pop() : undefined;
}

/** The file-preparing program (`chown`, `mkdir`, `cp`) the service's script ends with, or undefined. */
function endsPreparingFiles(service: Service): string | undefined {
  const program = lastProgram(service);
  return program !== undefined && FILE_PREPARATION.test(program) ? program.split('/').pop() : undefined;
}

/**
 * A project's management tool run without a subcommand: taiga-docker's `taiga-manage` has
 * `entrypoint: python manage.py` and no command, made for `docker compose run --rm taiga-manage
 * createsuperuser`; `up` runs it once, and it prints its help and exits. As a Deployment Kubernetes
 * ran it again after every exit (until 2026-12-07). Django's manage.py and django-admin, Laravel's
 * artisan, Nextcloud's occ, Rails' and Symfony's bin/rails and bin/console, with or without their
 * interpreter, and Rails' `rails` from the bundle (forem/forem's `rails` service runs `bundle exec
 * rails`, for `docker compose run rails console`; a Deployment re-ran it after every exit, rw18vc).
 */
const MANAGEMENT_TOOL = /^(?:(?:python[0-9.]*|php[0-9.]*|ruby|bundle\s+exec)\s+)?(?:(?:[\w.-]*\/)*(?:manage\.py|django-admin(?:\.py)?|artisan|occ)|(?:[\w.-]*\/)*bin\/(?:rails|console)|rails)$/;

/** The management tool the service's entrypoint and command run without a subcommand, or undefined. */
function bareManagementTool(service: Service): string | undefined {
  if (service.entrypoint === undefined && service.command === undefined) return undefined;
  const words = commandLine(service).trim();
  return MANAGEMENT_TOOL.test(words) ? words : undefined;
}

/**
 * A command that does nothing and exits: the data-only container of compose v1 stacks, which holds
 * volumes for others' `volumes_from` (huginn's `mysqldata`, `image: mysql:5.7` with
 * `command: /bin/true`). As a Deployment it exited at once, forever in CrashLoopBackOff, given
 * MySQL's port and a readiness probe it never answers, and the service mounting its volumes waited
 * for that port before starting, so neither ever ran. `true`, `:` or `echo`, with or without its path.
 */
const NO_OP = /^(?:(?:\/usr)?\/bin\/)?(?:true|:|echo(?:\s.*)?)$/;

export function noOpSign(service: Service): string | undefined {
  if (service.entrypoint !== undefined && service.entrypoint.length > 0) return undefined;
  const words = (service.command ?? []).join(' ').trim();
  return words !== '' && NO_OP.test(words) ? `its command '${words}' does nothing and exits (a data-only container, whose volumes others mount with volumes_from)` : undefined;
}

/**
 * Whether the service's own command keeps its container running after its work, whatever its name:
 * it blocks forever, or ends in a loop that sleeps between runs (`while true; do curl …; sleep 10;
 * done`, isPeriodicScript) whose condition never fails (ENDLESS_LOOP), which never finishes either:
 * as a Job it would run forever, and a dependent waiting for that Job would never start. A loop
 * that waits for something (`until curl -sf http://api/health; do sleep 2; done`, `while ! nc -z db
 * 5432; …`), or one it breaks out of, ends once it is there: a task that ends so still finishes.
 */
export function keepsRunning(service: Service): boolean {
  const line = commandLine(service);
  return KEEP_ALIVE.test(line) || (isPeriodicScript(line) && ENDLESS_LOOP.test(line) && !BREAKS.test(line));
}

/** A `break` leaves the loop (`while :; do register && break; sleep 1; done`): it ends once its work succeeds. */
const BREAKS = /(?:^|[\s;&|(])break(?=$|[\s;&|)])/;

/**
 * A loop whose condition never fails: `while true`, `while :`, `while [ 1 ]`, `while sleep 60`,
 * `until false`. The condition ends at `;`, a line or `do`.
 */
const ENDLESS_LOOP = /(?:^|[\s;&|(])(?:while\s+(?:true|:|\[\s*(?:1|true)\s*\]|\/bin\/true|sleep\s+[\w.]+)|until\s+(?:false|\/bin\/false))\s*(?:;|\n|\sdo(?=\s))/;

/**
 * What docker compose restarts the container after: `deploy.restart_policy` wins over `restart`
 * (compose's getRestartPolicy), `condition: none` being compose's `no` and `any` its `always`.
 */
export function restartAfterExit(service: Service): RestartPolicyName {
  switch (service.deploy.restartPolicy?.condition) {
    case 'none':
      return 'no';
    case 'on-failure':
      return 'on-failure';
    case 'any':
      return 'always';
    case undefined:
      return service.restart ?? 'no';
  }
}

/**
 * Why a service is a one-shot task by its shape, though nobody waits for its completion, or
 * undefined when it is not one. It asks for no restart after it exits (no `restart`, `no` or
 * `on-failure`), serves nothing (no ports, no healthcheck), no service waits for it to be up or
 * healthy or shares something of it (`volumes_from`, `links`, a namespace), and either its name
 * says it is a task, or `deploy.restart_policy.condition: none` says it runs once (swarm's way to
 * write a one-off task: frappe's `configurator`), or `restart: "no"` is written on a service no
 * other depends on (pelias' `fuzzy-tester`; left unsaid, it is compose's default and says
 * nothing), or its command's last statement is `exit` (spark-iceberg's `mc`), an HTTP
 * request (zitadel's `use-new-login`) or a program that prepares files (OpenReplay's
 * `fs-permission`, `chown -R …`). A
 * `service_started` dependent does not make it a server: compose starts that dependent once the
 * task has started, and the task serves it nothing to connect to (spicedb's
 * `migrate`). As a Deployment Kubernetes would restart it after every exit: a migration run
 * forever, an init script in a loop. A command that keeps the container running once its work is
 * done (`tail -f /dev/null`, `sleep infinity`) says it is meant to stay up: as a Job it would never
 * finish, and a dependent waiting for that Job would never start.
 */
export function oneShotSign(project: ComposeProject, service: Service, image?: ImageFacts): string | undefined {
  const restart = restartAfterExit(service);
  if (restart !== 'no' && restart !== 'on-failure') return undefined;
  if (checkedByImage(service, image?.config.healthcheck)) return undefined;
  // A command that does nothing (`true`, a lone shell without input): a data-only container at most.
  const noOp = noOpSign(service) ?? exitingShellSign(service, image);
  const sign = hasTaskName(service)
    ? 'its name says it is a task'
    : service.deploy.restartPolicy?.condition === 'none'
      ? 'deploy.restart_policy.condition: none says it runs once'
      : endsByExiting(service)
        ? 'its command ends with exit, so it finishes once its work is done'
        : (noOp ?? imageScriptExitSign(service, image) ?? managementToolSign(service) ?? migrationCommandSign(lastStatement(scriptOf(service))) ?? requestSign(service) ?? submissionSign(service) ?? generatorImageSign(service) ?? filePreparationSign(service) ?? noRestartSign(project, service) ?? siblingTaskSign(project, service));
  return sign !== undefined && hasTaskShape(project, service, noOp !== undefined) ? sign : undefined;
}

/**
 * A command that only asks the program for its help or version (`--help`, `-h`, `help`,
 * `--version`): pelias/docker's `fuzzy-tester` runs `--help`, a tool made for `docker compose run
 * fuzzy-tester <args>`, which `up` runs once to no effect.
 */
const HELP_ONLY = /^(?:--?help|-h|help|--?version|-V|version)$/;

/**
 * `restart: "no"` written in so many words, with no `deploy.restart_policy` over it, on a service
 * nobody depends on: compose runs it once and never again, as `condition: none` says for swarm.
 * pelias/docker's `fuzzy-tester` (`restart: "no"`, `command: "--help"`) and IQSS/dataverse's
 * `register-previewers` (`restart: "no"`, `command: deploy`, which registers the previewers with
 * Dataverse's API and exits) were Deployments that Kubernetes restarted after every exit, in
 * CrashLoopBackOff (until 2026-12-07). Left unsaid, the policy is compose's default and says
 * nothing (a port-less worker rarely writes it); a dependent, even one that only waits for it to
 * start, makes the weaker sign too weak: waiting for a Job's completion would block it for good
 * if the service were a server after all. So does an image known to serve a port (postgres, redis,
 * nginx): its clients may call it by name without any depends_on; and a terminal kept open
 * (`stdin_open`, `tty`: a shell to `docker compose exec` into), which keeps the container running.
 */
function noRestartSign(project: ComposeProject, service: Service): string | undefined {
  if (service.restart !== 'no' || service.deploy.restartPolicy !== undefined) return undefined;
  if (service.image !== undefined && imageDefaultPorts(service.image).length > 0) return undefined;
  if (service.stdinOpen || service.tty) return undefined;
  if (Object.values(project.services).some((other) => other.dependsOn[service.name] !== undefined)) return undefined;
  const words = [...(service.entrypoint ?? []), ...(service.command ?? [])];
  const tool = words.length === 1 && HELP_ONLY.test(words[0]!.trim())
    ? ` (its command '${words[0]!.trim()}' only prints the tool's help: a tool for docker compose run; to run it, create a Job of this one's template with its arguments in args)`
    : '';
  return `restart: "no" says it runs once${tool}`;
}

/**
 * The compose key of the restart policy of a service that has a task's name and shape but asks to
 * be restarted after every exit (`restart: always`, `unless-stopped`): elestio-examples/glitchtip's
 * `migrate` runs `./manage.py migrate` with `restart: always`. It stays a Deployment, as compose
 * restarts it too, but Kubernetes shows its pod in CrashLoopBackOff once the work is done, which
 * reads as a failure: said, with how to make it a Job. Undefined for any other service.
 */
export function restartedTaskKey(project: ComposeProject, service: Service): string | undefined {
  const restart = restartAfterExit(service);
  if (restart !== 'always' && restart !== 'unless-stopped') return undefined;
  if (!hasTaskName(service) || !hasTaskShape(project, service)) return undefined;
  return service.deploy.restartPolicy?.condition !== undefined ? `services.${service.name}.deploy.restart_policy.condition` : `services.${service.name}.restart`;
}

function submissionSign(service: Service): string | undefined {
  const words = lastStatement(scriptOf(service)).split(/\s+/).filter((word) => word !== '' && word !== 'exec' && !/^[A-Za-z_]\w*=/.test(word));
  const submits = detachedSubmission(words);
  return submits === undefined ? undefined : `its command submits a job to a cluster (${submits}), which returns once it is submitted`;
}

function requestSign(service: Service): string | undefined {
  const client = endsWithRequest(service);
  return client === undefined ? undefined : `its command ends with an HTTP request (${client}), which finishes once it is answered`;
}

function filePreparationSign(service: Service): string | undefined {
  const program = endsPreparingFiles(service);
  return program === undefined ? undefined : `its command ends by preparing files (${program}), which finishes once they are prepared`;
}

function managementToolSign(service: Service): string | undefined {
  const tool = bareManagementTool(service);
  return tool === undefined ? undefined : `its command runs the management tool '${tool}' without a subcommand, which prints its help and exits (a service for docker compose run: to run one of its commands, create a Job of this one's template with the subcommand added to its args)`;
}

/**
 * The image's own HEALTHCHECK (its Dockerfile's, or the locked image's), which compose runs unless the
 * service's healthcheck replaces or disables it: a container checked for health is meant to stay up.
 * microservices-patterns/ftgo-application's `dynamodblocal-init` (`restart: on-failure`, a task's
 * name) creates its DynamoDB table, touches /tables-created and then sleeps in a loop, and its
 * Dockerfile's `HEALTHCHECK CMD [[ -f /tables-created ]]` says when it is done; as a Job it never
 * finished, and ftgo-order-history-service, which depends on it, waited for that Job for ever
 * (until 2026-12-07).
 */
export function checkedByImage(service: Service, imageHealthcheck: Healthcheck | undefined): boolean {
  return service.healthcheck === undefined && imageHealthcheck !== undefined && !imageHealthcheck.disable && imageHealthcheck.test[0] !== 'NONE';
}

/** `superset-init`, `db_migrate`, `keycloakSetup`. */
function hasTaskName(service: Service): boolean {
  return TASK_NAME.test(service.name) || CAMEL_TASK_NAME.test(service.name);
}

/**
 * Serves nothing, keeps no container running after its work, and no service waits for it to be up or
 * healthy. `holdsVolumes`: a service that mounts its volumes (`volumes_from`) needs it to have run,
 * not to run: what it mounts are claims either way.
 */
function hasTaskShape(project: ComposeProject, service: Service, holdsVolumes = false): boolean {
  if (service.ports.length > 0 || service.expose.length > 0) return false;
  if (service.healthcheck !== undefined && !service.healthcheck.disable) return false;
  if (keepsRunning(service)) return false;
  if (dialledByOthers(project, service)) return false;
  return !Object.values(project.services).some((other) => {
    const dependency = other.dependsOn[service.name];
    const implied = dependency?.impliedBy !== undefined && !(holdsVolumes && dependency.impliedBy.endsWith('.volumes_from'));
    return dependency !== undefined && (implied || dependency.condition === 'service_healthy');
  });
}

/**
 * Whether another service's environment dials the service by name in a URL (`http://register:3000/…`)
 * or names it as its host (`REGISTER_HOST=register`): it serves, whatever its name says. A
 * registration service that declares no port (`register`, a user sign-up API its web front calls) is
 * no task that registers something once: as a Job it would serve nobody once it had finished.
 */
function dialledByOthers(project: ComposeProject, service: Service): boolean {
  const name = service.name.toLowerCase();
  return Object.values(project.services).some((other) => other !== service && Object.entries(other.environment).some(([variable, value]) => {
    if (value === null) return false;
    const text = value.toLowerCase();
    if (/(?:HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i.test(variable) && text.trim() === name) return true;
    for (let at = text.indexOf(`//${name}`); at >= 0; at = text.indexOf(`//${name}`, at + 1)) {
      const next = text[at + 2 + name.length];
      if (next === undefined || next === ':' || next === '/' || next === '?' || next === ',' || next === ' ') return true;
    }
    return false;
  }));
}
