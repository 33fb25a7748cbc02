/**
 * `init: true` on the real API server: the pod shares one process namespace (its pause process reaps
 * zombies, as Docker's init does), which restricted Pod Security admits and the API server keeps.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { composeUnit } from '../../tools/cluster/units.ts';
import { adminKubectl } from './support.ts';

const kubectl = adminKubectl();
const namespace = 'init-process';
const directory = mkdtempSync(join(tmpdir(), 'init-process-'));

afterAll(async () => {
  await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
  rmSync(directory, { recursive: true, force: true });
});

describe('init: true on a real API server', () => {
  it('admits the pods that share their process namespace, and keeps the setting', async () => {
    writeFileSync(
      join(directory, 'compose.yaml'),
      `services:
  browser:
    image: browserless/chrome:1.61
    init: true
    expose: ["3000"]
  api:
    image: nginx:1.27
    expose: ["80"]
`,
    );
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    const deployments = await getItems<{ metadata: { name: string }; spec: { template: { spec: { shareProcessNamespace?: boolean } } } }>(kubectl, ['deployments', '-n', namespace]);
    expect(Object.fromEntries(deployments.map((deployment) => [deployment.metadata.name, deployment.spec.template.spec.shareProcessNamespace]))).toEqual({ api: undefined, browser: true });
  });
});
