import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { imageDefaultPorts } from '../networking/service-default-ports.ts';
import { hostSideTarget } from '../networking/host-side-ports.ts';
import { configuredListenPorts } from '../networking/config-listen-ports.ts';
import { podJoiners } from './shared-pods.ts';
import type { KnownPort } from '../networking/wiring/wiring.ts';
import { sameImage } from '../networking/wiring/cluster-members.ts';
import { parseImage } from './image-profiles.ts';

/** Ports that serve HTTP by convention. */
const WEB_PORTS = new Set([80, 443, 3000, 5000, 8000, 8080, 8443, 8888]);

/**
 * The port a synthesized readiness check may connect to: the service's only TCP port, or among
 * several the only one another part of the stack connects to (a service of another image, or a
 * proxy its labels configure: what its dependents wait on), else the only one compose declares
 * (`ports:`/`expose:`, not what the wiring added: the image's EXPOSE, the ports others use), else,
 * among those compose declares (or all when it declares none), the only one the stack connects to,
 * else (among those it connects to, if several) its HTTP one (by app_protocol), the first its own
 * configuration files listen on (a proxy's nginx.conf: config-listen-ports.ts), the one its
 * well-known image listens on, or its HTTP one by convention. None when it is unknown which of
 * several ports the service really serves — a mail port compose publishes may have no listener
 * until the mail feature is configured, and a probe on it would keep the service unready forever —
 * and none for a pod other services join, whose ports may be theirs or features of its own.
 */
export function readinessPort(project: ComposeProject, service: Service, warn: Warn, wired: readonly KnownPort[] = []): number | undefined {
  const ports = [...new Set([
    ...service.ports.filter((mapping) => mapping.protocol === 'tcp').map((mapping) => mapping.target),
    ...service.expose.filter((exposed) => exposed.protocol === 'tcp').map((exposed) => exposed.port),
  ])];
  const joiners = ports.length === 0 ? [] : podJoiners(project, service.name);
  if (joiners.length > 0) {
    // A VPN container publishes its pod-mates' ports and its own optional ones (gluetun's HTTP proxy
    // on 8888, off by default): a probe on one nobody serves would keep the whole pod unready.
    warn(
      `no readiness probe: ports ${ports.join(', ')} are published for the pod it shares with ${joiners.join(', ')} (network_mode: service:${service.name}), and which of them answers is not known (add a healthcheck)`,
      `services.${service.name}`,
    );
    return undefined;
  }
  if (ports.length <= 1) return ports[0];
  const usual = service.image === undefined ? [] : imageDefaultPorts(service.image);
  const known = usual.some((port) => ports.includes(port)) ? withoutScrapes(project, wired) : wired;
  // The only port another part of the stack connects to (a service of another image, or a proxy
  // its labels configure) is one the service serves, whatever else compose publishes: Lemmy
  // publishes its Prometheus port 10002 (served only when its config enables metrics) while
  // lemmy-ui and the proxy connect to 8536, and a probe on 10002 kept lemmy unready and everything
  // waiting for it on 8536 unstarted (until 2026-12-07). The members of a cluster (services of its
  // image) are not counted: a ZooKeeper ensemble names its members' quorum port 2888, which only the
  // leader serves.
  // A port the stack dials that is only the host side of a published mapping (`8080:3000`, dialled
  // as `builder:8080`) is no port the container listens on: containers reach each other on container
  // ports, and under compose nothing answers there. typebot's Caddyfile dials typebot-builder:8080,
  // published for 3000: probed on 8080, the builder never became ready, and nothing reached it on
  // 3000 either (until 2026-12-07).
  const hostSide = ports.filter((port) => hostSideTarget(service, port, tcpSourcesOf(known, port)) !== undefined);
  const served = ports.filter((port) => !hostSide.includes(port) && isUsedByOthers(project, service, known, port));
  const published = hostSideNote(service, known, hostSide);
  if (served.length === 1) {
    const unused = ports.filter((port) => port !== served[0] && isDeclared(known, port) && !isUsed(known, port));
    warn(
      `readiness probe on port ${served[0]} of ${ports.join(', ')}, the one the stack connects to (${usersOf(known, served[0])}${unused.length === 0 ? '' : `; compose also declares ${unused.join(', ')}, which no service is seen connecting to`}${published}; add a healthcheck to decide)`,
      `services.${service.name}`,
    );
    return served[0];
  }
  // The ports compose declares come first: the file's author set the service up to listen there
  // (hatchet's engine publishes its gRPC port 7070), while a Dockerfile's EXPOSE may be shared by
  // every target the Dockerfile builds (8080 is its API's), and a probe on it kept the engine, and
  // every service waiting for it on 7070, unready forever.
  const declared = ports.filter((port) => isDeclared(known, port));
  const candidates = declared.length > 0 ? declared : ports.filter((port) => !hostSide.includes(port));
  if (candidates.length === 1) {
    warn(
      `readiness probe on port ${candidates[0]} of ${ports.join(', ')}, the one compose declares (it does not declare ${sourcesOf(known, ports.filter((port) => port !== candidates[0]))}${published}; add a healthcheck to decide)`,
      `services.${service.name}`,
    );
    return candidates[0];
  }
  // A port the stack connects to is one the service serves, whatever its image usually listens on:
  // the sharded MongoDB cluster runs `mongod --port 27118` and the probe went to the image's 27017,
  // where nothing listens, so no shard became ready and the router waited for them forever.
  const used = candidates.filter((port) => isUsed(known, port));
  if (used.length === 1) {
    warn(
      `readiness probe on port ${used[0]} of ${ports.join(', ')}, the one the stack connects to (${usersOf(known, used[0])}${published}; add a healthcheck to decide)`,
      `services.${service.name}`,
    );
    return used[0];
  }
  const pool = used.length > 1 ? used : candidates;
  const http = service.ports.find((mapping) => mapping.protocol === 'tcp' && pool.includes(mapping.target) && /^https?$|^http2$/.test(mapping.appProtocol ?? ''));
  // What its own configuration files listen on (a proxy's nginx.conf), in the order they write it.
  const listened = http === undefined ? configuredListenPorts(project, service).filter((port) => pool.includes(port)) : [];
  if (listened.length > 0) {
    warn(
      `readiness probe on port ${listened[0]} of ${ports.join(', ')}, the ${listened.length > 1 ? `first its configuration files listen on (${listened.join(', ')}; ` : 'one its configuration files listen on ('}${published.slice(2)}${published === '' ? '' : '; '}add a healthcheck to decide)`,
      `services.${service.name}`,
    );
    return listened[0];
  }
  // The image's usual ports in its own order, its main one first (Mimir's HTTP 8080 before memberlist 7946).
  const chosen = http?.target ?? usual.find((port) => pool.includes(port)) ?? pool.find((port) => WEB_PORTS.has(port));
  // None of the ports compose declares decides it, but the well-known image's usual port, which its
  // Service carries though compose does not declare it, is one the server always serves: Frigate
  // publishes 8971 (its authenticated UI, TLS by default), 8554 and 8555 (go2rtc's RTSP and WebRTC),
  // and serves its API on 5000, which its image's own HEALTHCHECK calls; it got no readiness probe
  // (HenkVanHoek/frigate-ha-docker-compose, until 2026-12-07).
  const undeclared = chosen === undefined ? usual.find((port) => ports.includes(port) && !hostSide.includes(port)) : undefined;
  if (undeclared !== undefined) {
    warn(
      `readiness probe on port ${undeclared} of ${ports.join(', ')}, the usual port of its image, which compose does not declare (which of ${pool.join(', ')} answers is not known; add a healthcheck to decide${published})`,
      `services.${service.name}`,
    );
    return undeclared;
  }
  // A choice among ports compose did not make, or none: said once, with how to decide it.
  warn(
    chosen === undefined
      ? `no readiness probe: which of ports ${ports.join(', ')} the service answers on is not known (add a healthcheck${published})`
      : `readiness probe on port ${chosen} of ${ports.join(', ')}, the one it most likely serves (add a healthcheck to decide${published})`,
    `services.${service.name}`,
  );
  return chosen;
}

/**
 * What to say of the ports the stack dials that are only the host side of a published mapping (`;
 * 14318 is the port compose publishes …`), or '': the container does not listen there. Said
 * whichever way the probe's port is chosen: uptrace's vector posts to uptrace:14318, published for
 * 80, and the Service carried 14318 unsaid when otelcol's use of 4317 decided the probe (until
 * 2026-12-07).
 */
function hostSideNote(service: Service, known: readonly KnownPort[], hostSide: readonly number[]): string {
  return hostSide.map((port) => `; ${port} is the port compose publishes on the host for ${hostSideTarget(service, port, tcpSourcesOf(known, port))}, which the container does not listen on, so a container dialling it reaches nothing, under compose too`).join('');
}

/** The sources of the known TCP port `port`, for hostSideTarget. */
function tcpSourcesOf(known: readonly KnownPort[], port: number): string[] {
  return known.filter((entry) => entry.port === port && entry.protocol === 'tcp').flatMap((entry) => entry.sources);
}

/** The last component of the images that scrape metrics (Prometheus, VictoriaMetrics' agent). */
const SCRAPERS = new Set(['prometheus', 'vmagent']);

/**
 * The known ports without the uses only a metrics scraper makes, for a service whose image's usual
 * port is among its own: a port only Prometheus' targets name is an exporter's, which the server
 * serves only beside an exporter or with metrics switched on, while its clients reach it on its usual
 * port through their images' defaults. deploy-sourcegraph-docker's prometheus scrapes
 * redis-cache:9121, which nothing serves there, while the frontend reaches redis-cache on 6379, and
 * the readiness probe on 9121 kept redis-cache unready (until 2026-12-07).
 */
function withoutScrapes(project: ComposeProject, known: readonly KnownPort[]): KnownPort[] {
  const scraper = (user: string): boolean => {
    const image = project.services[user]?.image;
    if (image === undefined) return false;
    const { repository } = parseImage(image);
    return SCRAPERS.has(repository.slice(repository.lastIndexOf('/') + 1));
  };
  return known.map((entry) => {
    const users = entry.users ?? [];
    if (users.length === 0 || !users.every(scraper) || entry.sources.some((source) => source.startsWith('routed to by '))) return entry;
    return { port: entry.port, protocol: entry.protocol, sources: entry.sources.filter((source) => !isUse(source)), users: [] };
  });
}

/** Whether compose itself declares the TCP port (`ports:` or `expose:`), as the wiring records it. */
function isDeclared(known: readonly KnownPort[], port: number): boolean {
  return known.some((entry) => entry.port === port && entry.protocol === 'tcp' && entry.sources.some((source) => source === 'ports' || source === 'expose'));
}

/**
 * Whether a service of the project (the service itself included) connects to the TCP port, or a
 * proxy's labels route to it (proxy-label-ports.ts), as the wiring records it.
 */
function isUsed(known: readonly KnownPort[], port: number): boolean {
  return known.some((entry) => entry.port === port && entry.protocol === 'tcp' && entry.sources.some(isUse));
}

/** `used by connect, schema-registry (its own address)`, `routed to by Traefik's label …`: who connects to the port. */
function usersOf(known: readonly KnownPort[], port: number): string {
  const entry = known.find((candidate) => candidate.port === port && candidate.protocol === 'tcp');
  return entry?.sources.filter(isUse).join(', ') ?? 'used by the stack';
}

/**
 * Whether a service of another image than this one's (not itself, not a member of its cluster)
 * connects to the TCP port, or a proxy's labels route to it.
 */
function isUsedByOthers(project: ComposeProject, service: Service, known: readonly KnownPort[], port: number): boolean {
  const entry = known.find((candidate) => candidate.port === port && candidate.protocol === 'tcp');
  if (entry === undefined) return false;
  if (entry.sources.some((source) => source.startsWith('routed to by '))) return true;
  return (entry.users ?? []).some((user) => user !== service.name && !sameImage(project.services[user], service));
}

function isUse(source: string): boolean {
  return source.startsWith('used by ') || source.startsWith('routed to by ');
}

/**
 * `8080 (Dockerfile EXPOSE), 2222 (used by worker)`: the ports compose does not declare, each with
 * where it is known from, as the Service's added ports are listed. Written source first, it read
 * "known from used by worker (2222)" (concourse's web, whose TSA port 2222 only its worker names).
 */
function sourcesOf(known: readonly KnownPort[], ports: readonly number[]): string {
  return ports.map((port) => `${port} (${known.find((entry) => entry.port === port && entry.protocol === 'tcp')?.sources.join(', ') ?? 'the wiring'})`).join(', ');
}
