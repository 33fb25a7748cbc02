import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ComposeError } from '../../lib/compose/errors.ts';
import { loadProject } from '../../lib/compose/load.ts';
import { lockedImageFacts, lockFilePath, parseImageLock, readImageLock, serializeImageLock, writeImageLock, type ImageLock } from '../../lib/images/lock-file.ts';
import { readProjectImageFacts, referencesToLock } from '../../lib/images/project-facts.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function project(files: Record<string, string>) {
  const directory = mkdtempSync(path.join(tmpdir(), 'image-facts-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  return { directory, load: () => loadProject({ cwd: directory, environment: {} }) };
}

const postgres = { user: { spec: 'postgres', unresolved: 'a name' }, exposedPorts: [{ port: 5432, protocol: 'tcp' as const }], labels: {}, cmd: ['postgres'], entrypoint: ['docker-entrypoint.sh'], stopSignal: 'SIGINT' };
const lock: ImageLock = {
  version: 1,
  images: {
    'docker.io/library/postgres:16': {
      digest: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
      mediaType: 'application/vnd.oci.image.index.v1+json',
      platforms: {
        'linux/arm64': { digest: 'sha256:3333333333333333333333333333333333333333333333333333333333333333', config: { ...postgres, labels: { arch: 'arm64' } } },
        'linux/amd64': { digest: 'sha256:2222222222222222222222222222222222222222222222222222222222222222', config: postgres },
      },
    },
  },
};

const COMPOSE = `services:
  web:
    build:
      context: ./web
      target: runtime
      args: { PORT: "9000" }
  inline:
    build:
      context: .
      dockerfile_inline: |
        FROM alpine:3.20
        USER 123:456
        EXPOSE 7000
  missing:
    build: ./nothere
  outside:
    build:
      context: .
      dockerfile: /etc/hostname
  app:
    build: ./app
  db:
    image: postgres:16
  arm:
    image: docker.io/library/postgres:16
    platform: linux/arm64
  cache:
    image: redis:7
`;

const FILES = {
  'compose.yaml': COMPOSE,
  'web/Dockerfile': 'FROM golang:1.22 AS build\nFROM gcr.io/distroless/static:nonroot AS runtime\nARG PORT=8080\nUSER 65532:65532\nEXPOSE ${PORT}\nENTRYPOINT ["/server"]\n',
  'app/Dockerfile': 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
};

describe('image facts of a project', () => {
  it('builds read their Dockerfile (context, target, args, dockerfile_inline); images read the lock file', () => {
    const { directory, load } = project(FILES);
    writeImageLock(path.join(directory, 'compose.images.lock.json'), lock);
    const facts = readProjectImageFacts(load());
    expect(facts.lockFile).toBe(path.join(directory, 'compose.images.lock.json'));
    expect(facts.services['web']!.facts).toMatchObject({ source: 'dockerfile', complete: false, baseImage: 'gcr.io/distroless/static:nonroot', file: path.join(directory, 'web/Dockerfile'), config: { user: { uid: 65532, gid: 65532 }, exposedPorts: [{ port: 9000, protocol: 'tcp' }], entrypoint: ['/server'] } });
    expect(facts.services['inline']!.facts).toMatchObject({ config: { user: { uid: 123, gid: 456 }, exposedPorts: [{ port: 7000, protocol: 'tcp' }] }, file: expect.stringContaining('#services.inline.build.dockerfile_inline') });
    expect(facts.services['missing']).toMatchObject({ reason: expect.stringMatching(/nothere\/Dockerfile not found/), location: expect.objectContaining({ file: path.join(directory, 'compose.yaml') }) });
    expect(facts.services['outside']!.reason).toMatch(/Dockerfile \/etc\/hostname is outside \/tmp\/image-facts-/);
    // The base image's config from the lock shows through the build, which is then complete.
    expect(facts.services['app']!.facts).toMatchObject({ complete: true, baseImage: 'postgres:16', config: { exposedPorts: [{ port: 5432 }], cmd: ['postgres'], user: { spec: 'postgres' } } });
    expect(facts.services['db']!.facts).toMatchObject({ source: 'lock', digest: 'sha256:2222222222222222222222222222222222222222222222222222222222222222', config: postgres });
    expect(facts.services['arm']!.facts?.config.labels).toEqual({ arch: 'arm64' });
    expect(facts.services['cache']).toMatchObject({ reason: expect.stringContaining('image redis:7 is not in'), location: expect.objectContaining({ line: 28, column: 5 }) });
  });

  it('without a lock file, images have a reason and builds are incomplete', () => {
    const { load } = project(FILES);
    const facts = readProjectImageFacts(load());
    expect(facts.lockFile).toBeUndefined();
    expect(facts.services['db']!.reason).toMatch(/there is no compose.images.lock.json \(run 'cdk8s-compose images lock'\)/);
    expect(facts.services['app']!.facts?.complete).toBe(false);
  });

  it('the references to lock: pulled images and the bases of builds, once each however written, sorted', () => {
    const { load } = project(FILES);
    expect(referencesToLock(load())).toEqual(['docker.io/library/alpine:3.20', 'docker.io/library/postgres:16', 'docker.io/library/redis:7', 'gcr.io/distroless/static:nonroot']);
  });

  it('a compose file in a subfolder reads the Dockerfile of a context above it, inside the directory convert runs in', () => {
    // wallabag/docker's tests/docker-compose.postgresql-secret.yml builds `context: ../`.
    const { directory } = project({
      'tests/compose.yaml': 'services:\n  app:\n    build:\n      context: ../\n',
      Dockerfile: 'FROM alpine:3.20\nUSER 82:82\n',
    });
    const loaded = loadProject({ cwd: directory, files: ['tests/compose.yaml'], environment: {} });
    expect(readProjectImageFacts(loaded).services['app']!.facts).toMatchObject({ source: 'dockerfile', config: { user: { uid: 82, gid: 82 } } });
    // Run from the subfolder itself, the folder above is outside: not read.
    const inside = loadProject({ cwd: path.join(directory, 'tests'), environment: {} });
    expect(readProjectImageFacts(inside).services['app']!.reason).toMatch(/is outside/);
  });

  it('an unknown target is an error at the compose key; a broken Dockerfile at its line', () => {
    const target = project({ 'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      target: nope\n', Dockerfile: 'FROM x AS one\n' });
    const error = (() => {
      try {
        readProjectImageFacts(target.load());
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ComposeError);
    expect((error as ComposeError).format()).toMatch(/compose\.yaml:5:\d+: target stage "nope" is not in the Dockerfile \(stages: one\) \(.*Dockerfile\)/);
    const broken = project({ 'compose.yaml': 'services:\n  a:\n    build: .\n', Dockerfile: 'FROM x\nRUN <<EOF\necho\n' });
    expect(() => readProjectImageFacts(broken.load())).toThrowError(expect.objectContaining({ location: { file: path.join(broken.directory, 'Dockerfile'), line: 2, column: 1 } }));
  });
});

describe('lock file', () => {
  it('serializes deterministically: sorted keys at every level, the same bytes for the same lock', () => {
    const text = serializeImageLock(lock);
    expect(serializeImageLock(JSON.parse(text) as ImageLock)).toBe(text);
    expect(text.indexOf('"linux/amd64"')).toBeLessThan(text.indexOf('"linux/arm64"'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('bad lock files are located errors; a reference is looked up normalized', () => {
    expect(() => parseImageLock('{\n  "version": 1,\n  "images": {,}\n}', '/p/lock.json')).toThrowError(expect.objectContaining({ location: expect.objectContaining({ file: '/p/lock.json', line: 3 }) }));
    expect(() => parseImageLock('{"version": 2, "images": {}}', '/p/lock.json')).toThrowError(/expected "version": 1/);
    const loaded = { file: '/p/lock.json', lock };
    expect(lockedImageFacts(loaded, 'postgres:16').facts?.digest).toBe('sha256:2222222222222222222222222222222222222222222222222222222222222222');
    expect(lockedImageFacts(loaded, 'index.docker.io/library/postgres:16', 'linux/arm64').facts?.digest).toMatch(/^sha256:3333/);
    expect(lockedImageFacts(loaded, 'postgres:16', 'linux/s390x').reason).toMatch(/has no linux\/s390x manifest .* \(locked: linux\/arm64, linux\/amd64\)/);
    expect(lockedImageFacts(loaded, 'Bad Ref').reason).toMatch(/invalid image reference/);
  });

  it('is read from beside the first compose file', () => {
    const { directory, load } = project(FILES);
    const loaded = load();
    expect(lockFilePath(loaded)).toBe(path.join(directory, 'compose.images.lock.json'));
    expect(readImageLock(loaded)).toBeUndefined();
    writeImageLock(lockFilePath(loaded), lock);
    expect(readFileSync(lockFilePath(loaded), 'utf8')).toBe(serializeImageLock(lock));
    expect(readImageLock(loaded)?.lock).toEqual(lock);
  });
});

describe('lock file platforms', () => {
  it('linux/arm64/v8 finds the linux/arm64 entry', () => {
    expect(lockedImageFacts({ file: '/p/lock.json', lock }, 'postgres:16', 'linux/arm64/v8').facts?.config.labels).toEqual({ arch: 'arm64' });
  });
});
