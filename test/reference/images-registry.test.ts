/**
 * `cdk8s-compose images lock` against a real OCI registry (Debian's docker-registry) on 127.0.0.1,
 * with images pushed by skopeo (an OCI layout with a multi-platform index) and through the
 * distribution API (a Docker v2 image), with and without token auth; then convert and the image
 * facts with no network at all, reading only the lock file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import type { ImageLock } from '../../lib/images/lock-file.ts';
import { blob, pushIndexThroughApi, pushThroughApi, testImage, testIndex, writeOciLayout, type TestImage } from './support/oci-images.ts';
import { freePort, missingRegistryTools, startRegistry, startTokenService, type RunningRegistry, type TokenService } from './support/registry.ts';

const missing = missingRegistryTools();
if (missing.length > 0) {
  const notice = `the image registry suite needs the Debian packages ${missing.join(', ')} (apt-get install -y docker-registry skopeo openssl)`;
  // CI installs them (.ci/run): there, their absence is a failure, never a silent skip.
  if (process.env['CI'] === 'true') throw new Error(notice);
  console.warn(`[skip] ${notice}`);
}

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const s390x = { os: 'linux', architecture: 's390x' };
const runtimeAmd64 = {
  User: '1001:1001',
  ExposedPorts: { '8080/tcp': {}, '9090/udp': {} },
  Env: ['PATH=/usr/bin', 'SECRET_LOOKING=not-copied'],
  Entrypoint: ['/app/server'],
  Cmd: ['--port', '8080'],
  WorkingDir: '/app',
  Labels: { 'org.opencontainers.image.title': 'multi', arch: 'amd64' },
  Healthcheck: { Test: ['CMD', '/app/health'], Interval: 10e9, Timeout: 2e9, StartPeriod: 5e9, Retries: 3 },
  StopSignal: 'SIGTERM',
};
const images = {
  amd64: testImage('oci', amd64, runtimeAmd64),
  arm64: testImage('oci', arm64, { ...runtimeAmd64, User: 'app', Labels: { arch: 'arm64' } }),
  s390x: testImage('oci', s390x, { User: 'nobody' }),
  dockerArm: testImage('docker', { os: 'linux', architecture: 'arm64' }, { User: '999' }),
  docker: testImage('docker', amd64, { User: 'postgres', ExposedPorts: { '5432/tcp': {} }, Entrypoint: ['docker-entrypoint.sh'], Cmd: ['postgres'], StopSignal: 'SIGINT', Healthcheck: { Test: ['CMD-SHELL', 'pg_isready'] } }),
};
const dockerList = testIndex('docker', [
  { image: images.docker, platform: amd64 },
  { image: images.dockerArm, platform: { os: 'linux', architecture: 'arm64' } },
]);
const index = testIndex('oci', [
  { image: images.amd64, platform: amd64 },
  { image: images.arm64, platform: arm64 },
  { image: images.s390x, platform: s390x },
]);

const temporary: string[] = [];
function directory(prefix: string): string {
  const made = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(made);
  return made;
}

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  // HOME points at an empty folder: the developer's own docker credentials stay out of the test.
  const code = await runCli(args, { cwd, env: { HOME: directory('home-'), ...env }, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function skopeoPush(layout: string, tag: string, destination: string, extra: string[] = []): void {
  execFileSync('skopeo', ['--insecure-policy', 'copy', '--all', '--preserve-digests', '--quiet', '--dest-tls-verify=false', ...extra, `oci:${layout}:${tag}`, `docker://${destination}`], { stdio: 'pipe' });
}

function projectWith(compose: string, files: Record<string, string> = {}): string {
  const made = directory('images-project-');
  writeFileSync(path.join(made, 'compose.yaml'), compose);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(made, name)), { recursive: true });
    writeFileSync(path.join(made, name), text);
  }
  return made;
}

afterAll(() => temporary.forEach((made) => rmSync(made, { recursive: true, force: true })));

describe.runIf(missing.length === 0)('images lock against a real registry', () => {
  let registry: RunningRegistry;
  let project: string;
  const lockFile = () => path.join(project, 'compose.images.lock.json');

  beforeAll(async () => {
    registry = await startRegistry();
    const layout = directory('oci-layout-');
    writeOciLayout(layout, 'multi', index, [images.amd64, images.arm64, images.s390x]);
    skopeoPush(layout, 'multi', `${registry.host}/test/multi:1.0`);
    await pushThroughApi(registry.base, 'test/single', 'v2', images.docker, 'docker');
    // A Docker manifest list: its images pushed by digest, then the list by tag.
    for (const image of [images.docker, images.dockerArm]) await pushThroughApi(registry.base, 'test/list', image.manifest.digest, image, 'docker');
    await pushIndexThroughApi(registry.base, 'test/list', '3', dockerList, 'docker');
    project = projectWith(
      `services:
  multi:
    image: ${registry.host}/test/multi:1.0
  single:
    image: ${registry.host}/test/single:v2
  list:
    image: ${registry.host}/test/list:3
  pinned:
    image: ${registry.host}/test/multi@${index.digest}
  built:
    build: ./built
`,
      { 'built/Dockerfile': `FROM ${registry.host}/test/single:v2\nCOPY init.sql /docker-entrypoint-initdb.d/\nEXPOSE 6432\n` },
    );
  });
  afterAll(async () => registry?.stop());

  it('skopeo pushed what the test built: the registry serves the index under its digest', async () => {
    const response = await fetch(`${registry.base}/v2/test/multi/manifests/1.0`, { headers: { Accept: 'application/vnd.oci.image.index.v1+json' } });
    expect(response.headers.get('docker-content-digest')).toBe(index.digest);
  });

  it('locks every image: index and platform digests, the config facts, linux/amd64 and linux/arm64 only', async () => {
    const result = await cli(['images', 'lock'], project);
    expect(result.stderr).toContain('wrote');
    expect(result.code).toBe(0);
    const lock = JSON.parse(readFileSync(lockFile(), 'utf8')) as ImageLock;
    expect(Object.keys(lock.images)).toEqual([`${registry.host}/test/list:3`, `${registry.host}/test/multi:1.0`, `${registry.host}/test/multi@${index.digest}`, `${registry.host}/test/single:v2`]);
    const multi = lock.images[`${registry.host}/test/multi:1.0`]!;
    expect(multi.digest).toBe(index.digest);
    expect(multi.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(Object.keys(multi.platforms)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(multi.platforms['linux/amd64']).toEqual({
      digest: images.amd64.manifest.digest,
      config: {
        user: { spec: '1001:1001', uid: 1001, gid: 1001 },
        exposedPorts: [{ port: 8080, protocol: 'tcp' }, { port: 9090, protocol: 'udp' }],
        entrypoint: ['/app/server'],
        cmd: ['--port', '8080'],
        workingDir: '/app',
        labels: { arch: 'amd64', 'org.opencontainers.image.title': 'multi' },
        healthcheck: { test: ['CMD', '/app/health'], disable: false, interval: 10_000, timeout: 2_000, startPeriod: 5_000, retries: 3 },
        stopSignal: 'SIGTERM',
      },
    });
    expect(multi.platforms['linux/arm64']!.digest).toBe(images.arm64.manifest.digest);
    expect(multi.platforms['linux/arm64']!.config.user).toMatchObject({ spec: 'app', unresolved: expect.stringContaining('name') });
    // The image's environment is not copied: values there are none of the converter's business.
    expect(readFileSync(lockFile(), 'utf8')).not.toContain('not-copied');
    expect(lock.images[`${registry.host}/test/multi@${index.digest}`]!.platforms).toEqual(multi.platforms);
    const single = lock.images[`${registry.host}/test/single:v2`]!;
    expect(single).toMatchObject({ digest: images.docker.manifest.digest, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
    const list = lock.images[`${registry.host}/test/list:3`]!;
    expect(list).toMatchObject({ digest: dockerList.digest, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' });
    expect(list.platforms['linux/arm64']).toEqual({ digest: images.dockerArm.manifest.digest, config: { user: { spec: '999', uid: 999 }, exposedPorts: [], labels: {} } });
    expect(single.platforms['linux/amd64']!.config).toMatchObject({ user: { spec: 'postgres' }, exposedPorts: [{ port: 5432, protocol: 'tcp' }], cmd: ['postgres'], healthcheck: { test: ['CMD-SHELL', 'pg_isready'] } });
  });

  it('writes the same bytes every time', async () => {
    await cli(['images', 'lock'], project);
    const first = readFileSync(lockFile());
    await cli(['images', 'lock'], project);
    expect(readFileSync(lockFile()).equals(first)).toBe(true);
  });

  it('with the network unreachable, convert and the image facts read the lock file alone', () => {
    if (spawnSync('unshare', ['-n', 'true']).status !== 0) {
      if (process.env['CI'] === 'true') throw new Error('unshare -n is not permitted here');
      console.warn('[skip] unshare -n is not permitted on this machine: the offline check did not run');
      return;
    }
    const script = path.join(import.meta.dirname, 'support/offline-facts.ts');
    const run = spawnSync('unshare', ['-n', process.execPath, '--import', 'tsx', script, project, registry.base], { encoding: 'utf8', cwd: path.join(import.meta.dirname, '../..'), timeout: 120_000 });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { registryError: string; convertExit: number; manifestsLength: number; warnings: string; facts: { services: Record<string, { facts?: { config: Record<string, unknown>; complete: boolean; digest?: string } }> } };
    expect(result.registryError).toMatch(/ECONNREFUSED|ENETUNREACH|EADDRNOTAVAIL/);
    expect(result.convertExit).toBe(0);
    expect(result.manifestsLength).toBeGreaterThan(0);
    expect(result.facts.services['multi']!.facts).toMatchObject({ digest: images.amd64.manifest.digest, config: { user: { uid: 1001 } } });
    // The build starts from the locked single:v2, so its facts are complete: the base's user, CMD and ports show through.
    expect(result.facts.services['built']!.facts).toMatchObject({ complete: true, config: { user: { spec: 'postgres' }, cmd: ['postgres'], exposedPorts: [{ port: 5432 }, { port: 6432 }] } });
  });

  it('an image the registry lacks fails the command and leaves the old lock file as it was', async () => {
    const before = readFileSync(lockFile());
    const broken = projectWith(`services:\n  gone:\n    image: ${registry.host}/test/missing:1\n  multi:\n    image: ${registry.host}/test/multi:1.0\n`);
    writeFileSync(path.join(broken, 'compose.images.lock.json'), before);
    const result = await cli(['images', 'lock'], broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: 127\.0\.0\.1:\d+\/test\/missing:1: .* answered 404/);
    expect(result.stderr).toContain('no lock file written');
    expect(readFileSync(path.join(broken, 'compose.images.lock.json')).equals(before)).toBe(true);
  });

  it('an unreachable registry is one line, not a stack trace', async () => {
    // A port nothing listens on (fetch refuses low ports such as 1 before connecting).
    const port = await freePort();
    const unreachable = projectWith(`services:\n  a:\n    image: 127.0.0.1:${port}/nothing:1\n`);
    const result = await cli(['images', 'lock'], unreachable);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: 127\\.0\\.0\\.1:${port}/nothing:1: fetch failed: .*ECONNREFUSED.*\\nno lock file written\\n$`));
    expect(existsSync(path.join(unreachable, 'compose.images.lock.json'))).toBe(false);
  });
});

describe.runIf(missing.length === 0)('images lock against a registry with token auth', () => {
  let tokens: TokenService;
  let registry: RunningRegistry;
  const image: TestImage = images.amd64;

  beforeAll(async () => {
    tokens = await startTokenService();
    registry = await startRegistry(tokens);
    for (const repository of ['public/app', 'private/app']) {
      await pushThroughApi(registry.base, repository, '1', image, 'oci', `Bearer ${tokens.mint(repository, ['pull', 'push'])}`);
    }
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  it('the registry really refuses requests without a token', async () => {
    const response = await fetch(`${registry.base}/v2/public/app/manifests/1`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="test-registry",scope="repository:public\/app:pull"/);
  });

  it('anonymous: asks the token service without credentials, then pulls with the token', async () => {
    const project = projectWith(`services:\n  app:\n    image: ${registry.host}/public/app:1\n`);
    const before = tokens.requests.length;
    const result = await cli(['images', 'lock'], project);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(tokens.requests.slice(before)).toEqual([{ scope: 'repository:public/app:pull', authorization: undefined }]);
    const lock = JSON.parse(readFileSync(path.join(project, 'compose.images.lock.json'), 'utf8')) as ImageLock;
    expect(lock.images[`${registry.host}/public/app:1`]!.digest).toBe(image.manifest.digest);
  });

  it("with docker's config.json auths: the user's credentials go to the token service", async () => {
    const project = projectWith(`services:\n  app:\n    image: ${registry.host}/private/app:1\n`);
    const refused = await cli(['images', 'lock'], project);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the token service .* answered 401/);
    const dockerConfig = directory('docker-config-');
    writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [`http://${registry.host}`]: { auth: Buffer.from('tester:secret').toString('base64') } } }));
    const before = tokens.requests.length;
    const result = await cli(['images', 'lock'], project, { DOCKER_CONFIG: dockerConfig });
    expect(result.code).toBe(0);
    expect(tokens.requests.slice(before)).toEqual([{ scope: 'repository:private/app:pull', authorization: `Basic ${Buffer.from('tester:secret').toString('base64')}` }]);
    expect(blob(readFileSync(path.join(project, 'compose.images.lock.json'))).size).toBeGreaterThan(0);
  });
});
