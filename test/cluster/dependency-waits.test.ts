/**
 * A dependency wait ends only when it checks a port the dependency's Service serves. The keycloak
 * stack never started: a Dockerfile in a mounted folder said `FROM postgres:11`, the tag was read as
 * port 11 of service postgres, and the wait looped on `nc -z postgres 11` forever. kwok runs no
 * containers, so the proof is that every wait's port is one the Service the API server holds serves.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { composeUnit } from '../../tools/cluster/units.ts';
import { IMAGE_REFERENCES_COMPOSE, IMAGE_REFERENCES_FILES } from '../support/image-references-stack.ts';
import { scratchProject } from './support.ts';

const { kubectl, namespace, directory } = scratchProject('dependency-waits');

interface Workload {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly template: { readonly spec: { readonly initContainers?: readonly { readonly name: string; readonly command?: readonly string[] }[] } } };
}
interface ServiceObject {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly ports?: readonly { readonly port: number }[] };
}

describe('dependency waits on a real API server', () => {
  it('wait on the ports the Services serve, whatever image tags the mounted files name', async () => {
    for (const [name, content] of Object.entries(IMAGE_REFERENCES_FILES)) {
      mkdirSync(dirname(join(directory, name)), { recursive: true });
      writeFileSync(join(directory, name), content);
    }
    writeFileSync(join(directory, 'compose.yaml'), IMAGE_REFERENCES_COMPOSE);
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    const services = await getItems<ServiceObject>(kubectl, ['services', '-n', namespace]);
    const served = new Map(services.map((service) => [service.metadata.name, (service.spec.ports ?? []).map((port) => port.port)]));
    const [app] = await getItems<Workload>(kubectl, ['deployment/app', '-n', namespace]);
    const waits = (app?.spec.template.spec.initContainers ?? []).flatMap((container) => {
      const target = /nc -z -w 2 (\S+) (\d+)/.exec(container.command?.join(' ') ?? '');
      return target ? [{ host: target[1]!, port: Number(target[2]), served: served.get(target[1]!) ?? [] }] : [];
    });
    expect(waits.map((wait) => `${wait.host}:${wait.port}`)).toEqual(['postgres:5432', 'redis:6379']);
    for (const wait of waits) expect(wait.served).toContain(wait.port);
  });
});
