/**
 * Whether a reference to a host sends datagrams (UDP) to its port: StatsD's clients do, so a
 * variable that names StatsD or UDP holds such a host (appwrite's `_APP_STATSD_HOST=telegraf` beside
 * `_APP_STATSD_PORT=8125`, `DD_DOGSTATSD_HOST`), and so does a URL whose scheme is UDP
 * (`STATSD_URL=udp://telegraf:8125`, `syslog+udp://logs:514`). Compose declares no port there, and
 * the Service carried the port as TCP only: appwrite's metrics reached nothing, telegraf got a TCP
 * readiness probe its UDP listener never answered, and appwrite waited for telegraf:8125 over TCP
 * before starting, forever (until 2026-12-07).
 */
const DATAGRAM_VARIABLE = /statsd|(^|[^A-Za-z])udp([^A-Za-z]|$)/i;

/** `udp://` or `<scheme>+udp://` just before the name. */
const DATAGRAM_SCHEME = /(^|[^A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9.-]*\+)?udp:\/\/([^/@\s]*@)?$/i;

/** `text` holds a reference to a host that starts at `start`; `variable` is the environment variable it is the value of. */
export function sendsDatagrams(text: string, start: number, variable: string | undefined): boolean {
  return DATAGRAM_SCHEME.test(text.slice(0, start)) || (variable !== undefined && DATAGRAM_VARIABLE.test(variable));
}
