import type { WorkloadKind } from '../options/options.ts';
import { booleanLabel, integerLabel, lookup, type LabelFamily } from './label-family.ts';

const CONTROLLERS: Readonly<Record<string, WorkloadKind>> = { deployment: 'Deployment', daemonset: 'DaemonSet', statefulset: 'StatefulSet' };

/** kompose.controller.* and kompose.cronjob.*: the workload that runs the service. */
export const controller: LabelFamily = {
  labels: {
    'kompose.controller.type': 'deployment, daemonset, statefulset → `workload`; replicationcontroller → reported (use Deployment, its successor)',
    'kompose.controller.port.expose': 'reported: host ports are not written; use `exposure: NodePort` or `LoadBalancer`',
    'kompose.cronjob.schedule': '`workload: CronJob` with `schedule`',
    'kompose.cronjob.concurrency_policy': 'Forbid → what every CronJob has here; Allow, Replace → reported (runs never overlap, as compose runs one container per service)',
    'kompose.cronjob.backoff_limit': 'reported: the Job\'s backoffLimit comes from `deploy.restart_policy.max_attempts`',
  },
  translate(labels) {
    const type = labels.value('kompose.controller.type');
    if (type !== undefined) {
      const workload = lookup(CONTROLLERS, type);
      if (workload) labels.options('kompose.controller.type', { workload });
      else if (type.trim().toLowerCase() === 'replicationcontroller') labels.warn('kompose.controller.type', 'ReplicationControllers are not written; the service runs as a Deployment, their successor');
      else labels.warn('kompose.controller.type', `'${type}' is not a Kompose controller type (deployment, daemonset, statefulset, replicationcontroller); the label is not translated`);
    }
    const hostPorts = labels.value('kompose.controller.port.expose');
    if (hostPorts !== undefined && booleanLabel(hostPorts)) {
      labels.warn('kompose.controller.port.expose', 'host ports are not written (they pin each pod to a node port of its own); use x-kubernetes.exposure: NodePort or LoadBalancer');
    }
    const schedule = labels.value('kompose.cronjob.schedule');
    if (schedule !== undefined) labels.options('kompose.cronjob.schedule', { workload: 'CronJob', schedule: schedule.trim() });
    const concurrency = labels.value('kompose.cronjob.concurrency_policy');
    if (concurrency !== undefined && concurrency.trim().toLowerCase() !== 'forbid') {
      labels.warn('kompose.cronjob.concurrency_policy', `${concurrency} is not translated: a CronJob's runs never overlap here (concurrencyPolicy Forbid), as compose runs one container per service`);
    }
    const backoffLimit = integerLabel(labels, 'kompose.cronjob.backoff_limit');
    if (backoffLimit !== undefined) {
      labels.warn('kompose.cronjob.backoff_limit', `not translated: the Job's backoffLimit comes from deploy.restart_policy (condition on-failure, max_attempts: ${backoffLimit})`);
    }
  },
};
