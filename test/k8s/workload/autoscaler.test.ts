import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const service = (autoscale: string, extra = ''): string =>
  `services:\n  api:\n    image: nginx:1.27\n${extra}    x-kubernetes:\n      autoscale: ${autoscale}\n`;

describe('x-kubernetes.autoscale', () => {
  it('is an autoscaling/v2 HorizontalPodAutoscaler of the Deployment, whose pods request CPU', () => {
    const result = convertCompose(service('{ min: 2, max: 5, cpu: 60 }'));
    const hpa = result.object('HorizontalPodAutoscaler', 'api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    // Utilization is a share of the request: without one the controller cannot scale.
    expect(result.object('Deployment', 'api').spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
    expect(result.warningsAt('services.api.x-kubernetes.autoscale')).toEqual([]);
  });

  it('starts from the replicas the service asks for, and says when it picks the metric', () => {
    const result = convertCompose(service('{ max: 8 }', '    deploy:\n      replicas: 3\n'));
    const spec = result.object('HorizontalPodAutoscaler', 'api').spec;
    expect(spec.minReplicas).toBe(3);
    expect(spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(result.warningsAt('services.api.x-kubernetes.autoscale')).toEqual([expect.stringContaining("Kubernetes' default")]);
  });

  it('leaves the workload\'s replicas to it, so that an apply does not scale the pods back down; without one they stay', () => {
    for (const workload of ['Deployment', 'StatefulSet'] as const) {
      const scaled = convertCompose(`${service(`{ max: 8 }\n      workload: ${workload}`, '    deploy:\n      replicas: 3\n')}`);
      expect(scaled.object(workload, 'api').spec).not.toHaveProperty('replicas');
      expect(scaled.object('HorizontalPodAutoscaler', 'api').spec.minReplicas).toBe(3);
    }
    const unscaled = convertCompose(service('{ min: 4, max: 2 }', '    deploy:\n      replicas: 3\n'));
    expect(unscaled.object('Deployment', 'api').spec.replicas).toBe(3);
  });

  it('is left out, with a warning, without max, with min above max, or for a DaemonSet', () => {
    for (const [autoscale, extra, message] of [
      ['{ min: 2 }', '', 'needs max'],
      ['{ min: 4, max: 2 }', '', 'min 4 is above max 2'],
      ['{ max: 4 }', '    deploy:\n      mode: global\n', 'a DaemonSet cannot be autoscaled'],
    ] as const) {
      const result = convertCompose(service(autoscale, extra));
      expect(result.objects('HorizontalPodAutoscaler')).toEqual([]);
      expect(result.warningsAt('services.api.x-kubernetes.autoscale')).toEqual([expect.stringContaining(message)]);
    }
  });
});
