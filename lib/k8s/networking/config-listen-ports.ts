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
 *
 * A TLS listener (nginx's and HAProxy's `ssl`, Apache's `https`) comes after every plain one: it
 * needs certificates, which a stack often adds later, so its configuration is the optional part.
 * langgenius/dify's nginx mounts https.conf.template (`listen ${NGINX_SSL_PORT} ssl;`), which its
 * entrypoint pastes into the server only when NGINX_HTTPS_ENABLED is true (false by default), beside
 * conf.d's `listen ${NGINX_PORT};`: the probe went to 443, where nothing listened, and nginx never
 * became ready (until 2026-12-07).
 */
export function configuredListenPorts(project: ComposeProject, service: Service): number[] {
  const plain: number[] = [];
  const tls: number[] = [];
  for (const [text] of configurationTexts(project, service)) {
    const commented = commentTest(text);
    for (const pattern of [LISTEN, BIND]) {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        if (commented(match.index)) continue;
        const address = match[1] ?? '';
        if (LOOPBACK.test(address)) continue;
        const port = portOf(match[2]!, service);
        if (port === undefined) continue;
        const ports = TLS_OPTION.test(directiveRest(text, match.index + match[0].length)) ? tls : plain;
        if (!ports.includes(port)) ports.push(port);
      }
    }
  }
  return [...plain, ...tls.filter((port) => !plain.includes(port))];
}

/** A listener's TLS option among the words after its port: nginx's and HAProxy's `ssl`, Apache's `https` protocol. */
const TLS_OPTION = /(?:^|[\s])(?:ssl|https)(?=[\s;]|$)/i;

/** The rest of a directive after its port: up to its `;`, or the end of its line. */
function directiveRest(text: string, from: number): string {
  const end = text.slice(from).search(/[;\n]/);
  return end < 0 ? text.slice(from) : text.slice(from, from + end);
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
