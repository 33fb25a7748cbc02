/**
 * The documented systems ship the Dockerfiles their documents give (issue 14.4), and their manifests
 * take the users and HEALTHCHECK probes from them rather than from chart options.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exoplanet } from '../../charts/exoplanet/index.ts';
import { meshymcmapface } from '../../charts/meshymcmapface/index.ts';
import { modax } from '../../charts/modax/index.ts';
import { scip } from '../../charts/scip/index.ts';
import type { SystemDefinition } from '../../charts/system.ts';
import { evaluateDockerfile } from '../../lib/images/dockerfile/evaluate.ts';
import { parseDockerfile } from '../../lib/images/dockerfile/parse.ts';
import { imageProfile } from '../../lib/k8s/workload/image-profiles.ts';
import { findObject, noticeSkip } from '../support/k8s.ts';
import { container, podSpec, synthSystem, workload } from './manifests.ts';
import { chartedSeedText } from './departures.ts';
import { seedsAvailable } from './seeds.ts';

noticeSkip(seedsAvailable, 'the Dockerfiles of charts/ against the documents in seeds/');

function chartFile(system: SystemDefinition, file: string): string {
  return readFileSync(join(system.directory, file), 'utf8');
}

function dockerfileBlocks(number: string): string[] {
  return [...chartedSeedText(number).matchAll(/```dockerfile\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Lines the chart adds to a documented Dockerfile, each marked `# choice:` with the reason. */
function withoutChoices(text: string): string {
  return text.replace(/# choice:[^\n]*\n(#[^\n]*\n)*(RUN [^\n]*\n)*/g, '');
}

describe.runIf(seedsAvailable)('the Dockerfiles of charts/ are the documents\' own', () => {
  it.each([
    [modax, '000', ['mosquitto/Dockerfile', 'timescaledb/Dockerfile', 'python-control-layer/Dockerfile', 'python-ai-layer/Dockerfile']],
    [scip, '001', ['team-dashboard/Dockerfile']],
    [exoplanet, '002', ['backend/Dockerfile', 'frontend/Dockerfile']],
    [meshymcmapface, '003', ['Dockerfile.server', 'Dockerfile.agent']],
  ] as const)('%s', (system, number, files) => {
    const shipped = files.map((file) => withoutChoices(chartFile(system, file))).join('\n');
    for (const block of dockerfileBlocks(number)) expect(shipped).toContain(block);
  });

  it("exoplanet's runner stage creates the nextjs user (UID 1001) the document runs as but leaves out", () => {
    const text = chartFile(exoplanet, 'frontend/Dockerfile');
    expect(text).toMatch(/# choice: the document runs as nextjs \(UID 1001/);
    expect(evaluateDockerfile(parseDockerfile(text, 'frontend/Dockerfile'), { args: {} }).config.user).toMatchObject({ spec: 'nextjs', uid: 1001 });
  });
});

describe('users from the Dockerfiles, without chart options', () => {
  it.each(['dev', 'prod'])('modax %s: modax (1000) for the Python layers, the base images\' users for the broker and the database', (environment) => {
    const docs = synthSystem(modax, environment);
    for (const [name, uid] of [['control-layer', 1000], ['ai-layer', 1000], ['mosquitto', 1883], ['timescaledb', 70]] as const) {
      expect(container(docs, name).securityContext, name).toMatchObject({ runAsUser: uid, runAsNonRoot: true });
    }
    for (const service of Object.values(modax.environments[environment]?.options?.services ?? {})) expect(service.securityContext).toBeUndefined();
  });

  it.each(['dev', 'prod', 'multi-agent'])("meshymcmapface %s: the Dockerfiles' system user, 999, for the server and every agent", (environment) => {
    const docs = synthSystem(meshymcmapface, environment);
    const agents = environment === 'multi-agent' ? ['agent-001', 'agent-002'] : ['agent'];
    for (const name of ['server', ...agents]) expect(container(docs, name).securityContext?.['runAsUser'], name).toBe(999);
    expect(podSpec(workload(docs, 'server')).securityContext?.['fsGroup']).toBe(999);
  });

  it("the team dashboard's template runs as nginx, the user of its Dockerfile's base image, with its HEALTHCHECK", () => {
    const dockerfile = evaluateDockerfile(parseDockerfile(chartFile(scip, 'team-dashboard/Dockerfile'), 'team-dashboard/Dockerfile'), { args: {} });
    const nginx = imageProfile(dockerfile.baseImage);
    expect(nginx?.uid).toBe(101);
    const template = podSpec(findObject(synthSystem(scip, 'prod'), 'CronJob', 'team-dashboard'));
    expect(template.securityContext).toMatchObject({ runAsUser: nginx?.uid, runAsGroup: nginx?.gid });
    expect(dockerfile.config.healthcheck?.test.join(' ')).toContain('http://localhost:3000');
    expect(template.containers[0]?.readinessProbe).toMatchObject({ periodSeconds: 30, failureThreshold: 3 });
  });
});

describe("MODAX prod probes from the Dockerfiles' HEALTHCHECKs (the prod compose file has none)", () => {
  const docs = synthSystem(modax, 'prod');

  it('control-layer and ai-layer: httpGet on /status and /models/info, 30s/5s/3', () => {
    for (const [name, path, port] of [['control-layer', '/status', 8000], ['ai-layer', '/models/info', 8001]] as const) {
      for (const probe of [container(docs, name).readinessProbe, container(docs, name).livenessProbe]) {
        expect(probe, name).toMatchObject({ httpGet: { path, port }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 });
      }
    }
  });

  it('timescaledb: pg_isready every 10s, 5 retries; mosquitto: a $SYS subscription', () => {
    const db = container(docs, 'timescaledb').readinessProbe;
    expect(db?.exec?.command.join(' ')).toContain('pg_isready -U modax_user -d modax');
    expect(db).toMatchObject({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
    expect(container(docs, 'mosquitto').livenessProbe?.exec?.command.join(' ')).toContain("mosquitto_sub -h 127.0.0.1 -p 1880 -t '$SYS/#'");
  });
});
