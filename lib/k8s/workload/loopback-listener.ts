import type { Service } from '../../compose/model.ts';

/** Where a service binds a port to the loopback address: the compose key, what sets it, and the address alone (never the whole value, which may hold a secret). */
export interface LoopbackBinding {
  readonly key: string;
  readonly setting: string;
  readonly address: string;
}

/**
 * A bare `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` — a listen address, as tailscale's
 * TS_LOCAL_ADDR_PORT or a `--listen=` flag writes it. After `//` or `user@` it is a URL, which names
 * where a client goes (the service's public URL, a pod-mate), not where the service listens.
 */
const LOOPBACK_ADDRESS = /(?:^|[^\w./@-])((?:127\.0\.0\.1|localhost|\[::1\]):(\d+))(?!\d)/gi;

/**
 * The setting by which the service listens on `port` of the loopback address only, if it has one:
 * an environment value, else a word of its command or entrypoint.
 */
export function loopbackBinding(service: Service, port: number): LoopbackBinding | undefined {
  const boundAddress = (text: string) => [...text.matchAll(LOOPBACK_ADDRESS)].find((match) => Number(match[2]) === port)?.[1];
  for (const [name, value] of Object.entries(service.environment)) {
    const address = value === null ? undefined : boundAddress(value);
    if (address !== undefined) return { key: `services.${service.name}.environment.${name}`, setting: name, address };
  }
  for (const field of ['command', 'entrypoint'] as const) {
    for (const word of service[field] ?? []) {
      const address = boundAddress(word);
      if (address !== undefined) return { key: `services.${service.name}.${field}`, setting: `its ${field}`, address };
    }
  }
  return undefined;
}
