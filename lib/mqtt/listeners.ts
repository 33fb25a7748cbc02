/**
 * The listeners a mosquitto configuration opens, as mosquitto 2.0 reads it: one per `listener` block,
 * TLS where the block names a certfile, WebSockets by protocol, and whether it admits anonymous
 * clients (the block's own `allow_anonymous` under `per_listener_settings true`, else the file's;
 * mosquitto 2.0 defaults to false).
 */
export interface MosquittoListener {
  readonly port: number;
  /** The address it is bound to, when the block names one (`listener 1880 127.0.0.1`). */
  readonly bind?: string;
  readonly protocol: 'mqtt' | 'websockets';
  readonly tls: boolean;
  readonly anonymous: boolean;
}

/** The last value of an option in `text` (mosquitto keeps the last one). */
function option(text: string, name: string): string | undefined {
  return [...text.matchAll(new RegExp(`^${name}\\s+(\\S+)`, 'gm'))].at(-1)?.[1];
}

export function mosquittoListeners(config: string): MosquittoListener[] {
  const perListener = option(config, 'per_listener_settings') === 'true';
  return config.split(/^(?=listener\s)/m).slice(1).map((block) => {
    const [, port, bind] = /^listener\s+(\d+)(?:[ \t]+(\S+))?/.exec(block)!;
    return {
      port: Number(port),
      ...(bind === undefined ? {} : { bind }),
      protocol: option(block, 'protocol') === 'websockets' ? 'websockets' : 'mqtt',
      tls: option(block, 'certfile') !== undefined,
      anonymous: option(perListener ? block : config, 'allow_anonymous') === 'true',
    };
  });
}
