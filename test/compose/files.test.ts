import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/compose/load.ts';
import { load, loadError, writeTree } from './support/project.ts';

const WEB = 'services:\n  web:\n    image: nginx\n';

describe('compose files', () => {
  it('finds compose.yaml and its override file by default', () => {
    const project = load({ 'compose.yaml': WEB, 'compose.override.yaml': 'services:\n  web:\n    image: nginx:override\n' });
    expect(project.services['web']?.image).toBe('nginx:override');
    expect(project.composeFiles.map((file) => path.basename(file))).toEqual(['compose.yaml', 'compose.override.yaml']);
  });

  it('prefers compose.yaml over docker-compose.yml and searches parent directories', () => {
    const directory = writeTree({ 'docker-compose.yml': 'services:\n  old: {image: x}\n', 'compose.yaml': WEB, 'sub/dir/.keep': '' });
    const project = loadProject({ cwd: path.join(directory, 'sub', 'dir'), environment: {} });
    expect(Object.keys(project.services)).toEqual(['web']);
    expect(project.workingDir).toBe(directory);
  });

  it('merges -f files in order and honours COMPOSE_FILE', () => {
    const directory = writeTree({ 'a.yaml': WEB, 'b.yaml': 'services:\n  web:\n    environment: {B: "2"}\n' });
    const explicit = loadProject({ cwd: directory, files: ['a.yaml', 'b.yaml'], environment: {} });
    expect(explicit.services['web']).toMatchObject({ image: 'nginx', environment: { B: '2' } });
    const fromEnvironment = loadProject({ cwd: directory, environment: { COMPOSE_FILE: 'a.yaml:b.yaml' } });
    expect(fromEnvironment.composeFiles).toEqual(explicit.composeFiles);
  });

  it('resolves relative paths against the project directory, not later files', () => {
    const directory = writeTree({ 'app/compose.yaml': WEB, 'overrides/extra.yaml': 'services:\n  web:\n    volumes: [./data:/data]\n' });
    const project = loadProject({ cwd: directory, files: ['app/compose.yaml', 'overrides/extra.yaml'], environment: {} });
    expect(project.services['web']?.volumes[0]).toMatchObject({ type: 'bind', source: path.join(directory, 'app', 'data') });
  });
});

describe('interpolation environment', () => {
  it('reads .env from the project directory, with the process environment winning', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    environment: {MODE: "${MODE}"}\n', '.env': 'TAG=from-dotenv\nMODE=dotenv\n' };
    expect(load(files).services['web']).toMatchObject({ image: 'nginx:from-dotenv', environment: { MODE: 'dotenv' } });
    expect(load(files, { environment: { TAG: 'from-shell' } }).services['web']?.image).toBe('nginx:from-shell');
  });

  it('uses --env-file instead of .env, later files winning', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n', '.env': 'TAG=default\n', 'a.env': 'TAG=a\n', 'b.env': 'TAG=b\n' };
    const directory = writeTree(files);
    expect(loadProject({ cwd: directory, envFiles: ['a.env', 'b.env'], environment: {} }).services['web']?.image).toBe('nginx:b');
    expect(() => loadProject({ cwd: directory, envFiles: ['missing.env'], environment: {} })).toThrow(/env file .*missing\.env not found/);
  });

  it('takes COMPOSE_FILE from the .env of the working directory, as docker compose does', () => {
    const directory = writeTree({ '.env': 'COMPOSE_FILE=app/stack.yaml\nTAG=from-dotenv\n', 'app/stack.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n' });
    const project = loadProject({ cwd: directory, environment: {} });
    expect(project.composeFiles).toEqual([path.join(directory, 'app', 'stack.yaml')]);
    expect(project.services['web']?.image).toBe('nginx:from-dotenv');
  });

  it('reads the .env of the working directory first, then the .env of the project directory found above it', () => {
    const directory = writeTree({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: [echo, "${ROOT}", "${SUB}", "${BOTH}"]\n',
      '.env': 'ROOT=root\nBOTH=root\n',
      'sub/.env': 'SUB=sub\nBOTH=sub\n',
    });
    expect(loadProject({ cwd: path.join(directory, 'sub'), environment: {} }).services['web']?.command).toEqual(['echo', 'root', 'sub', 'sub']);
    expect(loadProject({ cwd: path.join(directory, 'sub'), environment: { BOTH: 'shell' } }).services['web']?.command).toEqual(['echo', 'root', 'sub', 'shell']);
    // with -f, the directory of the first file is known from the start: only its .env is read
    const explicit = loadProject({ cwd: path.join(directory, 'sub'), files: ['../compose.yaml'], environment: {} });
    expect(explicit.services['web']?.command).toEqual(['echo', 'root', '', 'root']);
  });

  it('interpolates values, never keys, and keeps $$ literal', () => {
    const project = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    labels:\n      ${KEY}: "$$HOME ${VALUE:-fallback}"\n' }, { environment: { KEY: 'k' } });
    expect(project.services['web']?.labels).toEqual({ '${KEY}': '$HOME fallback' });
  });
});

describe('project name and profiles', () => {
  it('takes -p over COMPOSE_PROJECT_NAME over name: over the directory', () => {
    const files = { 'compose.yaml': `name: declared\n${WEB}` };
    expect(load(files, { projectName: 'flag', environment: { COMPOSE_PROJECT_NAME: 'env' } }).name).toBe('flag');
    expect(load(files, { environment: { COMPOSE_PROJECT_NAME: 'env' } }).name).toBe('env');
    expect(load(files).name).toBe('declared');
    expect(load({ 'compose.yaml': WEB }).name).toMatch(/^compose-loader-/);
  });

  it('reads COMPOSE_PROJECT_NAME and COMPOSE_PROFILES from .env too', () => {
    const project = load({ 'compose.yaml': `${WEB}  debug:\n    image: busybox\n    profiles: [debug]\n`, '.env': 'COMPOSE_PROJECT_NAME=fromdotenv\nCOMPOSE_PROFILES=debug\n' });
    expect(project.name).toBe('fromdotenv');
    expect(project.disabledServices).toEqual([]);
  });

  it('interpolates name: like any value', () => {
    expect(load({ 'compose.yaml': `name: shop-\${STAGE}\n${WEB}` }, { environment: { STAGE: 'dev' } }).name).toBe('shop-dev');
  });

  it('reads active profiles from COMPOSE_PROFILES when --profile is not given', () => {
    const files = { 'compose.yaml': `${WEB}  debug:\n    image: busybox\n    profiles: [debug]\n` };
    expect(load(files).disabledServices).toEqual(['debug']);
    const project = load(files, { environment: { COMPOSE_PROFILES: 'debug,other' } });
    expect(Object.keys(project.services)).toEqual(['debug', 'web']);
    expect(project.profiles).toEqual(['debug', 'other']);
    expect(load(files, { profiles: [], environment: { COMPOSE_PROFILES: 'debug' } }).disabledServices).toEqual(['debug']);
  });
});

describe('merge tags and extends', () => {
  it('removes with !reset and replaces with !override across files', () => {
    const project = load(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    environment: {A: "1", B: "2"}\n    labels: {x: "1"}\n',
        'compose.override.yaml': 'services:\n  web:\n    ports: !override ["8080:80"]\n    environment:\n      A: !reset null\n    labels: !reset {}\n',
      },
    );
    expect(project.services['web']).toMatchObject({ ports: [{ target: 80, published: 8080 }], environment: { B: '2' }, labels: {} });
  });

  it('extends a service of another file, resolving its relative paths against that file', () => {
    const project = load({
      'compose.yaml': 'services:\n  web:\n    extends: {file: common/base.yaml, service: base}\n    environment: {ROLE: web}\n',
      'common/base.yaml': 'services:\n  base:\n    image: app\n    build: ./src\n    env_file: base.env\n    volumes: [./conf:/conf]\n    environment: {ROLE: base, LEVEL: info}\n',
      'common/base.env': 'FROM_FILE=yes\n',
    });
    const web = project.services['web'];
    const common = path.join(project.workingDir, 'common');
    expect(web?.build?.context).toBe(path.join(common, 'src'));
    expect(web?.volumes[0]).toMatchObject({ source: path.join(common, 'conf') });
    expect(web?.environment).toEqual({ FROM_FILE: 'yes', ROLE: 'web', LEVEL: 'info' });
  });

  it('rejects extends cycles and unknown base services', () => {
    const cycle = loadError({ 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n' });
    expect(cycle.message).toContain('circular extends: a -> b -> a');
    expect(cycle.location).toMatchObject({ line: 4, column: 5 });
    expect(loadError({ 'compose.yaml': 'services:\n  a:\n    extends: nope\n' }).message).toContain('cannot extend service "nope": no such service');
  });

  it('supports YAML anchors and merge keys', () => {
    const project = load({ 'compose.yaml': 'x-base: &base\n  image: app\n  restart: always\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n    restart: "no"\n' });
    expect(project.services['a']).toMatchObject({ image: 'app', restart: 'always' });
    expect(project.services['b']).toMatchObject({ image: 'app', restart: 'no' });
  });

  it('takes a merge key with the explicit tag (!!merge <<:, as SigNoz writes it) or a non-specific one (! <<) as compose-go does; a quoted "<<" is a key', () => {
    const base = 'x-base: &base\n  image: app\n  restart: always\nservices:\n';
    const project = load({ 'compose.yaml': `${base}  a:\n    !!merge <<: *base\n  b:\n    !!merge "<<": *base\n    restart: "no"\n  c:\n    ! <<: *base\n` });
    expect(project.services['a']).toMatchObject({ image: 'app', restart: 'always' });
    expect(project.services['b']).toMatchObject({ image: 'app', restart: 'no' });
    expect(project.services['c']).toMatchObject({ image: 'app', restart: 'always' });
    expect(loadError({ 'compose.yaml': `${base}  a:\n    "<<": *base\n` }).message).toContain('unknown key "<<"');
  });
});
