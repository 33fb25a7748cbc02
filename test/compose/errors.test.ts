import { describe, expect, it } from 'vitest';
import { load, loadError } from './support/project.ts';

/** Every kind of bad input ends in one ComposeError naming the file, line, column and key. */
describe('loader errors', () => {
  it('reports broken YAML with its position', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n   bad: [\n' });
    expect(error.message).toMatch(/^invalid YAML: /);
    expect(error.location).toMatchObject({ line: 4 });
    expect(error.location?.file).toMatch(/compose\.yaml$/);
  });

  it('rejects duplicate keys', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' });
    expect(error.message).toBe('invalid YAML: mapping key "image" already defined at line 3');
    expect(error.location).toMatchObject({ line: 4, column: 5 });
  });

  it('rejects a document that is not a mapping', () => {
    expect(loadError({ 'compose.yaml': '- a\n- b\n' }).message).toContain('must be a mapping at the top level');
  });

  it('names an unknown key where it was written', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    imagee: x\n' });
    expect(error.format()).toMatch(/compose\.yaml:4:5: services\.web\.imagee: unknown key "imagee"$/);
  });

  it('reports wrong types from the schema', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 1.5\n' });
    expect(error.message).toBe('services.web.deploy.replicas: must be an integer');
    expect(error.location).toMatchObject({ line: 5, column: 7 });
    expect(error.key).toBe('services.web.deploy.replicas');
  });

  it('names every type a value may have when it has none of them', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment: 5\n' });
    expect(error.message).toBe('services.web.environment: must be a mapping or a list');
  });

  it('casts interpolated values like compose and rejects what does not cast', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: ${N}\n' };
    expect(load(files, { environment: { N: '3' } }).services['web']?.deploy.replicas).toBe(3);
    const error = loadError(files, { environment: { N: 'abc' } });
    expect(error.message).toBe('services.web.deploy.replicas: must be an integer, got "abc"');
    expect(error.location).toMatchObject({ line: 5, column: 7 });
  });

  it('rejects an out-of-range port', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "99999:80"\n' });
    expect(error.message).toBe('services.web.ports.0: invalid port "99999:80": must be 1-65535');
    expect(error.location).toMatchObject({ line: 5, column: 9 });
  });

  it('rejects an out-of-range port in long syntax', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - target: 70000\n' });
    expect(error.message).toBe('services.web.ports.0.target: invalid port "70000": must be 1-65535');
  });

  it('rejects a dependency on an undefined service', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n' });
    expect(error.message).toBe('services.web.depends_on.db: service "web" depends on undefined service "db"');
    expect(error.location).toMatchObject({ line: 4, column: 18 });
  });

  it('ignores an optional dependency on an undefined service, with a warning', () => {
    const project = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on:\n      db: {condition: service_started, required: false}\n' });
    expect(project.services['web']?.dependsOn).toEqual({});
    expect(project.warnings.map((warning) => warning.key)).toContain('services.web.depends_on.db');
  });

  it('rejects dependency cycles', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n' });
    expect(error.message).toBe('services.b.depends_on.a: dependency cycle detected: a -> b -> a');
    expect(error.location).toMatchObject({ line: 7 });
  });

  it('rejects a missing required variable', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: ${IMAGE:?set IMAGE}\n' });
    expect(error.message).toContain('services.web.image');
    expect(error.message).toContain('set IMAGE');
    expect(error.location).toMatchObject({ line: 3, column: 5 });
  });

  it('rejects a missing env_file unless it is optional', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: missing.env\n' });
    expect(error.message).toMatch(/^services\.web\.env_file\.0: env file .*missing\.env not found$/);
    // A one-file `env_file: x` has no list item of its own: the key's position stands for it.
    expect(error.location).toMatchObject({ line: 4, column: 5 });
    const optional = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file:\n      - path: missing.env\n        required: false\n' });
    expect(optional.services['web']?.environment).toEqual({});
  });

  it('rejects invalid project names given on purpose and normalizes directory names', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' };
    expect(loadError(files, { projectName: 'My App' }).message).toContain('invalid project name "My App" (-p)');
    expect(loadError(files, { environment: { COMPOSE_PROJECT_NAME: 'Bad!' } }).message).toContain('(COMPOSE_PROJECT_NAME)');
    const declared = loadError({ 'compose.yaml': 'name: Web.App\nservices:\n  web:\n    image: nginx\n' });
    expect(declared.message).toContain('invalid project name "Web.App" (name)');
    expect(declared.location).toMatchObject({ line: 1, column: 1 });
    expect(load(files, { projectDirectory: '/tmp/My_Project.v2' }).name).toBe('my_projectv2');
  });

  it('rejects invalid service names', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  "web app":\n    image: nginx\n' });
    expect(error.message).toBe('services.web app: invalid service name "web app": only letters, digits, ".", "_" and "-" are allowed');
    expect(error.location).toMatchObject({ line: 2, column: 3 });
  });

  it('names a config file outside the project and the key that points at it; an absent secret file is the user\'s to create', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\nconfigs:\n  token:\n    file: ../../token.txt\n' });
    expect(error.message).toMatch(/^configs\.token\.file: config file .*token\.txt not found$/);
    expect(error.location).toMatchObject({ line: 6, column: 5 });
  });

  it('rejects references to undeclared volumes, networks, secrets and configs', () => {
    const service = (body: string): Record<string, string> => ({ 'compose.yaml': `services:\n  web:\n    image: nginx\n${body}` });
    expect(loadError(service('    volumes: ["data:/data"]\n')).message).toContain('refers to undefined volume "data"');
    expect(loadError(service('    networks: [back]\n')).message).toContain('refers to undefined network "back"');
    expect(loadError(service('    secrets: [token]\n')).message).toContain('refers to undefined secret "token"');
    expect(loadError(service('    configs: [conf]\n')).message).toContain('refers to undefined config "conf"');
  });

  it('rejects network_mode together with networks, as compose-go does', () => {
    // TheHungryGuy/media_fetchrr lists networks under each network_mode: service:gluetun service; docker compose refuses it.
    const error = loadError({ 'compose.yaml': 'services:\n  vpn:\n    image: gluetun\n  web:\n    image: nginx\n    network_mode: service:vpn\n    networks: [default]\n' });
    expect(error.format()).toMatch(/compose\.yaml:6:5: services\.web\.network_mode: service "web" declares mutually exclusive `network_mode` and `networks`$/);
    expect(load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    network_mode: host\n    networks: {}\n' }).services['web']?.networkMode).toBe('host');
  });

  it('rejects scale that contradicts deploy.replicas', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    scale: 2\n    deploy: {replicas: 3}\n' });
    expect(error.message).toBe('services.web.scale: conflicts with deploy.replicas (2 vs 3)');
  });

  it('reports no configuration file', () => {
    expect(loadError({ 'README.md': 'nothing here' }, { cwd: '/' }).message).toContain('no configuration file provided');
  });
});

/** Malformed documents of every shape: each must end in a ComposeError with a location. */
const MALFORMED = [
  'services: [a, b]',
  'services: {web: {ports: {a: 1}}}',
  'networks: {n: [1]}',
  'services: {web: {volumes: [{type: bind}]}}',
  'services: {web: {image: x, env_file: [{required: false}]}}',
  'services: {web: {image: x, healthcheck: {test: 5}}}',
  'services: {web: {image: x, deploy: {resources: {limits: {memory: abc}}}}}',
  'services: {web: {image: x, extends: {file: nope.yaml, service: a}}}',
  'services: {web: {image: x, depends_on: {db: null}}, db: {image: y}}',
  'services: {web: {image: x, ulimits: {nofile: {}}}}',
  'services: {web: {image: x, secrets: [{target: a}]}}',
  'secrets: {a: {}}',
  'services: {web: {image: x, command: [1, 2]}}',
  'services: {web: {image: x, labels: {a: [1]}}}',
  'services: {web: {image: x, ports: ["1-2:3-5"]}}',
  'services: {web: {image: x, expose: ["5-1"]}}',
  'services: {web: {image: x, cpus: -1}}',
  'services: {web: {<<: 5}}',
  'services: {web: {image: *nope}}',
  'services: {web: {image: x, restart: sometimes}}',
  'services: {web: {image: x, extends: {service: web}}}',
  'include: [{path: 5}]',
  'include: [missing.yaml]',
];

describe('malformed documents', () => {
  it.each(MALFORMED)('%s', (text) => {
    const error = loadError({ 'compose.yaml': text });
    expect(error.location?.file).toMatch(/compose\.yaml$/);
    expect(error.location?.line).toBe(1);
  });
});

describe('loader warnings', () => {
  it('warns that version is obsolete, with its location', () => {
    const project = load({ 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx\n' });
    expect(project.warnings).toEqual([
      expect.objectContaining({ key: 'version', message: 'version: the attribute `version` is obsolete and ignored', location: expect.objectContaining({ line: 1, column: 1 }) }),
    ]);
  });

  it('warns once per unset variable and substitutes an empty string', () => {
    const project = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    environment:\n      A: ${TAG}\n' });
    expect(project.services['web']?.image).toBe('nginx:');
    const unset = project.warnings.filter((warning) => warning.message.includes('"TAG" variable is not set'));
    expect(unset).toHaveLength(1);
    expect(unset[0]?.location).toMatchObject({ line: 3, column: 5 });
  });

  it('refuses a service with neither an image nor a build, as compose-go does; an empty image is none', () => {
    expect(loadError({ 'compose.yaml': 'services:\n  a:\n    command: [run]\n' }).format()).toMatch(/compose\.yaml:2:3: services\.a: service "a" has neither an image nor a build context specified$/);
    expect(loadError({ 'compose.yaml': 'services:\n  kafka:\n    image: ${IMAGE}\n' }).format()).toMatch(
      /compose\.yaml:3:5: services\.kafka\.image: service "kafka" has neither an image nor a build context specified \(the "IMAGE" variable is not set\)$/,
    );
    expect(load({ 'compose.yaml': 'services:\n  app:\n    image: ""\n    build: .\n', Dockerfile: 'FROM alpine\n' }).services['app']?.image).toBeUndefined();
    expect(Object.keys(load({ 'compose.yaml': 'services:\n  llm:\n    provider: {type: model, options: {model: ai/x}}\n  off:\n    profiles: [off]\n    command: [x]\n' }).services)).toEqual(['llm']);
  });

  it('names the variable that was not set in an error about the value it left empty (a forgotten .env)', () => {
    const volume = { 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - ${DB_DATA_LOCATION}:/var/lib/postgresql/data\n' };
    expect(loadError(volume).format()).toMatch(/compose\.yaml:5:9: services\.db\.volumes\.0: invalid volume ":\/var\/lib\/postgresql\/data": expected \[SOURCE:\]TARGET\[:MODE\] \(the "DB_DATA_LOCATION" variable is not set\)$/);
    // Set, even to nothing, it is the value that is wrong: compose says nothing of the variable either.
    expect(loadError(volume, { environment: { DB_DATA_LOCATION: '' } }).message).not.toContain('not set');
    const size = { 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    shm_size: ${SHM}x\n' };
    expect(loadError(size).message).toMatch(/^services\.db\.shm_size: invalid size "x": .* \(the "SHM" variable is not set\)$/);
  });
});
