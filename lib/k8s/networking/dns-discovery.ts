import type { ComposeProject } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { commentTest } from './comment-lines.ts';
import { configurationTexts } from './wiring/wiring.ts';

/**
 * Prometheus' `dns_sd_configs` with `type: A` (or AAAA) scrapes every address a name resolves to:
 * under compose, a scaled service's name answers with each replica's, so each replica is a target.
 * On Kubernetes the name is a ClusterIP Service, which answers with one virtual address that sends
 * each connection to one ready pod: Prometheus sees one target and scrapes a different replica at
 * every scrape. grafana/loki's production compose discovers loki-read (3 replicas) and
 * loki-frontend (2) so: their metrics were one random replica's, unsaid (until 2026-12-07). Said
 * once per name at the file that names it, with the setting that makes the Service headless; not
 * done unasked, since other clients of the name (the gateway's nginx resolves it once at its start)
 * would then hold pod addresses that change as pods restart.
 *
 * The default type, SRV, names records (`_http._tcp.name`) no compose DNS answers, and is left alone.
 */
export function reportDnsDiscovery(
  project: ComposeProject,
  names: Readonly<Record<string, string>>,
  severalPods: (service: string) => string | undefined,
  warn: Warn,
): void {
  const said = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const [text, key] of configurationTexts(project, service)) {
      if (!text.includes('dns_sd_configs')) continue;
      for (const name of addressNames(text)) {
        const target = Object.hasOwn(project.services, name) ? project.services[name] : undefined;
        if (target === undefined || target.deploy.endpointMode === 'dnsrr' || said.has(`${key}\u0000${name}`)) continue;
        const pods = severalPods(name);
        if (pods === undefined) continue;
        said.add(`${key}\u0000${name}`);
        warn(
          `Prometheus discovers '${name}' by DNS (dns_sd_configs, type A), which under compose answers with the address of each of its ${pods}; its Service '${names[name] ?? name}' answers with one virtual address that reaches one pod per connection, so Prometheus scrapes a different pod at each scrape as if it were one target: set deploy.endpoint_mode: dnsrr on '${name}' for a headless Service that answers with every pod`,
          key,
        );
      }
    }
  }
}

/** A `dns_sd_configs:` key; the entries below it, up to the next line indented no deeper. */
const DNS_SD = /^([ \t]*)dns_sd_configs[ \t]*:[ \t]*(?:#.*)?$/gm;

/** The names of the `type: A`/`AAAA` entries of every `dns_sd_configs` block of a YAML text, on lines that are no comment. */
function addressNames(text: string): string[] {
  const commented = commentTest(text);
  const found: string[] = [];
  DNS_SD.lastIndex = 0;
  for (const match of text.matchAll(DNS_SD)) {
    if (commented(match.index)) continue;
    const indent = match[1]!.length;
    const lines: string[] = [];
    for (const line of text.slice(match.index + match[0].length + 1).split('\n')) {
      if (line.trim() === '' || /^[ \t]*#/.test(line)) continue;
      if (line.length - line.trimStart().length <= indent && !line.trimStart().startsWith('- ')) break;
      if (line.length - line.trimStart().length < indent) break;
      lines.push(line);
      if (lines.length > 256) break;
    }
    for (const entry of entries(lines)) {
      const type = /^[ \t]*(?:-[ \t]+)?type[ \t]*:[ \t]*["']?(\w+)/m.exec(entry)?.[1]?.toUpperCase();
      if (type !== 'A' && type !== 'AAAA') continue;
      found.push(...entryNames(entry));
    }
  }
  return found;
}

/** The block's sequence items (`- names: …`), each as its lines joined. */
function entries(lines: readonly string[]): string[] {
  const items: string[][] = [];
  const column = lines.find((line) => /^[ \t]*- /.test(line))?.search(/-/);
  for (const line of lines) {
    if (column !== undefined && line.search(/\S/) === column && line.trimStart().startsWith('- ')) items.push([line]);
    else items.at(-1)?.push(line);
  }
  return items.map((item) => item.join('\n'));
}

/** `names: [a, b]` or `names:` followed by `- a` lines: the names, unquoted, without a port. */
function entryNames(entry: string): string[] {
  const flow = /names[ \t]*:[ \t]*\[([^\]]*)\]/.exec(entry);
  if (flow) return flow[1]!.split(',').map(unquote).filter((name) => name !== '');
  const block = /names[ \t]*:[ \t]*(?:#.*)?\n((?:[ \t]*-[ \t]+[^\n]*\n?)+)/.exec(entry);
  if (!block) return [];
  return block[1]!.split('\n').map((line) => unquote(line.replace(/^[ \t]*-[ \t]+/, '').replace(/[ \t]+#.*$/, ''))).filter((name) => name !== '');
}

function unquote(value: string): string {
  return value.trim().replace(/^["']|["']$/g, '').trim();
}
