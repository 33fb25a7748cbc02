/**
 * The compose files in charts/ are the documents' own files: parsed, each equals the document's
 * yaml block (comments aside), or — where a document spreads a file over snippets or leaves
 * values open — contains every documented value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { noticeSkip, repoRoot } from '../support/k8s.ts';
import { chartedSeedText } from './departures.ts';
import { documentedYaml, seedText, seedsAvailable } from './seeds.ts';

noticeSkip(seedsAvailable, 'transcriptions of the documents in seeds/');

function chartFile(system: string, file: string): unknown {
  return parse(readFileSync(join(repoRoot, 'charts', system, file), 'utf8'));
}

/** Every key and value of `expected` is in `actual`; every item of an expected list is in the actual list. */
function expectContains(actual: unknown, expected: unknown, path = ''): void {
  if (Array.isArray(expected)) {
    for (const item of expected) expect(actual, path).toContainEqual(item);
    return;
  }
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    expect(actual, path).toBeTypeOf('object');
    for (const [key, value] of Object.entries(expected)) {
      expectContains((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

const exact: readonly (readonly [string, string, string, string])[] = [
  ['000', 'modax', 'docker-compose.yml', '# docker-compose.yml\n'],
  ['000', 'modax', 'docker-compose.prod.yml', '# docker-compose.prod.yml\n'],
  ['000', 'modax', 'docker-compose.secrets.yml', '# docker-compose.prod.yml with secrets'],
  ['001', 'scip', 'docker-compose.yml', '### Main docker-compose.yml'],
  ['001', 'scip', 'docker-compose.dev.yml', '### Development Override'],
  ['001', 'scip', 'docker-compose.prod.yml', '### Production Override'],
  ['001', 'scip', 'docker-stack.yml', '# docker-stack.yml for Swarm'],
  ['003', 'meshymcmapface', 'docker-compose.yml', '### **3.1 Basic docker-compose.yml**'],
  ['003', 'meshymcmapface', 'docker-compose.multi-agent.yml', '### **3.2 Multi-Agent docker-compose.yml**'],
  ['003', 'meshymcmapface', 'docker-compose.secrets.yml', '### **8.3 Secret Management**'],
  ['004', 'carbon-nexus', 'docker-compose.dev.yml', '# docker-compose.dev.yml'],
];

describe.skipIf(!seedsAvailable)('compose files transcribed exactly', () => {
  it.each(exact)('%s charts/%s/%s equals the document', (seed, system, file, marker) => {
    expect(chartFile(system, file)).toEqual(documentedYaml(chartedSeedText(seed), marker));
  });
});

describe.skipIf(!seedsAvailable)('compose files built from snippets keep every documented value', () => {
  it('MeshyMcMapface: Option 3 device permissions apply to the agent', () => {
    const option3 = documentedYaml(seedText('003'), '#### **Option 3: Device Permissions (Balanced)**');
    expectContains(chartFile('meshymcmapface', 'docker-compose.device-permissions.yml'), { services: { agent: option3 } });
  });

  it('MeshyMcMapface: the Swarm placement of section 9.3', () => {
    expectContains(chartFile('meshymcmapface', 'docker-stack.yml'), documentedYaml(seedText('003'), '### **9.3 Docker Swarm Deployment**'));
  });

  it('Carbon Nexus: the production override', () => {
    expectContains(chartFile('carbon-nexus', 'docker-compose.prod.yml'), documentedYaml(seedText('004'), '# docker-compose.prod.yml'));
  });

  it.each([
    ['### Add Monitoring Services'],
    ['### From .env Files'],
    ['### Direct Environment Variables'],
    ['### Service Build Configuration'],
    ['### Default Logging'],
  ])('Carbon Nexus: %s', (heading) => {
    const documented = documentedYaml(seedText('004'), heading) as { services: Record<string, unknown> };
    // The monitoring services are in a profile the document leaves implicit ("Optional").
    expectContains(chartFile('carbon-nexus', 'docker-compose.yml'), documented);
  });

  it('Carbon Nexus: the resource limits of the ml-engine, in production', () => {
    const documented = documentedYaml(seedText('004'), '### CPU and Memory Limits') as {
      services: { 'ml-engine': { deploy: { resources: { limits: { cpus: string; memory: string }; reservations: unknown } } } };
    };
    const prod = chartFile('carbon-nexus', 'docker-compose.prod.yml') as typeof documented;
    const { limits, reservations } = documented.services['ml-engine'].deploy.resources;
    expect(Number(prod.services['ml-engine'].deploy.resources.limits.cpus)).toBe(Number(limits.cpus));
    expect(prod.services['ml-engine'].deploy.resources.limits.memory).toBe(limits.memory);
    expect(prod.services['ml-engine'].deploy.resources.reservations).toEqual(reservations);
  });
});

describe.skipIf(!seedsAvailable)('config files the documents give', () => {
  function documentedBlock(seed: string, comment: string): string {
    const text = chartedSeedText(seed);
    const at = text.indexOf(comment);
    return text.slice(at, text.indexOf('\n```', at));
  }

  it.each([
    ['mosquitto/mosquitto.conf', '# mosquitto/mosquitto.conf'],
    ['mosquitto/Dockerfile', '# mosquitto/Dockerfile'],
    ['timescaledb/init-db.sql', '-- timescaledb/init-db.sql'],
    ['timescaledb/Dockerfile', '# timescaledb/Dockerfile'],
  ])('MODAX %s is the document\'s', (file, comment) => {
    const ours = readFileSync(join(repoRoot, 'charts', 'modax', file), 'utf8');
    expect(ours.trimEnd()).toBe(documentedBlock('000', comment));
  });
});
