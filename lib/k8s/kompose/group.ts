import type { LabelFamily } from './label-family.ts';

/** kompose.service.group: containers that share one pod. */
export const group: LabelFamily = {
  labels: {
    'kompose.service.group': 'reported: use `network_mode: service:<other>` on each service that joins the other\'s pod',
  },
  translate(labels) {
    if (labels.value('kompose.service.group') === undefined) return;
    labels.warn('kompose.service.group', "not translated: the service keeps a pod of its own; set network_mode: service:<other> to run it in the other service's pod");
  },
};
