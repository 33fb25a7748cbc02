import { commandTokens } from '../workload/container-command.ts';

/** Programs that change file ownership or modes: a task running them prepares files as root. */
const OWNERSHIP_TOOLS = new Set(['chown', 'chmod', 'chgrp']);

/**
 * Package managers and the subcommands that write the system's package database and files:
 * a command running one at start (alpine's `apk add … && exec crond`) only works as root, which is
 * how Docker runs an image without USER. Queries (`apk info`, `apt-cache`) need no root.
 */
const PACKAGE_MANAGERS: Readonly<Record<string, ReadonlySet<string>>> = {
  apk: new Set(['add', 'update', 'upgrade']),
  'apt-get': new Set(['install', 'update', 'upgrade', 'dist-upgrade']),
  apt: new Set(['install', 'update', 'upgrade']),
  dnf: new Set(['install', 'update', 'upgrade']),
  yum: new Set(['install', 'update', 'upgrade']),
  microdnf: new Set(['install', 'update', 'upgrade']),
  zypper: new Set(['install', 'in', 'update', 'up', 'refresh']),
};

/**
 * Python's installer: `pip install` writes the interpreter's site-packages, which root owns in the
 * images that run it without USER. mlflow/mlflow's own compose runs `pip install psycopg2-binary
 * boto3 && mlflow server …` in ghcr.io/mlflow/mlflow (no USER); as the default uid 1000 pip found
 * site-packages not writable and the HOME of a user without a passwd entry (`/`) neither, so the
 * server never started (until 2026-12-07). `python -m pip install` is the same program.
 */
const PYTHON_INSTALLERS: ReadonlySet<string> = new Set(['pip', 'pip3']);

/**
 * Cron daemons run each crontab's jobs as its owner, after initgroups()/setuid(), which only root
 * may call: busybox's `crond -f` as www-data logs "can't set groups" and runs nothing. Nextcloud's
 * image runs it as `/cron.sh` (nextcloud/docker's fpm examples: `entrypoint: /cron.sh`, as root
 * under compose), so background jobs never ran as uid 33 (until 2026-12-06). `cron` alone is a word
 * of many commands (`manage.py cron`): only as the program, or after `exec`/`busybox`.
 */
const CRON_DAEMONS = new Set(['crond', 'cron.sh']);

function cronDaemon(tokens: readonly string[], programs: readonly string[]): string | undefined {
  for (const [index, program] of programs.entries()) {
    const before = index === 0 ? undefined : programs[index - 1];
    if (CRON_DAEMONS.has(program) || (program === 'cron' && (index === 0 || before === 'exec' || before === 'busybox'))) return tokens[index];
  }
  return undefined;
}

/** The cron daemon a container command runs (`crond -f`, `exec cron -f`, `/cron.sh`), or undefined. */
export function runsCronDaemon(words: readonly string[]): string | undefined {
  const tokens = commandTokens(words);
  return cronDaemon(tokens, tokens.map((token) => token.slice(token.lastIndexOf('/') + 1)));
}

/**
 * Programs that run a command as another user: they call setgroups()/setgid()/setuid(), which only
 * root may (gosu and su-exec refuse with "operation not permitted" otherwise, even to switch to the
 * user already running them). Pixelfed's worker runs `gosu www-data php artisan horizon` in the
 * image its Dockerfile builds without USER; run as the php image's www-data, gosu exited at once and
 * the queue worker restarted forever, so no job ran (pixelfed/pixelfed, until 2026-12-07).
 */
const USER_SWITCHERS = new Set(['gosu', 'su-exec', 'runuser', 's6-setuidgid']);

/**
 * Directories of the image's own files, which only root may write: a command that writes there at
 * start works only as root, as Docker runs an image without USER (Loki getting-started's gateway:
 * `cat <<EOF > /etc/nginx/nginx.conf` before starting nginx, denied to the nginx profile's uid 101,
 * so the container exited before nginx started, until 2026-12-06).
 */
const SYSTEM_FILE = /^\/(etc|usr)\//;

/**
 * The system file a command writes by a redirection (`> /etc/x`, `>>/etc/x`), `tee [-a]` or `sed -i`,
 * but in a directory the image's user owns, or undefined.
 */
function systemFileWritten(tokens: readonly string[], programs: readonly string[], owned: readonly string[]): string | undefined {
  const isSystemFile = (path: string | undefined): path is string => path !== undefined && SYSTEM_FILE.test(path) && !owned.some((directory) => path.startsWith(`${directory}/`));
  for (const [index, token] of tokens.entries()) {
    const redirection = /^\d*>>?(.*)$/.exec(token);
    // A redirection inside a quoted `bash -c "… > /etc/nginx/conf.d/odk.conf"` (getodk/central's
    // odk-setup.sh) ends its token with the closing quote, which is no part of the path.
    const target = redirection ? unquoted(redirection[1] || tokens[index + 1]) : undefined;
    if (isSystemFile(target)) return target;
    const program = programs[index];
    if (program === 'tee' || (program === 'sed' && tokens.slice(index + 1).some((word) => /^-\w*i/.test(word)))) {
      const written = tokens.slice(index + 1).find(isSystemFile);
      if (written !== undefined) return written;
    }
  }
  return undefined;
}

/** A word without the quotes a shell script put around it or its part (`"/etc/x"`, `/etc/x'`). */
function unquoted(word: string | undefined): string | undefined {
  return word?.replace(/^["']+|["']+$/g, '');
}

/**
 * Why a container command needs root, as its words say (`runs chown to prepare files`), or
 * undefined. Programs are matched by their last path segment; a package manager's subcommand is its
 * first word that is no option (`apk --no-cache add`, `apt-get -y install`).
 */
export function rootTask(words: readonly string[], ownedPaths: readonly string[] = []): string | undefined {
  const tokens = commandTokens(words);
  const programs = tokens.map((token) => token.slice(token.lastIndexOf('/') + 1));
  const ownership = programs.find((program) => OWNERSHIP_TOOLS.has(program));
  if (ownership !== undefined) return `runs ${ownership} to prepare files`;
  for (const [index, program] of programs.entries()) {
    const subcommands = Object.hasOwn(PACKAGE_MANAGERS, program) ? PACKAGE_MANAGERS[program] : undefined;
    if (subcommands === undefined) continue;
    const subcommand = tokens.slice(index + 1).find((token) => !token.startsWith('-'));
    if (subcommand !== undefined && subcommands.has(subcommand)) return `runs ${program} ${subcommand} to change the system's packages`;
  }
  for (const [index, program] of programs.entries()) {
    if (!PYTHON_INSTALLERS.has(program)) continue;
    const subcommand = tokens.slice(index + 1).find((token) => !token.startsWith('-'));
    if (subcommand === 'install') return `runs ${program} install to install Python packages into the image`;
  }
  const switcher = programs.find((program) => USER_SWITCHERS.has(program));
  if (switcher !== undefined) return `runs ${switcher} to switch to another user`;
  const cron = cronDaemon(tokens, programs);
  if (cron !== undefined) return `runs the cron daemon ${cron}, which switches to each crontab's user to run its jobs`;
  const written = systemFileWritten(tokens, programs, ownedPaths);
  if (written !== undefined) return `writes ${written}, one of the image's own files`;
  return undefined;
}

/**
 * Why a project script the command starts needs root, or undefined: it writes one of the image's
 * own files, as a command line may (systemFileWritten). OpenProject's compose proxy runs the project's
 * proxy-entrypoint.sh, which renders /etc/caddy/Caddyfile from a template before starting Caddy:
 * as uid 1000 the redirection was denied, and the proxy exited before Caddy started (until
 * 2026-12-07). nextcloud-spreed-signaling's server image (FROM alpine, no USER) starts entrypoint.sh,
 * which ends `exec su-exec spreedbackend …`: as uid 1000 su-exec refused, and the signaling server
 * never started (until 2026-12-07). That, and a user switch or account change it runs unguarded (scriptAccountProgram),
 * are all that is read from a script: its other commands (a `chmod` of its own files, a `chown`
 * guarded by a test of who runs it) say less of who must run it than a command line does.
 * Whole-line comments are skipped.
 */
export function scriptRootTask(path: string, content: string, ownedPaths: readonly string[] = []): string | undefined {
  const statements = content.split('\n').filter((line) => !/^\s*#/.test(line));
  const tokens = commandTokens(statements);
  const programs = tokens.map((token) => token.slice(token.lastIndexOf('/') + 1));
  const written = systemFileWritten(tokens, programs, ownedPaths);
  if (written !== undefined) return `runs the project's script ${path}, which writes ${written}, one of the image's own files`;
  const account = scriptAccountProgram(statements);
  return account === undefined ? undefined : `runs the project's script ${path}, which runs ${account}`;
}

/**
 * Programs that change the image's accounts (`usermod -u "$WWWUSER" sail`): they write /etc/passwd
 * and /etc/group, which root owns.
 */
const ACCOUNT_TOOLS = new Set(['usermod', 'groupmod', 'useradd', 'groupadd', 'userdel', 'groupdel']);

/** A test of who runs the script (`[ "$(id -u)" = '0' ]`, `$EUID`, `whoami`): it may not switch at all. */
const TESTS_ITS_USER = /\bid\s+-u|\bwhoami\b|\$\{?EUID\b|\$\{?UID\b/;

/**
 * What a script runs, as a program of its own statement, that only root can: a user switcher
 * (gosu, su-exec) or an account tool (usermod). laravel/sail's runtimes start start-container,
 * which runs `usermod -u $WWWUSER sail` and `exec gosu $WWWUSER "$@"` (or supervisord, which its
 * configuration has run as root and start PHP as sail); as uid 1000 gosu refused and the queue
 * worker never ran (until 2026-12-07). A script that tests who runs it (the official images'
 * `if [ "$(id -u)" = '0' ]; then exec gosu …`) is left as it is: it may run as anyone.
 */
function scriptAccountProgram(statements: readonly string[]): string | undefined {
  if (statements.some((line) => TESTS_ITS_USER.test(line))) return undefined;
  for (const statement of statements) {
    for (const segment of statement.split(/[;&|()]+|\b(?:then|else|do)\b/)) {
      const words = segment.trim().split(/\s+/).filter((word) => word !== '' && word !== 'exec' && !/^[A-Za-z_]\w*=/.test(word));
      const program = words[0]?.slice(words[0].lastIndexOf('/') + 1);
      if (program === undefined) continue;
      if (USER_SWITCHERS.has(program)) return `${program} to switch to another user`;
      if (ACCOUNT_TOOLS.has(program)) return `${program} to change the image's users`;
    }
  }
  return undefined;
}
