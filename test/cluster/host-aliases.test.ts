/**
 * `extra_hosts` as real compose files write them, applied to the real API server: Docker takes
 * `"in5.localhost:192.168.0.124 "` (invoiceninja's compose file, a space after the address) and host
 * names in any case, and the API server refuses the whole workload for an address with a space or a
 * host name with capitals. Before, all three Deployments of that stack were refused. What the API
 * server cannot take at all (not an address, `my_nas`) is reported by convert and left out, so the
 * workload is still admitted.
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
const namespace = 'host-aliases';
const directory = mkdtempSync(join(tmpdir(), 'host-aliases-'));

afterAll(async () => {
  await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
  rmSync(directory, { recursive: true, force: true });
});

describe('extra_hosts on a real API server', () => {
  it('admits the workload with the aliases Docker would give, and says which entries it left out', async () => {
    writeFileSync(
      join(directory, 'compose.yaml'),
      `services:
  app:
    image: nginx:1.27
    extra_hosts:
      - "in5.localhost:192.168.0.124 " #host and ip
      - " Printer.LAN = 10.0.0.9"
      - "nas:not-an-address"
      - "my_nas:10.0.0.7"
`,
    );
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    expect(unit.warnings).toContain("'not-an-address' is not an IP address");
    expect(unit.warnings).toContain("'my_nas' is not a host name Kubernetes accepts");
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    const [deployment] = await getItems<{ spec: { template: { spec: { hostAliases?: unknown } } } }>(kubectl, ['deployments', '-n', namespace]);
    expect(deployment?.spec.template.spec.hostAliases).toEqual([
      { ip: '192.168.0.124', hostnames: ['in5.localhost'] },
      { ip: '10.0.0.9', hostnames: ['printer.lan'] },
    ]);
  });
});
