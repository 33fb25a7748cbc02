/**
 * compose `pre_start` hooks (compose-go 2.16) become init containers: on the real API server, with
 * Pod Security admission enforcing the namespace's level, the pod with the dependency wait and the
 * hooks (one with an image and a user of its own) is admitted and comes up.
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
const namespace = 'pre-start';
const directory = mkdtempSync(join(tmpdir(), 'pre-start-'));

afterAll(async () => {
  await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
  rmSync(directory, { recursive: true, force: true });
});

describe('pre_start hooks on a real API server', () => {
  it('admits the pod with its hooks as init containers after the waits, and it comes up', async () => {
    writeFileSync(
      join(directory, 'compose.yaml'),
      `services:
  db:
    image: postgres:16
    environment: {POSTGRES_PASSWORD: s3cret-Pa55-word}
    healthcheck: {test: ["CMD", "pg_isready"], interval: 5s}
  app:
    image: nginx:1.27
    user: "101"
    environment:
      DATABASE_URL: postgres://app:s3cret-Pa55-word@db/app
    depends_on: {db: {condition: service_healthy}}
    pre_start:
      - command: ["nginx", "-t"]
      - image: busybox:1.36
        command: ["sh", "-c", "echo ready"]
        user: "1000:1000"
`,
    );
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    expect(unit.warnings).not.toContain('pre_start');
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    const [deployment] = await getItems<{ spec: { template: { spec: { initContainers?: { name: string }[] } } } }>(kubectl, ['deployment/app', '-n', namespace]);
    expect(deployment?.spec.template.spec.initContainers?.map((container) => container.name)).toEqual(['wait-for-db', 'pre-start-1-app', 'pre-start-2-app']);
  });
});
