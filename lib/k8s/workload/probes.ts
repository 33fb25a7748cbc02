import type * as k8s from '../plan/api-types.ts';
import type { Healthcheck } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import { healthcheckTestFor, type ContainerEnvironment } from '../config-and-secrets/environment.ts';
import { effectiveHealthcheck } from './image-healthcheck.ts';
import { readinessPort } from './readiness-port.ts';
import { networkCheckOf, withServiceVariables } from './healthcheck-network.ts';
import { loopbackListener, loopbackPublicHost } from '../networking/loopback-addresses.ts';
import { int32 } from '../plan/int32.ts';
import { isDns1123Label } from '../names/names.ts';

export interface ContainerProbes {
  readonly readinessProbe?: k8s.Probe;
  readonly livenessProbe?: k8s.Probe;
  readonly startupProbe?: k8s.Probe;
}

/** Docker's values for unset healthcheck fields, in milliseconds and attempts. */
export const HEALTHCHECK_DEFAULTS = { interval: 30_000, timeout: 30_000, retries: 3 } as const;

type Handler = Pick<k8s.Probe, 'exec' | 'httpGet' | 'tcpSocket'>;

/**
 * Probes from the service's healthcheck (or, without one, a tcpSocket readiness probe on the port it serves, see readiness-port.ts).
 * Readiness and liveness share the healthcheck's timing; `start_period` becomes a startupProbe
 * that tolerates failures for that long, as Docker ignores them during the start period.
 * The chart passes the container's environment, which holds the healthcheck test already (issue 7).
 */
export function probesFor(
  context: ServiceContext,
  environment: Pick<ContainerEnvironment, 'healthcheckTest'> = { healthcheckTest: healthcheckTestFor(context) },
): ContainerProbes {
  const { name } = context.service;
  const healthcheck = effectiveHealthcheck(context);
  const key = `services.${name}.healthcheck`;
  if (healthcheck?.disable) return {};
  if (healthcheck && healthcheck.test.length > 1) {
    // The environment's test is compose's, with its secrets referenced; the image's test has none.
    const own = healthcheck === context.service.healthcheck;
    if (own) warnShellParameters(context, healthcheck.test, `${key}.test`);
    const ownTest = own ? environment.healthcheckTest : undefined;
    return healthcheckProbes(context, healthcheck, ownTest, key);
  }
  if (healthcheck) {
    context.warn("a healthcheck without a test keeps the image's own check, which is not visible here", `${key}.test`);
  }
  const port = readinessPort(context.project, context.service, context.warn, context.knownPorts);
  return port === undefined ? {} : { readinessProbe: { tcpSocket: { port } } };
}

function healthcheckProbes(
  context: ServiceContext,
  healthcheck: Healthcheck,
  environmentTest: readonly string[] | undefined,
  key: string,
): ContainerProbes {
  // Kubernetes does not expand `$(VAR)` in probes: a test carrying a secret reads it from the
  // container's env in shell form, and must stay a command (an httpGet would spell the value out).
  const test = environmentTest ?? healthcheck.test;
  const handler = test === healthcheck.test ? handlerFor(context, test) : execHandler(test);
  const seconds = (field: 'interval' | 'timeout', value: number | undefined) =>
    wholeSeconds(context, value || HEALTHCHECK_DEFAULTS[field], `${key}.${field}`);
  const periodSeconds = seconds('interval', healthcheck.interval);
  const timeoutSeconds = seconds('timeout', healthcheck.timeout);
  const failureThreshold = int32(healthcheck.retries || HEALTHCHECK_DEFAULTS.retries, `${key}.retries`, context);
  // Object.assign: V8 builds a literal that starts with a spread and goes on several times slower (issue 7).
  const probe: k8s.Probe = Object.assign({}, handler, { periodSeconds, timeoutSeconds, failureThreshold, successThreshold: 1 });
  if (!healthcheck.startPeriod) {
    // Docker runs the first check one interval after start; liveness waits as long before counting failures.
    return { readinessProbe: probe, livenessProbe: Object.assign({}, probe, { initialDelaySeconds: periodSeconds }) };
  }
  const startPeriodSeconds = wholeSeconds(
    context,
    healthcheck.startInterval || healthcheck.interval || HEALTHCHECK_DEFAULTS.interval,
    `${key}.${healthcheck.startInterval ? 'start_interval' : 'interval'}`,
  );
  const startupProbe: k8s.Probe = Object.assign({}, probe, {
    periodSeconds: startPeriodSeconds,
    // Failures during start_period do not count in Docker; after it, `retries` failures make it unhealthy.
    failureThreshold: int32(Math.ceil(healthcheck.startPeriod / (startPeriodSeconds * 1000)) + failureThreshold, `${key}.start_period`, context),
  });
  return { readinessProbe: probe, livenessProbe: probe, startupProbe };
}

function handlerFor(context: ServiceContext, test: readonly string[]): Handler {
  const check = networkCheckOf(asLocal(withServiceVariables(test, context.service.environment), ownHostname(context)));
  if (check && (loopbackOnly(context, check.port) || (check.kind === 'http' && publicHostOnly(context, check.port)))) return execHandler(test);
  // An HTTPS check of `localhost` sends that name for the certificate (SNI); the kubelet's probe goes
  // to the pod's address with none, which a server choosing its certificate by name refuses:
  // api-platform's FrankenPHP (Caddy, site `localhost`) failed every probe and was restarted forever.
  if (check?.kind === 'http' && check.serverName !== undefined) return execHandler(test);
  if (check?.kind === 'tcp') return { tcpSocket: { port: check.port } };
  if (check) {
    return {
      httpGet: {
        path: check.path,
        port: check.port,
        scheme: check.scheme,
        // Checks are shared between services (networkCheckOf caches them): each probe gets its own headers.
        ...(check.headers.length > 0 ? { httpHeaders: check.headers.map((header) => ({ ...header })) } : {}),
      },
    };
  }
  return execHandler(test);
}

/**
 * The kubelet sends httpGet and tcpSocket probes to the pod's address: a port the service binds to the
 * loopback address alone (tailscale's healthz at TS_LOCAL_ADDR_PORT=127.0.0.1:41234) never answers
 * them, so the check stays the command that calls it from inside the container, as Docker runs it.
 */
function loopbackOnly(context: ServiceContext, port: number): boolean {
  const binding = loopbackListener(context.service, port);
  if (binding) {
    context.warn(
      `${binding.setting} binds port ${port} to the loopback address (${binding.address}), which the kubelet's httpGet and tcpSocket probes (sent to the pod's address) cannot reach: the healthcheck stays a command run in the container`,
      binding.settingKey,
    );
  }
  return binding !== undefined;
}

/**
 * An HTTP check of the loopback address on the port the site's public name gives (OpenProject's
 * OPENPROJECT_HOST__NAME=localhost:8080, checked with `curl -f http://localhost:8080/…`): the
 * request carries the Host the application expects, which an httpGet sent with the pod's address
 * would not, so the check stays the command Docker runs.
 */
function publicHostOnly(context: ServiceContext, port: number): boolean {
  const named = loopbackPublicHost(context.service, port);
  if (named) {
    context.warn(
      `${named.setting} names the site ${named.address}, the address the healthcheck calls: an httpGet probe would send the pod's address as its Host, which an application that checks the Host header refuses, so the healthcheck stays a command run in the container`,
      named.settingKey,
    );
  }
  return named !== undefined;
}

/**
 * The pod's own hostname, which its /etc/hosts maps to the pod's address: a healthcheck that calls it
 * (kept by the wiring, as a server may listen on that address alone: Kafka's
 * `PLAINTEXT://kafka:9092`) fetches from the container itself, as the kubelet's httpGet and tcpSocket
 * probes, sent to the pod's address, do. Not a StatefulSet's: its controller names the pod's host.
 */
function ownHostname(context: ServiceContext): string | undefined {
  const hostname = context.service.hostname?.toLowerCase();
  return hostname !== undefined && context.workload !== 'StatefulSet' && [undefined, 'bridge', 'default'].includes(context.service.networkMode) && isDns1123Label(hostname) ? hostname : undefined;
}

/**
 * The test with the pod's own hostname, where it stands as a host (a word's start, after `//` or `@`),
 * read as localhost: only to recognise the check. Not in a path: StrangeBee's TheHive checks
 * `thehive:9000/thehive/api/status`, whose probe went to /localhost/api/status (until 2026-12-07).
 */
function asLocal(test: readonly string[], hostname: string | undefined): readonly string[] {
  if (hostname === undefined) return test;
  const host = new RegExp(String.raw`(^|[@\s'"=]|//)${hostname}(?=[:/\s'"]|$)`, 'gi');
  return test.map((word, index) => (index === 0 ? word : word.replace(host, '$1localhost')));
}

function execHandler(test: readonly string[]): Handler {
  const [kind, ...args] = test;
  // Docker runs CMD-SHELL tests with the image's /bin/sh, prepended to all the items after it
  // (moby daemon/health.go): items after the first are the script's $0, $1, …, not its words.
  return { exec: { command: kind === 'CMD-SHELL' ? ['sh', '-c', ...args] : args } };
}

/** `["CMD-SHELL", "pg_isready", "-d", "x"]` runs `pg_isready` alone: likely not what the file meant. */
function warnShellParameters(context: ServiceContext, test: readonly string[], key: string): void {
  const [kind, script, ...parameters] = test;
  if (kind !== 'CMD-SHELL' || parameters.length === 0) return;
  const quoted = parameters.map((item) => `'${item}'`).join(', ');
  const positions = parameters.map((_, index) => `$${index}`).join(', ');
  context.warn(
    `CMD-SHELL runs only its first item, '${script}', as the shell command, as Docker does; the other items (${quoted}) are the shell's ${positions} (write the test as one string, or use CMD, to run them as arguments)`,
    key,
  );
}

/** Kubernetes counts probe timing in whole seconds (at least 1); Docker in nanoseconds. */
function wholeSeconds(context: ServiceContext, milliseconds: number, key: string): number {
  const seconds = int32(Math.max(1, Math.ceil(milliseconds / 1000)), key, context, 'seconds');
  if (seconds * 1000 !== milliseconds) {
    context.warn(`${milliseconds}ms rounded up to ${seconds}s: probes count whole seconds`, key);
  }
  return seconds;
}
