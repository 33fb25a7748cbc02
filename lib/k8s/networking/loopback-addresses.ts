/**
 * Loopback addresses a service writes (`127.0.0.1:8428`, `localhost:9093`, `[::1]:80`) in its
 * environment, command and entrypoint. Where one stands says what it is: a bare one is where the
 * service listens (tailscale's `TS_LOCAL_ADDR_PORT=127.0.0.1:41234`); after `//` or `user@` it is a
 * URL's host, where a client goes. Both mean the pod itself on Kubernetes.
 */
import type { Service } from '../../compose/model.ts';
import { imageLoopbackPort } from './image-loopback-ports.ts';

export interface LoopbackAddress {
  /** The address alone (never the whole value, which may hold a secret). */
  readonly address: string;
  readonly port: number;
  /** The host of a URL (`http://127.0.0.1:8428`, `u:pw@localhost:5432`), not a listen address. */
  readonly inUrl: boolean;
  /**
   * Written where a server is told where to listen: after a listen or bind keyword on its line
   * (`listen = 127.0.0.1:8080`, gnatsd's `listen: 127.0.0.1:4222`, `--bind-addr=…`), or as the value
   * of a variable named for one (`HTTP_LISTEN`, `BIND_ADDRESS`).
   */
  readonly listens: boolean;
  /** The compose key of the value that holds it (`services.x.environment.NAME`, `services.x.command.2`). */
  readonly key: string;
  /** The setting that holds it, and its key: the variable, or `its command` (`services.x.command`). */
  readonly setting: string;
  readonly settingKey: string;
}

const LOOPBACK = /(?<![\w.-])(?:127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})(?!\d)/gi;

/** A text that may hold loopback addresses, and where it is set. */
export interface LoopbackText {
  readonly text: string;
  readonly key: string;
  readonly setting: string;
  readonly settingKey: string;
}

/** The probes ask for each port twice (a listener, a public name): each service's texts are searched once. */
const addressesOf = new WeakMap<Service, readonly LoopbackAddress[]>();

/** Every loopback address the service writes: entrypoint and command words, then environment values. */
export function loopbackAddresses(service: Service): readonly LoopbackAddress[] {
  let found = addressesOf.get(service);
  if (found === undefined) {
    found = serviceLoopbackAddresses(service);
    addressesOf.set(service, found);
  }
  return found;
}

function serviceLoopbackAddresses(service: Service): LoopbackAddress[] {
  const texts: LoopbackText[] = [];
  for (const field of ['entrypoint', 'command'] as const) {
    const settingKey = `services.${service.name}.${field}`;
    (service[field] ?? []).forEach((text, index) => texts.push({ text, key: `${settingKey}.${index}`, setting: `its ${field}`, settingKey }));
  }
  for (const [name, text] of Object.entries(service.environment)) {
    const key = `services.${service.name}.environment.${name}`;
    if (text) texts.push({ text, key, setting: name, settingKey: key });
  }
  return loopbackAddressesIn(texts);
}

/** A listen or bind keyword just before the address on its line, with the separators a file or flag puts between. */
const LISTEN_LEAD = /\b(?:listen|bind)[\w.-]*["']?[ \t]*[:=]?[ \t]*["']?$/i;
/** A variable named for where its program listens. */
export const LISTEN_SETTING = /(?:^|_)(?:LISTEN|BIND)(?:_|$)/i;

/** Every loopback address in `texts`, in their order. */
export function loopbackAddressesIn(texts: readonly LoopbackText[]): LoopbackAddress[] {
  const found: LoopbackAddress[] = [];
  for (const { text, ...where } of texts) {
    for (const match of text.matchAll(LOOPBACK)) {
      const before = match.index > 0 ? text[match.index - 1] : '';
      const inUrl = before === '/' || before === '@';
      const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
      const lead = text.slice(Math.max(lineStart, match.index - 48), match.index);
      const listens = !inUrl && (LISTEN_LEAD.test(lead) || LISTEN_SETTING.test(where.setting));
      found.push({ address: match[0], port: Number(match[1]), inUrl, listens, ...where });
    }
  }
  return found;
}

/**
 * Variables named for the name the site is reached by, which users type, not where it listens:
 * OpenProject's `OPENPROJECT_HOST__NAME=localhost:8080`, Taiga's `TAIGA_SITES_DOMAIN=localhost:9000`,
 * Flagsmith's `FLAGSMITH_DOMAIN`, Lemmy's `LEMMY_UI_LEMMY_EXTERNAL_HOST`. Read as OpenProject's bind
 * address, its web's healthcheck (curl localhost:8080) gave the Service no port, and the proxy
 * in front of it was not made to wait for it (until 2026-12-07).
 */
const PUBLIC_NAME = /(?:^|_)(?:DOMAIN|HOST_{0,2}NAME|EXTERNAL_HOST|PUBLIC_HOST|SERVER_NAME)$/i;

/** Whether the address is the value of a variable that names the site's public host (PUBLIC_NAME). */
export function namesPublicHost(address: LoopbackAddress): boolean {
  return address.key === address.settingKey && address.key.includes('.environment.') && PUBLIC_NAME.test(address.setting);
}

/**
 * The variable that names the site by a loopback address on `port` (PUBLIC_NAME), if one does: an
 * application that checks the Host header of a request against it (Rails' host authorization)
 * answers a check of that address from inside the container, and refuses the kubelet's httpGet,
 * which sends the pod's address as Host.
 */
export function loopbackPublicHost(service: Service, port: number): LoopbackAddress | undefined {
  return loopbackAddresses(service).find((address) => !address.inUrl && address.port === port && namesPublicHost(address));
}

/**
 * The setting by which the service listens on `port` of the loopback address only, if it has one: an
 * environment value before a command word, else its image's default (Caddy's admin API). A variable
 * that names the site's public host (PUBLIC_NAME) is where clients go, as a URL's host is.
 */
export function loopbackListener(service: Service, port: number): LoopbackAddress | undefined {
  const listeners = loopbackAddresses(service).filter((address) => !address.inUrl && address.port === port && !namesPublicHost(address));
  const written = listeners.find((address) => address.key === address.settingKey) ?? listeners[0];
  if (written !== undefined) return written;
  const image = imageLoopbackPort(service, port);
  if (image === undefined) return undefined;
  const key = `services.${service.name}.image`;
  return { address: image.address, port, inUrl: false, listens: true, key, setting: `the image (${image.what}, unless ${image.variable} moves it)`, settingKey: key };
}
