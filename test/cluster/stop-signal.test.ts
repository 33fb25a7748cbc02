/**
 * compose's `stop_signal` on the real Kubernetes 1.37 API server: its counterpart,
 * `lifecycle.stopSignal` (KEP-4960, with `spec.os.name`), is behind the ContainerStopSignals
 * feature gate, alpha and off by default through 1.37. The API server then admits a pod template
 * that sets it and drops the field without a word: a translation would be a silent loss on every
 * cluster that does not turn the gate on (no managed one does), so convert keeps reporting
 * `stop_signal`, with what to do instead. This test fails once a release keeps the field by
 * default: then translate it.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { getItems, type KubeObject } from '../../tools/cluster/kubectl.ts';
import { scratchProject } from './support.ts';

const { kubectl, namespace } = scratchProject('stop-signal');

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', namespace },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        os: { name: 'linux' },
        containers: [{ name: 'nginx', image: 'nginx:1.27', lifecycle: { stopSignal: 'SIGQUIT' } }],
      },
    },
  },
};

describe('lifecycle.stopSignal on the real API server', () => {
  it('is admitted and dropped without a word, so stop_signal stays reported', async () => {
    expect((await kubectl(['create', 'namespace', namespace])).code).toBe(0);
    const applied = await kubectl(['apply', '--server-side', '--field-manager', 'stop-signal', '-f', '-'], stringify(deployment));
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toBe('');
    const [stored] = await getItems<KubeObject>(kubectl, ['deployment', 'nginx', '-n', namespace]);
    const container = stored!.spec.template.spec.containers[0];
    expect(stored!.spec.template.spec.os).toEqual({ name: 'linux' });
    expect(container.lifecycle?.stopSignal).toBeUndefined();
  });
});
