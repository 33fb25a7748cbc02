import type { LabelFamily } from './label-family.ts';

/** kompose.service.group: containers that share one pod. */
export const group: LabelFamily = {
  labels: {
    'kompose.service.group': "the group's services run as containers of one pod, hosted by the first by name that publishes ports (else the first by name), as `network_mode: service:<host>` (workload/shared-pods.ts)",
  },
  // Groups span services: the pods are shared before the rules run (workload/shared-pods.ts).
  translate: () => undefined,
};
