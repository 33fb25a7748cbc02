import type { ServiceContext } from '../../plan/context.ts';
import { isDns1123Label } from '../../names/names.ts';

/**
 * `hostname` → the pod's `hostname`, when it is a DNS label, but in a StatefulSet: its controller
 * sets every pod's hostname to the pod's name (`rabbitmq1-0`), whatever the template says.
 * serkodev/rabbitmq-cluster-docker's brokers have volumes (StatefulSets) and `hostname: rabbitmqN`,
 * from which RabbitMQ names its node; rabbitmq2 joins `rabbit@rabbitmq1`, a node that is
 * `rabbit@rabbitmq1-0` on Kubernetes. Until 2026-12-07 the template carried the hostname, which
 * the controller dropped without a word; it is now said once, and the dead field left out.
 * The first label of a dotted name the others reach the service by is kept as the pod's domain name
 * (wiring/pod-domain-names.ts, which leaves it only where compose's hostname is that label or that
 * name, and never in a StatefulSet).
 */
export function hostname(context: ServiceContext): string | undefined {
  const { service, warn } = context;
  if (context.podDomain) return context.podDomain.hostname;
  if (service.hostname === undefined) return undefined;
  if (!isDns1123Label(service.hostname)) {
    warn(`hostname '${service.hostname}' is not a DNS label, so the pod keeps its own`, `services.${service.name}.hostname`);
    return undefined;
  }
  if (context.workload === 'StatefulSet') {
    const own = context.names[service.name] ?? service.name;
    warn(
      `hostname '${service.hostname}' is not the pod's: a StatefulSet's controller names each pod's host after the pod ('${own}-0'), so what the program derives from its own hostname (a node name such as RabbitMQ's rabbit@${service.hostname}, an address it advertises) is '${own}-0'; other services still reach the pod as '${service.hostname}' where a Service answers to that name (set x-kubernetes.workload: Deployment to keep the hostname)`,
      `services.${service.name}`,
    );
    return undefined;
  }
  return service.hostname;
}
