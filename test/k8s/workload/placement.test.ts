import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import type { Deploy } from '../../../lib/compose/model.ts';
import type { ServiceOptions } from '../../../lib/k8s/options/options.ts';
import { placementFor } from '../../../lib/k8s/workload/placement.ts';
import { makeDeploy, makeService } from '../../support/model.ts';
import { contextFor } from '../support/collecting-context.ts';

function place(placement: Partial<Deploy['placement']>, locations = {}, options: ServiceOptions = {}) {
  const full = { constraints: [], preferences: [], ...placement };
  const context = contextFor(makeService('web_app', { deploy: makeDeploy({ placement: full }) }), { project: { locations }, options });
  return { result: () => placementFor(context), warnings: context.warnings };
}

const SELECTOR = { 'app.kubernetes.io/name': 'web-app', 'app.kubernetes.io/instance': 'demo' };

describe('placementFor', () => {
  it('places nothing without constraints', () => {
    expect(place({}).result()).toEqual({});
  });

  it('turns node label equality into a nodeSelector and inequality into NotIn affinity', () => {
    const { result } = place({ constraints: ['node.labels.meshtastic == true', 'node.labels.disk!=hdd'] });
    expect(result()).toEqual({
      nodeSelector: { meshtastic: 'true' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }] }],
          },
        },
      },
    });
  });

  it('prefers the control plane for managers, tolerates its taint and says why it is not required', () => {
    const { result, warnings } = place({ constraints: ['node.role == manager'] });
    expect(result()).toEqual({
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, preference: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] } },
          ],
        },
      },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    });
    expect(warnings.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/^placement constraint 'node.role == manager' becomes a preference: managed clusters have no schedulable control-plane nodes/),
    ]);
  });

  it('prefers workers off the control plane, keeping required constraints required', () => {
    for (const constraint of ['node.role == worker', 'node.role != manager']) {
      const placement = place({ constraints: [constraint, 'node.labels.disk != hdd'] }).result();
      expect(placement.tolerations).toBeUndefined();
      expect(placement.affinity?.nodeAffinity).toEqual({
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, preference: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] } },
        ],
      });
    }
  });

  it("'node.role != worker' is a manager constraint", () => {
    const placement = place({ constraints: ['node.role != worker'] }).result();
    expect(placement.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.[0]?.preference.matchExpressions).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
    ]);
    expect(placement.tolerations).toHaveLength(1);
  });

  it('requires the role only when the nodeRole option asks, without the warning', () => {
    const manager = place({ constraints: ['node.role == manager'] }, {}, { nodeRole: 'required' });
    expect(manager.result()).toEqual({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] }],
          },
        },
      },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    });
    expect(manager.warnings).toEqual([]);
    const worker = place({ constraints: ['node.role == worker', 'node.labels.disk != hdd'] }, {}, { nodeRole: 'required' }).result();
    expect(worker.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchExpressions).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' },
      { key: 'disk', operator: 'NotIn', values: ['hdd'] },
    ]);
    expect(worker.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
  });

  it('maps hostname, OS and architecture to the well-known labels', () => {
    const { result } = place({ constraints: ['node.hostname == edge-1', 'node.platform.os == linux', 'node.platform.arch == aarch64'] });
    expect(result().nodeSelector).toEqual({ 'kubernetes.io/hostname': 'edge-1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' });
    const other = place({ constraints: ['node.hostname != edge-2'] }).result();
    expect(other.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchExpressions).toEqual([
      { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['edge-2'] },
    ]);
  });

  it('warns about engine labels and node ids', () => {
    const { result, warnings } = place({ constraints: ['engine.labels.operatingsystem == ubuntu', 'node.id == 2ivku8v2gvtg'] });
    expect(result()).toEqual({});
    expect(warnings.map((w) => w.key)).toEqual([
      'services.web_app.deploy.placement.constraints.0',
      'services.web_app.deploy.placement.constraints.1',
    ]);
  });

  it('spreads over node labels softly, selecting the service pods', () => {
    const { result } = place({ preferences: [{ spread: 'node.labels.zone' }] });
    expect(result().topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR } },
    ]);
  });

  it('keeps one replica per node for max_replicas_per_node 1 and warns for other values', () => {
    expect(place({ maxReplicasPerNode: 1 }).result().affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } }],
      },
    });
    const two = place({ maxReplicasPerNode: 2 });
    expect(two.result()).toEqual({});
    expect(two.warnings).toHaveLength(1);
  });

  it('rejects invalid constraints with the key and its location', () => {
    const location = { file: '/project/compose.yaml', line: 12, column: 11 };
    const { result } = place({ constraints: ['node.labels.zone = east'] }, { 'services.web_app.deploy.placement.constraints.0': location });
    expect(result).toThrow(ComposeError);
    try {
      result();
    } catch (error) {
      expect(error).toMatchObject({ key: 'services.web_app.deploy.placement.constraints.0', location });
      expect((error as ComposeError).message).toMatch(/node.labels.zone = east/);
    }
  });

  it('rejects constraints no node can meet or Kubernetes cannot express', () => {
    expect(place({ constraints: ['node.role == boss'] }).result).toThrow(/manager or worker/);
    expect(place({ constraints: ['node.labels.zone == a', 'node.labels.zone == b'] }).result).toThrow(/no node can match/);
    expect(place({ constraints: ['node.labels.zone == east coast'] }).result).toThrow(/not a valid Kubernetes node label/);
  });
});
