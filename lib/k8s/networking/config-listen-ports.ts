import type { ComposeProject, Service } from '../../compose/model.ts';
import { commentTest } from './comment-lines.ts';
import { configurationTexts } from './wiring/wiring.ts';

/**
 * The TCP ports a service's own configuration files say it listens on, in the order written: a
 * server's listen directive, nginx's and Apache's `listen 8080;` / `Listen 8080` (with an address:
 * `listen [::]:80`, `listen 0.0.0.0:443 ssl`), HAProxy's `bind *:8080`. A proxy that publishes
 * several ports leaves open which one answers; its configuration says. LemmyNet/lemmy's nginx
 * publishes 1236 and 8536, and its mounted nginx.conf (a template, `/etc/nginx/templates`) listens
 * on both: the proxy had no readiness probe (until 2026-12-07).
 *
 * Not counted: a directive on a commented-out line, one bound to the loopback address (a probe
 * reaches the pod's address), a Unix socket. A `${VAR}` in the port is the service's environment
 * variable, as nginx's templates substitute it; unset, the directive is skipped.
 */
export function configuredListenPorts(project: ComposeProject, service: Service): number[] {
  const ports: number[] = [];
  for (const [text] of configurationTexts(project, service)) {
    const commented = commentTest(text);
    for (const pattern of [LISTEN, BIND]) {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        if (commented(match.index)) continue;
        const address = match[1] ?? '';
        if (LOOPBACK.test(address)) continue;
        const port = portOf(match[2]!, service);
        if (port !== undefined && !ports.includes(port)) ports.push(port);
      }
    }
  }
  return ports;
}

/** `listen [addr:]port …` at the start of a line (nginx, Apache). */
const LISTEN = /^[ \t]*listen[ \t]+(?:(\[[^\]\s]*\]|[^\s:;[\]]+):)?(\$\{?\w+\}?|\d{1,5})(?=[\s;]|$)/gim;
/** HAProxy's `bind [addr]:port …` (the colon is required: Redis' `bind 127.0.0.1` is an address alone). */
const BIND = /^[ \t]*bind[ \t]+(\[[^\]\s]*\]|[^\s:;[\]]*):(\$\{?\w+\}?|\d{1,5})(?=[\s;,]|$)/gm;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

function portOf(written: string, service: Service): number | undefined {
  let text = written;
  if (text.startsWith('$')) {
    const name = text.replace(/^\$\{?|\}$/g, '');
    const value = Object.hasOwn(service.environment, name) ? service.environment[name] : undefined;
    if (value === undefined || value === null) return undefined;
    text = value.trim();
  }
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}
