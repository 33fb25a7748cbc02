/**
 * Builders for hand-made Compose models, so lib/k8s rules can be tested without the loader.
 * Every field has the value the loader gives when the compose file does not set it.
 */
import type { ComposeProject, Deploy, HostFile, HostPath, Service } from '../../lib/compose/model.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function makeDeploy(overrides: Partial<Deploy> = {}): Deploy {
  return {
    mode: 'replicated',
    resources: { limits: {}, reservations: { devices: [] } },
    placement: { constraints: [], preferences: [] },
    labels: {},
    ...overrides,
  };
}

export function makeService(name: string, overrides: Partial<Mutable<Service>> = {}): Service {
  return {
    name,
    image: `example/${name}:1.0`,
    environment: {},
    envFileKeys: [],
    ports: [],
    expose: [],
    volumes: [],
    dependsOn: {},
    deploy: makeDeploy(),
    devices: [],
    groupAdd: [],
    capAdd: [],
    capDrop: [],
    privileged: false,
    readOnly: false,
    securityOpt: [],
    tty: false,
    stdinOpen: false,
    labels: {},
    profiles: [],
    networks: { default: { aliases: [] } },
    secrets: [],
    configs: [],
    extraHosts: [],
    hooks: { postStart: [], preStop: [], preStart: [] },
    sysctls: {},
    ulimits: {},
    extensions: {},
    raw: { image: `example/${name}:1.0` },
    interpolated: {},
    location: { file: '/project/compose.yaml', line: 1, column: 3 },
    ...overrides,
  };
}

export function makeProject(
  services: readonly Service[],
  overrides: Partial<Mutable<ComposeProject>> = {},
): ComposeProject {
  return {
    name: 'demo',
    workingDir: '/project',
    composeFiles: ['/project/compose.yaml'],
    profiles: [],
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    disabledServices: [],
    networks: {
      default: { name: 'demo_default', external: false, internal: false, attachable: false, labels: {}, extensions: {} },
    },
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
    locations: {},
    hostFiles: {},
    warnings: [],
    ...overrides,
  };
}

/** A text file of the project as the loader reads it. */
export function hostFile(content: string, overrides: Partial<HostFile> = {}): HostPath {
  return { kind: 'file', content, binary: false, size: Buffer.byteLength(content), executable: false, ...overrides };
}

/** A directory of the project holding text files (by '/'-separated path), as the loader reads it. */
export function hostDirectory(entries: Readonly<Record<string, string>>, executable: readonly string[] = []): HostPath {
  const files = Object.entries(entries).map(([path, content]) => [path, { content, binary: false, size: Buffer.byteLength(content), executable: executable.includes(path) }]);
  return { kind: 'directory', entries: Object.fromEntries(files), tooLarge: false };
}
