/**
 * The ports a healthcheck calls on the container itself when it does more than call it: a fetch
 * piped into a test of the answer (`curl -s http://localhost:9200/_cluster/health | grep -vq red`),
 * several statements. networkCheckOf gives the port of a check that only fetches a URL; such a
 * check stays a command, yet the URL it fetches says where the service listens as surely.
 * SonarQube's DCE search nodes check `curl … "http://$SONAR_CLUSTER_NODE_NAME:9001/…" | grep -q …`,
 * their own name: no port of theirs was known, so the app, which waits for them to be healthy, was
 * not made to wait at all (until 2026-12-07).
 *
 * Read: the URLs (`http://host[:port]`, `https://…`, the scheme's port when none is written) and
 * bash's `/dev/tcp/host/port` whose host is the container itself: a loopback address, or one of
 * `ownNames`, the names the service answers to.
 */
import { LOCAL_HOSTS } from './healthcheck-network.ts';

const URL_HOST = /\b(https?):\/\/(?:[^\s/@'"]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?(?![\w.:-])/g;
const DEV_TCP = /\/dev\/tcp\/([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])\/(\d{1,5})\b/g;
const SCHEME_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** The ports, ascending, that the healthcheck test (`['CMD', …]`, `['CMD-SHELL', script]`) calls on the container itself. */
export function healthcheckOwnPorts(test: readonly string[], ownNames: ReadonlySet<string>): number[] {
  const [kind, ...words] = test;
  if (kind !== 'CMD' && kind !== 'CMD-SHELL') return [];
  const text = words.join(' ');
  const own = (host: string): boolean => LOCAL_HOSTS.has(host.toLowerCase()) || ownNames.has(host.toLowerCase());
  const ports = new Set<number>();
  const add = (port: number): void => {
    if (port >= 1 && port <= 65535) ports.add(port);
  };
  for (const [, scheme = '', host = '', port] of text.matchAll(URL_HOST)) {
    if (own(host)) add(port === undefined ? (SCHEME_PORTS[scheme.toLowerCase()] ?? 0) : Number(port));
  }
  for (const [, host = '', port = ''] of text.matchAll(DEV_TCP)) if (own(host)) add(Number(port));
  return [...ports].sort((a, b) => a - b);
}
