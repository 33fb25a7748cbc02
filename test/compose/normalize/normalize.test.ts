import { chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../../lib/compose/model.ts';
import { loadProject } from '../../../lib/compose/load.ts';
import { load } from '../support/project.ts';

/** Loads one service `web` written with `body` (indented service keys) and returns it. */
function web(body: string, extra = '', files: Record<string, string> = {}): Service {
  const project = load({ 'compose.yaml': `services:\n  web:\n    image: nginx\n${body}${extra}`, ...files });
  const service = project.services['web'];
  if (!service) throw new Error('service web missing');
  return service;
}

describe('ports and expose', () => {
  it('expands short syntax: ranges, host IP, protocol, container-only', () => {
    const service = web('    ports:\n      - "3000-3002:4000-4002"\n      - "127.0.0.1:5432:5432"\n      - "53:53/udp"\n      - "9090"\n      - 8080\n      - "[::1]:6000:6001"\n');
    expect(service.ports).toEqual([
      { target: 4000, published: 3000, protocol: 'tcp', mode: 'ingress' },
      { target: 4001, published: 3001, protocol: 'tcp', mode: 'ingress' },
      { target: 4002, published: 3002, protocol: 'tcp', mode: 'ingress' },
      { target: 5432, published: 5432, hostIp: '127.0.0.1', protocol: 'tcp', mode: 'ingress' },
      { target: 53, published: 53, protocol: 'udp', mode: 'ingress' },
      { target: 9090, protocol: 'tcp', mode: 'ingress' },
      { target: 8080, protocol: 'tcp', mode: 'ingress' },
      { target: 6001, published: 6000, hostIp: '::1', protocol: 'tcp', mode: 'ingress' },
    ]);
  });

  it('reads long syntax with names and app protocols', () => {
    const service = web('    ports:\n      - {target: 80, published: "8080", host_ip: 0.0.0.0, protocol: udp, mode: host, name: web, app_protocol: http}\n');
    expect(service.ports).toEqual([{ target: 80, published: 8080, hostIp: '0.0.0.0', protocol: 'udp', mode: 'host', name: 'web', appProtocol: 'http' }]);
  });

  it('expands expose ranges', () => {
    expect(web('    expose: ["3000-3001", "4000/udp", 5000]\n').expose).toEqual([
      { port: 3000, protocol: 'tcp' },
      { port: 3001, protocol: 'tcp' },
      { port: 4000, protocol: 'udp' },
      { port: 5000, protocol: 'tcp' },
    ]);
  });
});

describe('volumes', () => {
  it('reads short syntax: named, anonymous, relative and home binds, modes', () => {
    const service = web(
      '    volumes:\n      - data:/var/lib/data:ro\n      - /cache\n      - ./conf:/etc/conf:ro,z\n      - ~/src:/src:delegated\n      - /host:/host:rshared\n',
      'volumes:\n  data: {}\n',
    );
    const directory = path.dirname(service.location.file);
    expect(service.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: true, nocopy: false },
      { type: 'volume', target: '/cache', readOnly: false, nocopy: false },
      { type: 'bind', source: path.join(directory, 'conf'), sourceRelativeTo: 'project', target: '/etc/conf', readOnly: true, createHostPath: true, selinux: 'z' },
      { type: 'bind', source: path.join(os.homedir(), 'src'), sourceRelativeTo: 'home', target: '/src', readOnly: false, createHostPath: true },
      { type: 'bind', source: '/host', target: '/host', readOnly: false, createHostPath: true, propagation: 'rshared' },
    ]);
  });

  it('reads long syntax and service-level tmpfs', () => {
    const service = web(
      '    volumes:\n      - {type: bind, source: ./site, target: /site, read_only: true, bind: {create_host_path: false}}\n      - {type: volume, source: data, target: /data, volume: {nocopy: true, subpath: sub}}\n      - {type: tmpfs, target: /tmp, tmpfs: {size: 64m, mode: 1777}}\n    tmpfs:\n      - /run:size=1k,mode=0700\n',
      'volumes:\n  data: {}\n',
    );
    expect(service.volumes).toEqual([
      { type: 'bind', source: path.join(path.dirname(service.location.file), 'site'), sourceRelativeTo: 'project', target: '/site', readOnly: true, createHostPath: false },
      { type: 'volume', source: 'data', target: '/data', readOnly: false, nocopy: true, subpath: 'sub' },
      { type: 'tmpfs', target: '/tmp', readOnly: false, size: 64 * 1024 * 1024, mode: 1777 },
      { type: 'tmpfs', target: '/run', readOnly: false, size: 1024, mode: 0o700 },
    ]);
  });

  it('cleans targets and keeps Windows host paths, as compose-go does', () => {
    const service = web('    volumes:\n      - ./app:/var/www/html/\n      - {type: bind, source: "C:\\\\docker\\\\project", target: /test//sub/./dir/}\n      - data:/data/../srv/\n', 'volumes:\n  data: {}\n');
    expect(service.volumes.map((mount) => mount.target)).toEqual(['/var/www/html', '/test/sub/dir', '/srv']);
    expect(service.volumes[1]).toMatchObject({ type: 'bind', source: 'C:\\docker\\project' });
  });

  it('creates a missing host path for short syntax and long syntax with bind:, not for long syntax without it', () => {
    const service = web('    volumes:\n      - ./a:/a\n      - {type: bind, source: ./b, target: /b}\n      - {type: bind, source: ./c, target: /c, bind: {propagation: rshared}}\n');
    expect(service.volumes.map((mount) => mount.type === 'bind' && mount.createHostPath)).toEqual([true, false, true]);
  });

  it('rejects unknown short-syntax modes', () => {
    expect(() => web('    volumes: ["/a:/b:bogus"]\n')).toThrow('unknown volume mode "bogus"');
  });
});

describe('service fields', () => {
  it('normalizes depends_on list and map syntax', () => {
    const project = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on:\n      db: {condition: service_healthy, restart: true}\n      cache: {condition: service_started, required: false}\n  db: {image: pg}\n  cache: {image: redis}\n  worker:\n    image: w\n    depends_on: [db]\n',
    });
    expect(project.services['web']?.dependsOn).toEqual({
      db: { condition: 'service_healthy', required: true, restart: true },
      cache: { condition: 'service_started', required: false, restart: false },
    });
    expect(project.services['worker']?.dependsOn).toEqual({ db: { condition: 'service_started', required: true, restart: false } });
  });

  it('adds the dependencies compose implies: links, shared namespaces, volumes_from', () => {
    const project = load({
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    links: ["db:database"]\n    network_mode: service:vpn\n    ipc: service:shm\n    volumes_from: [data, "container:other", "files:ro"]\n    depends_on:\n      shm: {condition: service_healthy}\n' +
        '  db: {image: pg}\n  vpn: {image: vpn}\n  shm: {image: shm}\n  data: {image: data}\n  files: {image: files}\n',
    });
    expect(project.services['web']?.dependsOn).toEqual({
      db: { condition: 'service_started', required: true, restart: true, impliedBy: 'services.web.links' },
      vpn: { condition: 'service_started', required: true, restart: true, impliedBy: 'services.web.network_mode' },
      // Written in depends_on: nothing implies it.
      shm: { condition: 'service_healthy', required: true, restart: false },
      data: { condition: 'service_started', required: true, restart: false, impliedBy: 'services.web.volumes_from' },
      files: { condition: 'service_started', required: true, restart: false, impliedBy: 'services.web.volumes_from' },
    });
  });

  it('normalizes healthcheck forms and durations', () => {
    expect(web('    healthcheck:\n      test: curl -f http://localhost\n      interval: 1m30s\n      timeout: 10s\n      retries: 3\n      start_period: 500ms\n      start_interval: 2s\n').healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f http://localhost'],
      disable: false,
      interval: 90_000,
      timeout: 10_000,
      retries: 3,
      startPeriod: 500,
      startInterval: 2000,
    });
    expect(web('    healthcheck:\n      test: ["CMD", "pg_isready"]\n').healthcheck?.test).toEqual(['CMD', 'pg_isready']);
    expect(web('    healthcheck:\n      test: ["NONE"]\n').healthcheck).toEqual({ test: ['NONE'], disable: true });
    expect(web('    healthcheck:\n      disable: true\n').healthcheck).toEqual({ test: ['NONE'], disable: true });
    expect(() => web('    healthcheck:\n      test: ["pg_isready"]\n')).toThrow('must start with "CMD", "CMD-SHELL" or "NONE"');
  });

  it('resolves build context and takes valueless build args from the environment', () => {
    const project = load({ 'compose.yaml': 'services:\n  web:\n    build:\n      context: ./app\n      dockerfile: Dockerfile.prod\n      target: runtime\n      args: [VERSION, EMPTY=, UNSET]\n' }, { environment: { VERSION: '1.2' } });
    expect(project.services['web']?.build).toEqual({
      context: path.join(project.workingDir, 'app'),
      dockerfile: 'Dockerfile.prod',
      target: 'runtime',
      args: { VERSION: '1.2', EMPTY: '', UNSET: null },
    });
    expect(load({ 'compose.yaml': 'services:\n  web:\n    build: https://github.com/org/repo.git#main\n' }).services['web']?.build?.context).toBe('https://github.com/org/repo.git#main');
  });

  it('takes an empty dockerfile or target (an unset variable) for the default, as compose does', () => {
    const project = load({ 'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: ${DOCKERFILE:-}\n      target: ""\n' });
    expect(project.services['web']?.build).toEqual({ context: project.workingDir, args: {} });
  });

  it('splits string commands like a shell and keeps lists', () => {
    const service = web('    command: sh -c "echo hello world"\n    entrypoint: ["/bin/tini", "--"]\n');
    expect(service.command).toEqual(['sh', '-c', 'echo hello world']);
    expect(service.entrypoint).toEqual(['/bin/tini', '--']);
  });

  it('merges env_file below environment and resolves bare keys from the project environment', () => {
    const service = web(
      '    env_file: [base.env, {path: extra.env, format: raw}]\n    environment:\n      - A=from-environment\n      - FROM_SHELL\n      - UNSET\n',
      '',
      { 'base.env': 'A=from-file\nB="quoted # not a comment"\n', 'extra.env': 'C="raw keeps quotes"\n', '.env': 'FROM_SHELL=dotenv\n' },
    );
    expect(service.environment).toEqual({ A: 'from-environment', B: 'quoted # not a comment', C: '"raw keeps quotes"', FROM_SHELL: 'dotenv', UNSET: null });
    expect(service.envFileKeys).toEqual(['B', 'C']);
  });

  it("records the variables an env_file's values used, under environment.<key>, unless environment replaces the key", () => {
    // rw14ra repro 09: only the compose file's interpolation was recorded.
    const service = web(
      '    env_file: app.env\n    environment:\n      REPLACED: ${POSTGRES_PASSWORD}-x\n',
      '',
      { 'app.env': 'POSTGRES_PASSWORD=changeme\nDB_CONN=${POSTGRES_PASSWORD}\nREPLACED=${POSTGRES_PASSWORD}\n', '.env': 'POSTGRES_PASSWORD=from-dotenv\n' },
    );
    expect(service.environment['DB_CONN']).toBe('from-dotenv');
    expect(service.interpolated['environment.DB_CONN']).toEqual([{ name: 'POSTGRES_PASSWORD', value: 'from-dotenv' }]);
    expect(service.interpolated['environment.REPLACED']).toEqual([{ name: 'POSTGRES_PASSWORD', value: 'from-dotenv' }]);
    expect(service.environment['REPLACED']).toBe('from-dotenv-x');
    expect(service.interpolated['environment.POSTGRES_PASSWORD']).toBeUndefined();
  });

  it('folds legacy resource keys into deploy', () => {
    const service = web('    mem_limit: 512m\n    mem_reservation: 128m\n    cpu_quota: 50000\n    pids_limit: 100\n    scale: 3\n');
    expect(service.deploy.replicas).toBe(3);
    expect(service.deploy.resources.limits).toEqual({ cpus: 0.5, memory: 512 * 1024 * 1024, pids: 100 });
    expect(service.deploy.resources.reservations).toEqual({ memory: 128 * 1024 * 1024, devices: [] });
    expect(web('    cpus: 1.5\n').deploy.resources.limits.cpus).toBe(1.5);
  });

  it('turns gpus: into GPU device reservations', () => {
    expect(web('    gpus: all\n').deploy.resources.reservations.devices).toEqual([{ capabilities: ['gpu'], count: 'all', deviceIds: [] }]);
    expect(web('    gpus:\n      - driver: nvidia\n        device_ids: ["0"]\n').deploy.resources.reservations.devices).toEqual([
      { capabilities: ['gpu'], driver: 'nvidia', deviceIds: ['0'] },
    ]);
  });

  it('reads deploy in full', () => {
    const service = web(
      '    deploy:\n      mode: replicated\n      replicas: 2\n      endpoint_mode: dnsrr\n      labels: [tier=web]\n      resources:\n        limits: {cpus: "0.25", memory: 256M}\n        reservations:\n          devices:\n            - {driver: nvidia, count: all, capabilities: [gpu]}\n      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}\n      update_config: {parallelism: 2, delay: 10s, order: start-first, failure_action: rollback}\n      placement:\n        constraints: [node.role == worker]\n        preferences: [{spread: node.labels.zone}]\n        max_replicas_per_node: 1\n',
    );
    expect(service.deploy).toEqual({
      mode: 'replicated',
      replicas: 2,
      endpointMode: 'dnsrr',
      labels: { tier: 'web' },
      resources: {
        limits: { cpus: 0.25, memory: 256 * 1024 * 1024 },
        reservations: { devices: [{ driver: 'nvidia', count: 'all', capabilities: ['gpu'], deviceIds: [] }] },
      },
      restartPolicy: { condition: 'on-failure', delay: 5000, maxAttempts: 3, window: 120_000 },
      updateConfig: { parallelism: 2, delay: 10_000, order: 'start-first', failureAction: 'rollback' },
      placement: { constraints: ['node.role == worker'], preferences: [{ spread: 'node.labels.zone' }], maxReplicasPerNode: 1 },
    });
  });

  it('reads devices, users, capabilities and flags', () => {
    const service = web(
      '    devices: ["/dev/ttyUSB0", "/dev/sda:/dev/xvda:r", {source: /dev/fuse, target: /dev/fuse, permissions: rw}]\n    user: 1000:1000\n    group_add: [audio, 44]\n    cap_add: [NET_ADMIN]\n    cap_drop: [ALL]\n    privileged: true\n    read_only: true\n    tty: true\n    stdin_open: true\n    restart: on-failure:3\n    stop_grace_period: 1m\n    shm_size: 1g\n    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}\n    sysctls: [net.core.somaxconn=1024]\n',
    );
    expect(service.devices).toEqual([
      { source: '/dev/ttyUSB0', target: '/dev/ttyUSB0', permissions: 'rwm' },
      { source: '/dev/sda', target: '/dev/xvda', permissions: 'r' },
      { source: '/dev/fuse', target: '/dev/fuse', permissions: 'rw' },
    ]);
    expect(service).toMatchObject({
      user: '1000:1000',
      groupAdd: ['audio', '44'],
      capAdd: ['NET_ADMIN'],
      capDrop: ['ALL'],
      privileged: true,
      readOnly: true,
      tty: true,
      stdinOpen: true,
      restart: 'on-failure',
      stopGracePeriod: 60_000,
      shmSize: 1024 ** 3,
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: { soft: 512, hard: 512 } },
      sysctls: { 'net.core.somaxconn': '1024' },
    });
  });

  it('reads a mode written as a string in octal, interpolated or not, as compose-go does', () => {
    const service = web(
      '    secrets:\n      - {source: key, target: /a, mode: "0440"}\n      - {source: key, target: /b, mode: "${KEY_MODE:-0400}"}\n      - {source: key, target: /c, mode: "640"}\n',
      'secrets:\n  key: {content: k}\n',
    );
    expect(service.secrets.map((secret) => secret.mode)).toEqual([0o440, 0o400, 0o640]);
    expect(() => web('    secrets: [{source: key, mode: "rw"}]\n', 'secrets:\n  key: {content: k}\n')).toThrow(/services\.web\.secrets\.0\.mode: must be an octal file mode, got "rw"/);
  });

  it('gives secrets and configs default targets and reads octal modes', () => {
    const service = web(
      '    secrets: [token, {source: key, target: api-key, mode: 0440, uid: "103"}]\n    configs: [conf, {source: site, target: /etc/site.conf}]\n',
      'secrets:\n  token: {content: t}\n  key: {content: k}\nconfigs:\n  conf: {content: c}\n  site: {content: s}\n',
    );
    expect(service.secrets).toEqual([
      { source: 'token', target: '/run/secrets/token' },
      { source: 'key', target: '/run/secrets/api-key', mode: 0o440, uid: '103' },
    ]);
    expect(service.configs).toEqual([
      { source: 'conf', target: '/conf' },
      { source: 'site', target: '/etc/site.conf' },
    ]);
  });

  it('attaches services to the default network unless they name networks or a network mode', () => {
    const project = load({
      'compose.yaml': 'services:\n  a: {image: x}\n  b:\n    image: x\n    networks:\n      back: {aliases: [db], ipv4_address: 10.0.0.2}\n  c: {image: x, network_mode: host}\nnetworks:\n  back: {internal: true}\n',
    });
    expect(project.services['a']?.networks).toEqual({ default: { aliases: [] } });
    expect(project.services['b']?.networks).toEqual({ back: { aliases: ['db'], ipv4Address: '10.0.0.2' } });
    expect(project.services['c']?.networks).toEqual({});
    expect(project.networks).toEqual({
      back: { name: `${project.name}_back`, external: false, internal: true, attachable: false, labels: {}, extensions: {} },
      default: { name: `${project.name}_default`, external: false, internal: false, attachable: false, labels: {}, extensions: {} },
    });
  });
});

describe('top-level resources', () => {
  it('names networks and volumes, honouring external and name', () => {
    const project = load({
      'compose.yaml':
        'name: shop\nservices:\n  web:\n    image: x\n    volumes: [data:/d, shared:/s, legacy:/l]\nvolumes:\n  data: {driver: local, driver_opts: {type: nfs}, labels: [a=b]}\n  shared: {external: true}\n  legacy: {external: {name: old-volume}}\nnetworks:\n  default: {name: custom}\n',
    });
    expect(project.volumes).toEqual({
      data: { name: 'shop_data', external: false, driver: 'local', driverOpts: { type: 'nfs' }, labels: { a: 'b' }, extensions: {} },
      legacy: { name: 'old-volume', external: true, driverOpts: {}, labels: {}, extensions: {} },
      shared: { name: 'shared', external: true, driverOpts: {}, labels: {}, extensions: {} },
    });
    expect(project.networks['default']?.name).toBe('custom');
    expect(project.warnings.map((warning) => warning.key)).toContain('volumes.legacy.external.name');
  });

  it('reads secret and config payloads from files, the environment and content', () => {
    const project = load(
      {
        'compose.yaml': 'services:\n  web: {image: x}\nsecrets:\n  file: {file: ./secret.txt}\n  env: {environment: TOKEN}\n  ext: {external: true}\nconfigs:\n  inline: {content: "port=${PORT}"}\n',
        'secret.txt': 's3cret\n',
      },
      { environment: { TOKEN: 'from-env', PORT: '80' } },
    );
    expect(project.secrets['file']).toMatchObject({ source: { kind: 'file' }, value: 's3cret\n' });
    expect(project.secrets['env']).toMatchObject({ source: { kind: 'environment', variable: 'TOKEN' }, value: 'from-env' });
    expect(project.secrets['ext']).toEqual({ name: 'ext', source: { kind: 'external' }, labels: {}, extensions: {} });
    expect(project.configs['inline']).toMatchObject({ source: { kind: 'content' }, value: 'port=80' });
  });

  it('keeps x- extensions at every level, as ordinary objects', () => {
    const project = load({ 'compose.yaml': 'x-kubernetes: {exposure: public}\nservices:\n  web:\n    image: x\n    x-kubernetes: {replicas: 2}\n' });
    expect(project.extensions).toEqual({ 'x-kubernetes': { exposure: 'public' } });
    expect(project.services['web']?.extensions).toEqual({ 'x-kubernetes': { replicas: 2 } });
    expect(Object.getPrototypeOf(project.extensions['x-kubernetes'])).toBe(Object.prototype);
    expect(Object.getPrototypeOf(project.services['web']?.raw)).toBe(Object.prototype);
  });
});

describe('host files of bind mounts', () => {
  it('reads text files, binary files as base64, nested directory entries with exec bits; skips missing paths', () => {
    const project = load({
      'compose.yaml': 'services:\n  web:\n    image: x\n    volumes: [./nginx.conf:/etc/nginx.conf, ./logo.bin:/logo, ./site:/site, ./missing:/missing]\n',
      'nginx.conf': 'server {}\n',
      'logo.bin': Buffer.from([0xff, 0xfe, 0x00]),
      'site/index.html': '<h1>hi</h1>',
      'site/nested/run.sh': 'echo hi',
    });
    const directory = project.workingDir;
    chmodSync(path.join(directory, 'site/nested/run.sh'), 0o755);
    const reloaded = loadProject({ cwd: directory, environment: {} });
    const files = reloaded.hostFiles;
    expect(files[path.join(directory, 'nginx.conf')]).toEqual({ kind: 'file', content: 'server {}\n', binary: false, size: 10, executable: false });
    expect(files[path.join(directory, 'site')]).toEqual({
      kind: 'directory',
      entries: {
        'index.html': { content: '<h1>hi</h1>', binary: false, size: 11, executable: false },
        'nested/run.sh': { content: 'echo hi', binary: false, size: 7, executable: true },
      },
      tooLarge: false,
    });
    expect(files[path.join(directory, 'logo.bin')]).toEqual({ kind: 'file', content: '//4A', binary: true, size: 3, executable: false });
    expect(files).not.toHaveProperty(path.join(directory, 'missing'));
  });

  it('records files over 1 MiB as too large, and keeps binary files in directories as base64', () => {
    const project = load({
      'compose.yaml': 'services:\n  web:\n    image: x\n    volumes:\n      - ./big.txt:/big\n      - ./assets:/assets\n',
      'big.txt': 'x'.repeat(1024 * 1024 + 1),
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]),
      'assets/readme.txt': 'hello',
    });
    expect(project.hostFiles[path.join(project.workingDir, 'big.txt')]).toEqual({ kind: 'too-large' });
    expect(project.hostFiles[path.join(project.workingDir, 'assets')]).toEqual({
      kind: 'directory',
      entries: {
        'logo.png': { content: 'iVBOR/8=', binary: true, size: 5, executable: false },
        'readme.txt': { content: 'hello', binary: false, size: 5, executable: false },
      },
      tooLarge: false,
    });
    expect(project.warnings).toEqual([]);
  });
});

describe('origins', () => {
  it('records where keys were written and which variables were substituted', () => {
    const project = load(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    command: ["serve", "--port", "${PORT:-80}"]\n    environment:\n      - URL=postgres://${DB_HOST}/app\n',
      },
      { environment: { TAG: '1.25', DB_HOST: 'db' } },
    );
    const service = project.services['web'];
    expect(service?.interpolated).toEqual({
      image: [{ name: 'TAG', value: '1.25' }],
      'command.2': [{ name: 'PORT', value: '80', defaulted: true }],
      'environment.URL': [{ name: 'DB_HOST', value: 'db' }],
    });
    expect(project.locations['services.web.image']).toMatchObject({ line: 3, column: 5 });
    expect(project.locations['services.web.command.2']).toMatchObject({ line: 4, column: 34 });
    expect(project.locations['services.web.environment.URL']).toMatchObject({ line: 6, column: 9 });
    expect(service?.location).toMatchObject({ line: 2, column: 3 });
  });

  it('records variables substituted only in an included file, and none where no file has any', () => {
    const project = load(
      {
        'compose.yaml': 'include:\n  - path: a.yaml\n    env_file: a.env\nservices:\n  main:\n    image: main\n',
        'a.yaml': 'services:\n  a:\n    image: a:${TAG}\n',
        'a.env': 'TAG=1.0\n',
      },
    );
    expect(project.services['a']?.interpolated).toEqual({ image: [{ name: 'TAG', value: '1.0' }] });
    expect(project.services['main']?.interpolated).toEqual({});
    expect(load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' }).services['web']?.interpolated).toEqual({});
  });

  it('locates every key and list item by dotted path, in document order; a later key wins a shared path', () => {
    const project = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: [a, b]\nx-one:\n  two.three: 1\n  two:\n    three: 2\n',
    });
    const lines = Object.fromEntries(Object.entries(project.locations).map(([key, location]) => [key, location.line]));
    expect(Object.keys(lines)).toEqual(['services', 'services.web', 'services.web.image', 'services.web.command', 'services.web.command.0', 'services.web.command.1', 'x-one', 'x-one.two.three', 'x-one.two']);
    expect(lines).toMatchObject({ 'services.web.command.1': 4, 'x-one.two.three': 8, 'x-one.two': 7 });
  });
});
