import { describe, expect, it } from 'vitest';
import { evaluateDockerfile, type EvaluatedImage } from '../../lib/images/dockerfile/evaluate.ts';
import { parseDockerfile } from '../../lib/images/dockerfile/parse.ts';
import { noticeSkip } from '../support/k8s.ts';
import { seedsAvailable, seedText } from '../charts/seeds.ts';

noticeSkip(seedsAvailable, 'Dockerfile facts of the documents in seeds/');

/** Every ```dockerfile block of a seed document. */
function dockerfileBlocks(number: string): string[] {
  return [...seedText(number).matchAll(/```dockerfile\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** The facts of the block containing `marker` (its path comment, say). */
function documented(number: string, marker: string, target?: string): EvaluatedImage {
  const block = dockerfileBlocks(number).find((body) => body.includes(marker));
  if (!block) throw new Error(`seed ${number} has no dockerfile block with '${marker}'`);
  return evaluateDockerfile(parseDockerfile(block, `seed ${number}: ${marker}`), { args: {}, ...(target ? { target } : {}) });
}

describe.runIf(seedsAvailable)('Dockerfiles of the seed documents', () => {
  it('every block with a FROM evaluates; fragments without one are refused, located', () => {
    let evaluated = 0;
    for (const number of ['000', '001', '002', '003', '004']) {
      for (const block of dockerfileBlocks(number)) {
        const read = () => evaluateDockerfile(parseDockerfile(block, number), { args: {} });
        if (/^FROM /m.test(block)) {
          read();
          evaluated++;
        } else {
          expect(read).toThrowError(expect.objectContaining({ location: expect.objectContaining({ file: number }) }));
        }
      }
    }
    expect(evaluated).toBeGreaterThanOrEqual(8);
  });

  it('MODAX: the production HEALTHCHECKs, ports and the modax user (uid 1000)', () => {
    const control = documented('000', 'python-control-layer/Dockerfile').config;
    expect(control).toMatchObject({ user: { spec: 'modax', uid: 1000 }, exposedPorts: [{ port: 8000, protocol: 'tcp' }], workingDir: '/app', cmd: ['python', 'main.py'] });
    expect(control.healthcheck).toEqual({ test: ['CMD-SHELL', 'curl -f http://localhost:8000/status || exit 1'], disable: false, interval: 30_000, timeout: 5_000, retries: 3 });
    expect(documented('000', 'python-ai-layer/Dockerfile').config.healthcheck?.test).toEqual(['CMD-SHELL', 'curl -f http://localhost:8001/models/info || exit 1']);
    const timescale = documented('000', 'timescaledb/Dockerfile');
    expect(timescale.baseImage).toBe('timescale/timescaledb:latest-pg15');
    expect(timescale.config.healthcheck).toMatchObject({ test: ['CMD-SHELL', 'pg_isready -U modax_user -d modax || exit 1'], interval: 10_000, retries: 5 });
    const mosquitto = documented('000', 'mosquitto/Dockerfile').config;
    expect(mosquitto.exposedPorts.map((p) => p.port)).toEqual([1883, 9001]);
    // `$SYS` is single-quoted for the shell; HEALTHCHECK is not expanded at build time anyway.
    expect(mosquitto.healthcheck?.test[1]).toContain("'$SYS/#'");
  });

  it('SCIP team dashboard: nginx stage with its healthcheck and port 3000', () => {
    const dashboard = documented('001', 'team-dashboard/Dockerfile');
    expect(dashboard.baseImage).toBe('nginx:alpine');
    expect(dashboard.config).toMatchObject({ exposedPorts: [{ port: 3000, protocol: 'tcp' }], cmd: ['nginx', '-g', 'daemon off;'], healthcheck: { interval: 30_000, timeout: 3_000, startPeriod: 5_000, retries: 3 } });
    // nginx:alpine's own user (root, with workers as nginx) is the base's: unknown without a lock entry.
    expect(dashboard.config.user).toBeUndefined();
  });

  it('exoplanet: appuser 1000 for the backend; nextjs is created in a part the document leaves out', () => {
    const backend = documented('002', 'uvicorn').config;
    expect(backend.user).toEqual({ spec: 'appuser', uid: 1000 });
    expect(backend.healthcheck?.test[0]).toBe('CMD-SHELL');
    const runner = documented('002', 'AS runner').config;
    expect(runner.user).toMatchObject({ spec: 'nextjs', unresolved: expect.stringContaining('not created in this Dockerfile') });
  });

  it("MeshyMcMapface: a system user without a fixed uid, stated as such; ENTRYPOINT with CMD", () => {
    for (const marker of ['Multi-stage build for server', 'Multi-stage build for agent']) {
      const { config } = documented('003', marker);
      expect(config.user).toMatchObject({ spec: 'meshymcmapface', system: true });
      expect(config.user?.uid).toBeUndefined();
    }
    const server = documented('003', 'Multi-stage build for server').config;
    expect(server).toMatchObject({ entrypoint: ['python', 'mmm-server.py'], cmd: ['--config', '/config/server_config.ini', '--log-level', 'INFO'], exposedPorts: [{ port: 8082, protocol: 'tcp' }] });
    expect(server.healthcheck).toMatchObject({ interval: 30_000, timeout: 10_000, startPeriod: 40_000, retries: 3 });
  });
});
