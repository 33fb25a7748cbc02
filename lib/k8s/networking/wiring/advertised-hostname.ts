/**
 * A Kafka broker that advertises a listener without a host (`INSIDE://:9092`) sends its clients to
 * its own host name: Kafka puts the machine's canonical host name there. In compose that is the
 * container's (its short id), which Docker's DNS resolves on the network; a Deployment's pod is
 * named `kafka-<hash>-<suffix>`, which resolves nowhere else. apache/flink-playgrounds'
 * operations-playground advertised `INSIDE://:9092,OUTSIDE://:9094`: its clients bootstrapped
 * through `kafka:9092` and were then sent to a name no pod resolves (until 2026-12-07). Without
 * advertised listeners, Kafka advertises its listeners, so a host-less one there does the same
 * (bitnami's `KAFKA_CFG_LISTENERS=PLAINTEXT://:9092`); the controller listeners of KRaft are never
 * advertised.
 */

/** The variables, by image family, that set the listeners Kafka advertises, then those it listens on. */
const ADVERTISED = ['KAFKA_ADVERTISED_LISTENERS', 'KAFKA_CFG_ADVERTISED_LISTENERS'] as const;
const LISTENING = ['KAFKA_LISTENERS', 'KAFKA_CFG_LISTENERS'] as const;
const CONTROLLER_NAMES = ['KAFKA_CONTROLLER_LISTENER_NAMES', 'KAFKA_CFG_CONTROLLER_LISTENER_NAMES'] as const;

/** `NAME://:PORT`: a listener whose host is left out. */
const HOSTLESS_LISTENER = /^([A-Za-z_][\w-]*):\/\/:(\d+)$/;

export interface AdvertisedHostname {
  /** The variable that sets the listener. */
  readonly variable: string;
  /** The listener as written: `INSIDE://:9092`. */
  readonly listener: string;
  /** The variable sets the advertised listeners; else those Kafka listens on, which it advertises without them. */
  readonly advertised: boolean;
}

type Environment = Readonly<Record<string, string | null>>;

const valueOf = (environment: Environment, names: readonly string[]): { readonly variable: string; readonly value: string } | undefined => {
  for (const variable of names) {
    const value = Object.hasOwn(environment, variable) ? environment[variable] : undefined;
    if (typeof value === 'string' && value.trim() !== '') return { variable, value };
  }
  return undefined;
};

/** The first host-less listener the service's Kafka advertises, or undefined. */
export function advertisedHostname(environment: Environment): AdvertisedHostname | undefined {
  const setting = valueOf(environment, ADVERTISED) ?? valueOf(environment, LISTENING);
  if (setting === undefined) return undefined;
  const advertised = ADVERTISED.some((name) => name === setting.variable);
  const controllers = new Set((valueOf(environment, CONTROLLER_NAMES)?.value ?? '').split(',').map((name) => name.trim()));
  for (const entry of setting.value.split(',')) {
    const listener = entry.trim();
    const name = HOSTLESS_LISTENER.exec(listener)?.[1];
    if (name !== undefined && (advertised || !controllers.has(name))) return { variable: setting.variable, listener, advertised };
  }
  return undefined;
}
