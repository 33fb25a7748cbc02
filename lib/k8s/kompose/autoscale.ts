import { integerLabel, type LabelFamily } from './label-family.ts';

/** kompose.hpa.*: a HorizontalPodAutoscaler. */
export const autoscale: LabelFamily = {
  labels: {
    'kompose.hpa.cpu': '`autoscale.cpu` (percent of the CPU request)',
    'kompose.hpa.memory': '`autoscale.memory` (average use per pod)',
    'kompose.hpa.replicas.min': '`autoscale.min`',
    'kompose.hpa.replicas.max': '`autoscale.max`',
  },
  translate(labels) {
    const cpu = labels.value('kompose.hpa.cpu');
    if (cpu !== undefined) {
      const percent = /^\s*([0-9]+)\s*%?\s*$/.exec(cpu)?.[1];
      if (percent === undefined) labels.warn('kompose.hpa.cpu', `'${cpu}' is not a percentage; the label is not translated`);
      else labels.options('kompose.hpa.cpu', { autoscale: { cpu: Number(percent) } });
    }
    const memory = labels.value('kompose.hpa.memory');
    if (memory !== undefined) labels.options('kompose.hpa.memory', { autoscale: { memory: memory.trim() } });
    const min = integerLabel(labels, 'kompose.hpa.replicas.min');
    if (min !== undefined) labels.options('kompose.hpa.replicas.min', { autoscale: { min } });
    const max = integerLabel(labels, 'kompose.hpa.replicas.max');
    if (max !== undefined) labels.options('kompose.hpa.replicas.max', { autoscale: { max } });
  },
};
