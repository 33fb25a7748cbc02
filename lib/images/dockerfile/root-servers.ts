import { scriptCommands, type Variables } from './words.ts';

/**
 * Servers whose packages start them as root, to bind their ports, write their own directories and
 * switch to the user their configuration names: nginx's master, Apache, supervisord, cron daemons,
 * sshd, Postfix. A Dockerfile that installs one on a base whose own process drops root (php-fpm's
 * master starts as root, its workers run as www-data) runs it as root under Docker when it sets no
 * USER: akaunting's fpm-alpine-nginx image starts `php-fpm -D && nginx` from its entrypoint.
 */
const ROOT_SERVERS = new Set(['nginx', 'nginx-full', 'nginx-light', 'apache2', 'httpd', 'supervisor', 'cron', 'cronie', 'dcron', 'openssh-server', 'postfix']);

/** The package managers' install commands: the words after which the packages follow. */
const INSTALLERS: readonly (readonly string[])[] = [['apk', 'add'], ['apt-get', 'install'], ['apt', 'install'], ['yum', 'install'], ['dnf', 'install'], ['microdnf', 'install'], ['zypper', 'install']];

/** Records the root-starting servers a RUN script installs (`apk add --no-cache nginx`, `apt-get install -y supervisor=4.2*`). */
export function recordRootServers(script: string, variables: Variables, escape: string, servers: Set<string>): void {
  for (const command of scriptCommands(script, variables, escape)) {
    const tools = command.map((word) => word.split('/').pop() ?? word);
    for (const [tool, verb] of INSTALLERS) {
      const at = tools.indexOf(tool!);
      if (at < 0 || !tools.slice(at + 1).includes(verb!)) continue;
      for (const word of command.slice(at + 1)) {
        const name = word.replace(/[=<>~].*$/, '');
        if (ROOT_SERVERS.has(name)) servers.add(name);
      }
    }
  }
}
