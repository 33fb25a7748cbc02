/**
 * Ports an image binds to the loopback address unless told otherwise: Caddy serves its admin API on
 * `localhost:2019` (caddy-docker-proxy logs "admin endpoint started … localhost:2019"), which only the
 * container itself reaches. Seafile's caddy.yml checks it with `curl --fail
 * http://localhost:2019/metrics`: made an httpGet probe, which the kubelet sends to the pod's address,
 * it was refused on every try, so caddy never became ready and its liveness probe restarted it
 * forever (until 2026-12-07).
 */
import type { Service } from '../../compose/model.ts';
import { parseImage } from '../workload/image-profiles.ts';

export interface ImageLoopbackPort {
  readonly port: number;
  /** The loopback address the image listens on, as its software writes it. */
  readonly address: string;
  /** What it is, for messages: `Caddy's admin API`. */
  readonly what: string;
  /** The variable that moves it elsewhere; when the service sets it, the image's default does not hold. */
  readonly variable: string;
}

const CADDY_ADMIN: ImageLoopbackPort = { port: 2019, address: 'localhost:2019', what: "Caddy's admin API", variable: 'CADDY_ADMIN' };

/** By the repository's last path segment: Caddy's official image and the images built on it. */
const BY_BASENAME: Readonly<Record<string, readonly ImageLoopbackPort[]>> = {
  caddy: [CADDY_ADMIN],
  'caddy-docker-proxy': [CADDY_ADMIN],
};

/** The port the service's image binds to the loopback address by default, unless the service moves it. */
export function imageLoopbackPort(service: Service, port: number): ImageLoopbackPort | undefined {
  if (service.image === undefined) return undefined;
  const { repository } = parseImage(service.image);
  const basename = repository.slice(repository.lastIndexOf('/') + 1);
  const known = Object.hasOwn(BY_BASENAME, basename) ? BY_BASENAME[basename] : undefined;
  const entry = known?.find((candidate) => candidate.port === port);
  if (entry === undefined || Object.hasOwn(service.environment, entry.variable)) return undefined;
  return entry;
}
