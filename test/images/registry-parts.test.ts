import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import { imageConfigFromBlob } from '../../lib/images/image-config.ts';
import { parseImageReference, registryHost } from '../../lib/images/reference.ts';
import { parseChallenge, tokenUrl } from '../../lib/images/registry/auth.ts';
import { dockerCredentials } from '../../lib/images/registry/credentials.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

describe('image references', () => {
  it('normalize as docker does', () => {
    expect(parseImageReference('nginx').canonical).toBe('docker.io/library/nginx:latest');
    expect(parseImageReference('bitnami/redis:7.2').canonical).toBe('docker.io/bitnami/redis:7.2');
    expect(parseImageReference('index.docker.io/library/nginx:1').canonical).toBe('docker.io/library/nginx:1');
    expect(parseImageReference('localhost:5000/app').canonical).toBe('localhost:5000/app:latest');
    expect(parseImageReference('ghcr.io/org/team/app:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).toMatchObject({
      registry: 'ghcr.io',
      repository: 'org/team/app',
      tag: 'v1',
      digest: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    });
    expect(parseImageReference('app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef').tag).toBeUndefined();
    expect(registryHost('docker.io')).toBe('registry-1.docker.io');
  });

  it('refuse what docker refuses', () => {
    expect(() => parseImageReference('Upper/Case')).toThrowError(/invalid image reference/);
    expect(() => parseImageReference('app@sha256:short')).toThrowError(/malformed digest/);
    expect(() => parseImageReference('app:bad tag')).toThrowError(/malformed tag/);
  });
});

describe('registry authentication parts', () => {
  it('parses Bearer and Basic challenges and builds the token URL', () => {
    const challenge = parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')!;
    expect(challenge).toEqual({ scheme: 'bearer', parameters: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } });
    expect(tokenUrl(challenge, 'library/nginx').href).toBe('https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnginx%3Apull');
    expect(tokenUrl(parseChallenge('Bearer realm="https://t.example/token"')!, 'a/b').searchParams.get('scope')).toBe('repository:a/b:pull');
    expect(parseChallenge('Basic realm="Registry Realm"')?.scheme).toBe('basic');
    expect(parseChallenge(null)).toBeUndefined();
  });

  it("reads docker's config.json auths; names the helpers it does not run", () => {
    const home = mkdtempSync(path.join(tmpdir(), 'docker-home-'));
    directories.push(home);
    const config = path.join(home, '.docker');
    const encoded = (text: string) => Buffer.from(text).toString('base64');
    mkdirSync(config);
    writeFileSync(
      path.join(config, 'config.json'),
      JSON.stringify({
        credsStore: 'desktop',
        auths: {
          'https://index.docker.io/v1/': { auth: encoded('hubuser:hub:pass') },
          'ghcr.io': { username: 'gh', password: 'token' },
          'https://quay.io': { identitytoken: 'x' },
        },
      }),
    );
    const credentials = dockerCredentials({ HOME: home });
    expect(credentials.forRegistry('docker.io')).toEqual({ username: 'hubuser', password: 'hub:pass' });
    expect(credentials.forRegistry('ghcr.io')).toEqual({ username: 'gh', password: 'token' });
    expect(credentials.forRegistry('quay.io')).toBeUndefined();
    expect(credentials.notices.join('\n')).toMatch(/credsStore desktop is not used[\s\S]*identity token for quay.io/);
    expect(dockerCredentials({}).forRegistry('docker.io')).toBeUndefined();
  });
});

describe('image config blobs', () => {
  it('keep the runtime settings, in milliseconds, and ignore wrongly typed fields', () => {
    expect(
      imageConfigFromBlob({
        config: { User: '', ExposedPorts: { '53/udp': {}, '80': {}, bogus: {} }, Cmd: null, Entrypoint: ['a', 1], Labels: { a: 'b', n: 1 }, Healthcheck: { Test: ['NONE'] } },
      }),
    ).toEqual({ exposedPorts: [{ port: 53, protocol: 'udp' }, { port: 80, protocol: 'tcp' }], labels: { a: 'b' }, healthcheck: { test: ['NONE'], disable: true } });
    expect(imageConfigFromBlob('not an object')).toEqual({ exposedPorts: [], labels: {} });
    expect(imageConfigFromBlob({ config: { Healthcheck: { Test: [] } } }).healthcheck).toBeUndefined();
  });
});

describe('cdk8s-compose images', () => {
  it('needs the lock subcommand', async () => {
    let stderr = '';
    const io = { cwd: tmpdir(), env: {}, stdout: () => undefined, stderr: (text: string) => (stderr += text) };
    expect(await runCli(['images'], io)).toBe(2);
    expect(stderr).toContain('name a subcommand: lock');
    expect(await runCli(['images', 'pin'], io)).toBe(2);
    expect(stderr).toContain("unknown subcommand 'pin'");
  });
});
