/**
 * A host and its port, written in two variables of one prefix: `SMTP_HOSTNAME=postfix` beside
 * `SMTP_PORT=25`, `DB_HOST=db` beside `DB_PORT=5433`. The program joins them, so the port is one the
 * service connects to on that host, as much as `postfix:25` would be. Unseen, the Service of a
 * mail catcher that publishes only its web UI (8025) carried no SMTP port, and a database started
 * on another port than its image's got a Service and a readiness probe on the usual one, where
 * nothing listens (until 2026-12-07).
 */

/** The host variable's name ends so; its port variable has the same prefix and `PORT`, in the same case. */
const HOST_SUFFIX = /^(.*?)(HOSTNAME|HOST|SERVER|ADDR|ADDRESS)$/i;

/**
 * The port the environment pairs with the host variable `variable` (its prefix + `PORT`), when that
 * is a port number; undefined otherwise.
 */
export function pairedPort(environment: Readonly<Record<string, string | null>>, variable: string): number | undefined {
  const match = HOST_SUFFIX.exec(variable);
  if (match === null) return undefined;
  const [, prefix = '', suffix = ''] = match;
  const name = `${prefix}${suffix === suffix.toLowerCase() ? 'port' : 'PORT'}`;
  const value = Object.hasOwn(environment, name) ? environment[name] : undefined;
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value.trim())) return undefined;
  const port = Number(value.trim());
  return port >= 1 && port <= 65535 ? port : undefined;
}
