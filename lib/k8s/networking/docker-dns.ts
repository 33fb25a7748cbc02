/**
 * 127.0.0.11 is the DNS server Docker embeds in every user-defined network; compose stacks write it
 * where a program needs a resolver of its own, above all nginx (`resolver 127.0.0.11 valid=2s;` so
 * that `server app:9000 resolve;` follows the container's address: nextcloud/docker's fpm examples).
 * A pod has no such server: there the address is the pod's loopback interface, where nothing answers,
 * so each name resolves to nothing and nginx answers 502. The cluster's DNS Service has an address
 * of its own in each cluster, so the converter does not guess a rewrite; it says where the address
 * is written and what to write instead.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { sourceCodeReason } from '../storage/bind-kinds.ts';

/** The address alone: not part of a longer address (`127.0.0.110`, `10.127.0.0.11`). */
const DOCKER_DNS = /(?<![\d.])127\.0\.0\.11(?![\d])/;

const MESSAGE =
  "127.0.0.11 is Docker's embedded DNS server, which a pod does not have: a resolver set to it (nginx's `resolver 127.0.0.11`) resolves no name on Kubernetes, so its upstreams are never found; write the cluster DNS Service's address instead (kubectl -n kube-system get service kube-dns)";

/** Where the service's settings and the files its pods get write 127.0.0.11: one warning at each. */
export function reportDockerDns(project: ComposeProject, service: Service, warn: Warn): void {
  for (const field of ['entrypoint', 'command'] as const) {
    const words = service[field] ?? [];
    const index = words.findIndex((word) => DOCKER_DNS.test(word));
    if (index >= 0) warn(MESSAGE, `services.${service.name}.${field}.${index}`);
  }
  for (const [name, value] of Object.entries(service.environment)) {
    if (value !== null && DOCKER_DNS.test(value)) warn(MESSAGE, `services.${service.name}.environment.${name}`);
  }
  service.configs.forEach((reference, index) => {
    const value = project.configs[reference.source]?.value;
    if (value !== undefined && DOCKER_DNS.test(value)) warn(MESSAGE, `services.${service.name}.configs.${index}`);
  });
  service.volumes.forEach((mount, index) => {
    if (mount.type !== 'bind') return;
    const host = Object.hasOwn(project.hostFiles, mount.source) ? project.hostFiles[mount.source] : undefined;
    // Source code the image carries is not mounted: what it writes is the image's.
    if (host === undefined || sourceCodeReason(service, mount, host) !== undefined) return;
    const texts = host.kind === 'file' ? [host] : host.kind === 'directory' ? Object.values(host.entries) : [];
    if (texts.some((file) => !file.binary && DOCKER_DNS.test(file.content))) warn(MESSAGE, `services.${service.name}.volumes.${index}`);
  });
}
