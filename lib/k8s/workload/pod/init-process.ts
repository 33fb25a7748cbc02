import type { ServiceContext } from '../../plan/context.ts';
import { podJoiners } from '../shared-pods.ts';

/**
 * `init: true` runs Docker's init (tini) as the container's PID 1, which reaps the zombies of the
 * processes the application spawns and orphans (a headless browser, shell scripts): without it they
 * pile up until the container runs out of process ids. A pod whose containers share one process
 * namespace has the pod's pause process as PID 1, which reaps them likewise; the application is
 * then no PID 1 either, as under tini. Set for the pod when its service or a service joined to its
 * pod (`network_mode: service:…`) asks for it.
 */
export function sharesProcessNamespace(context: ServiceContext): true | undefined {
  const { project, service } = context;
  const asks = (name: string): boolean => project.services[name]?.raw['init'] === true;
  return asks(service.name) || podJoiners(project, service.name).some(asks) ? true : undefined;
}
