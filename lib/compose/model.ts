/**
 * The typed model of one resolved Compose project: every file loaded, merged, interpolated,
 * validated and normalized, as `docker compose config` would see it. Terms follow the Compose
 * Specification. Nothing here knows about Kubernetes.
 *
 * Durations are whole milliseconds, sizes are bytes, CPU counts are fractional cores.
 */

/** Where a key or value was written. Lines and columns start at 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A finding that does not stop loading: something accepted but not (fully) honoured. */
export interface Diagnostic {
  readonly message: string;
  /** Dotted key path, e.g. `services.web.logging`. */
  readonly key?: string;
  readonly location?: SourceLocation;
}

export interface ComposeProject {
  /** Normalized project name (lowercase, `[a-z0-9_-]`, starting with a letter or digit). */
  readonly name: string;
  /** Absolute directory relative paths are resolved against (the first compose file's directory). */
  readonly workingDir: string;
  /**
   * The directory every file the project names must lie in once `..` and symlinks are resolved: the
   * directory convert runs in when the project directory is below it, else the project directory.
   * Absent in projects built by hand, where the project directory is the boundary.
   */
  readonly inputBoundary?: string;
  /** Absolute paths of the compose files, in merge order. */
  readonly composeFiles: readonly string[];
  /** Active profiles after `--profile` / `COMPOSE_PROFILES`. */
  readonly profiles: readonly string[];
  /** Enabled services, keyed and sorted by service name. */
  readonly services: Readonly<Record<string, Service>>;
  /** Names of services left out because none of their profiles is active. */
  readonly disabledServices: readonly string[];
  /** Enabled top-level `jobs`, keyed and sorted by job name (none when absent). */
  readonly jobs?: Readonly<Record<string, ComposeJob>>;
  readonly networks: Readonly<Record<string, Network>>;
  readonly volumes: Readonly<Record<string, Volume>>;
  readonly secrets: Readonly<Record<string, FileObject>>;
  readonly configs: Readonly<Record<string, FileObject>>;
  /** Top-level `x-*` keys, interpolated, as written. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /**
   * Where every key of the merged document was last written, by dotted path
   * (`services.web.ports.0.target`, `volumes.data`, `x-kubernetes.exposure`). A loaded project's
   * record looks keys up in the document as they are asked for (see lib/compose/locations.ts);
   * `locatedKeys` lists part of it without listing all keys.
   */
  readonly locations: Readonly<Record<string, SourceLocation>>;
  /**
   * Contents of the regular files that bind mounts point at, by absolute path, so that later stages
   * can ship them (e.g. as ConfigMaps) without reading the file system. Directories map to the
   * files below them. Absent paths are not listed; paths outside the project are listed, unread.
   * Also the Dockerfile of a build whose context holds a folder the service mounts (what the build
   * copies decides whether that folder is code the image carries): a path no mount names.
   */
  readonly hostFiles: Readonly<Record<string, HostPath>>;
  readonly warnings: readonly Diagnostic[];
}

/** A regular file a bind mount ships: its content (base64 when not UTF-8 text) and whether it is executable. */
export interface HostFile {
  readonly content: string;
  readonly binary: boolean;
  readonly size: number;
  /** Any execute bit set: the only permission git keeps, so the only one the output depends on. */
  readonly executable: boolean;
}

/**
 * What a bind mount's source is. Only paths inside the project are read; `outside` ones (absolute
 * or `..` paths leaving it after symlinks, /proc, /sys, /dev) and `special` files (FIFOs, sockets,
 * devices) never are, so the output never depends on the converting machine.
 */
export type HostPath =
  | ({ readonly kind: 'file' } & HostFile)
  | {
      readonly kind: 'directory';
      /** By '/'-separated path below the directory, nested directories included, in code-unit order. */
      readonly entries: Readonly<Record<string, HostFile>>;
      /** More files, or more bytes, than a ConfigMap can hold: `entries` is then incomplete. */
      readonly tooLarge: boolean;
    }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'outside' }
  | { readonly kind: 'special' };

export interface Service {
  readonly name: string;
  readonly image?: string;
  readonly build?: Build;
  /** `command` split into words (a string command is split like a POSIX shell would). `null` = unset. */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** `env_file` entries merged below `environment`. `null` means "declared without a value". */
  readonly environment: Readonly<Record<string, string | null>>;
  /** Which keys of `environment` came from an `env_file` rather than `environment`. */
  readonly envFileKeys: readonly string[];
  readonly ports: readonly PortMapping[];
  readonly expose: readonly ExposedPort[];
  readonly volumes: readonly ServiceVolume[];
  readonly dependsOn: Readonly<Record<string, Dependency>>;
  readonly healthcheck?: Healthcheck;
  readonly deploy: Deploy;
  readonly restart?: RestartPolicyName;
  readonly devices: readonly DeviceMapping[];
  readonly user?: string;
  readonly groupAdd: readonly string[];
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly privileged: boolean;
  readonly readOnly: boolean;
  readonly securityOpt: readonly string[];
  readonly workingDir?: string;
  readonly hostname?: string;
  readonly containerName?: string;
  readonly stopGracePeriod?: number;
  readonly stopSignal?: string;
  readonly tty: boolean;
  readonly stdinOpen: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly profiles: readonly string[];
  /** Networks the service is attached to; `default` when none is named. */
  readonly networks: Readonly<Record<string, ServiceNetwork>>;
  readonly networkMode?: string;
  readonly secrets: readonly FileReference[];
  readonly configs: readonly FileReference[];
  readonly extraHosts: readonly string[];
  readonly sysctls: Readonly<Record<string, string>>;
  readonly ulimits: Readonly<Record<string, { readonly soft: number; readonly hard: number }>>;
  readonly shmSize?: number;
  readonly pullPolicy?: string;
  readonly platform?: string;
  readonly logging?: { readonly driver?: string; readonly options: Readonly<Record<string, string>> };
  /** `post_start`, `pre_stop` and `pre_start`, in the order written; empty when unset. */
  readonly hooks: ServiceHooks;
  /** Service-level `x-*` keys, interpolated, as written. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /**
   * The whole resolved service mapping (after merge, extends, interpolation and type casts),
   * so later stages can report every key they do not translate.
   */
  readonly raw: Readonly<Record<string, unknown>>;
  /**
   * The variables substituted into each value of this service, by key path relative to the service
   * (`command`, `environment.DATABASE_URL`, `healthcheck.test.1`), so later stages can tell which
   * parts of a value came from, say, `${DB_PASSWORD}`. A value an `env_file` gives is recorded under
   * `environment.<key>` with what its own interpolation used (`DB_CONN=${POSTGRES_PASSWORD}`).
   */
  readonly interpolated: Readonly<Record<string, readonly VariableUse[]>>;
  /** Where the service's key was (last) written. */
  readonly location: SourceLocation;
}

/**
 * A top-level job (compose-go 2.16): a container that runs to completion, when started by hand or on
 * a schedule. Its container and workload keys are a service's, read under `jobs.<name>`.
 */
export interface ComposeJob {
  readonly service: Service;
  /** `triggers.manual`: unset allows runs by hand, `false` forbids them. */
  readonly manual?: boolean;
  readonly schedules: readonly JobSchedule[];
}

export interface JobSchedule {
  readonly cron: string;
  readonly timezone?: string;
  /** A fire while a run is still active: not started (`forbid`, the default) or started after it (`queue`). */
  readonly concurrency?: 'forbid' | 'queue';
  /** Fires missed while the platform was down: one catch-up run (`one`, the default) or none (`skip`). */
  readonly missedFires?: 'one' | 'skip';
}

export interface ServiceHooks {
  readonly postStart: readonly ServiceHook[];
  readonly preStop: readonly ServiceHook[];
  readonly preStart: readonly ServiceHook[];
}

/**
 * One hook as compose-go holds it: a command run in the service's container (`post_start`,
 * `pre_stop`), or a container of its own run to completion before the service's (`pre_start`, which
 * takes any container key; compose completes it from the service when it runs it).
 */
export interface ServiceHook {
  /** Split into words as a service's `command` is; absent when the hook sets none. */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly image?: string;
  readonly user?: string;
  readonly privileged: boolean;
  readonly workingDir?: string;
  /** Keys written without a value take the project environment's value, or stay `null`. */
  readonly environment: Readonly<Record<string, string | null>>;
  /** `pre_start`'s `per_replica`: run once per replica rather than once per service. */
  readonly perReplica: boolean;
  /** The container keys the hook sets besides those above (volumes, ports, …), as written. */
  readonly otherKeys: readonly string[];
}

export interface VariableUse {
  readonly name: string;
  /** The text substituted for it (after defaults were applied). */
  readonly value: string;
  /**
   * The compose file's own default was substituted (`${VAR:-default}`, `${VAR-default}`): the variable
   * was unset (or empty, for `:-`). Absent otherwise.
   */
  readonly defaulted?: true;
  /**
   * The variable was not set at all and no default applied, so it stood for an empty string: a blank
   * the user has not written (compose warns "not set"), unlike `REDIS_PASSWORD=` in `.env`, an
   * empty value chosen on purpose (novu's redis without a password). Absent otherwise.
   */
  readonly unset?: true;
}

export interface Build {
  /** Absolute path, or a URL for remote contexts. */
  readonly context: string;
  readonly dockerfile?: string;
  readonly target?: string;
  readonly args: Readonly<Record<string, string | null>>;
}

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One container port; short-syntax ranges are expanded into one mapping per port. */
export interface PortMapping {
  readonly target: number;
  /** Host port, absent when the engine would choose one. */
  readonly published?: number;
  /** `127.0.0.1`, `0.0.0.0`, `::1`, … when the short or long syntax names one. */
  readonly hostIp?: string;
  readonly protocol: Protocol;
  readonly mode: 'ingress' | 'host';
  readonly name?: string;
  readonly appProtocol?: string;
}

export interface ExposedPort {
  readonly port: number;
  readonly protocol: Protocol;
}

export type ServiceVolume =
  | NamedVolumeMount
  | BindMount
  | TmpfsMount
  | OtherMount;

interface MountBase {
  readonly target: string;
  readonly readOnly: boolean;
  /** The compose key that declares the mount when it is not an entry of the service's `volumes:` (a compose secret's file, `services.s.secrets.0`): its warnings are located there. */
  readonly declaredAt?: string;
}

/** `type: volume`; an anonymous volume has no source. */
export interface NamedVolumeMount extends MountBase {
  readonly type: 'volume';
  readonly source?: string;
  readonly subpath?: string;
  readonly nocopy: boolean;
}

export interface BindMount extends MountBase {
  readonly type: 'bind';
  /** Absolute host path (relative sources resolved against the project directory, `~` expanded). */
  readonly source: string;
  /**
   * What the compose file wrote `source` relative to (`../common`, `~/certs`), so that names made
   * of it need not spell the converting machine's directories; absent when written absolute.
   */
  readonly sourceRelativeTo?: 'project' | 'home';
  readonly createHostPath: boolean;
  readonly propagation?: string;
  readonly selinux?: 'z' | 'Z';
}

export interface TmpfsMount extends MountBase {
  readonly type: 'tmpfs';
  /** Size limit in bytes. */
  readonly size?: number;
  readonly mode?: number;
}

export interface OtherMount extends MountBase {
  readonly type: 'npipe' | 'cluster' | 'image';
  readonly source?: string;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart: boolean;
  /**
   * For a dependency compose adds itself, not written in `depends_on`: the key that implies it
   * (`services.b.ipc` for `ipc: service:a`, `services.b.links`, `services.b.volumes_from`).
   */
  readonly impliedBy?: string;
}

export interface Healthcheck {
  /**
   * Normalized test: `['CMD', ...args]`, `['CMD-SHELL', script]` or `['NONE']`.
   * A plain string test is `['CMD-SHELL', string]`.
   */
  readonly test: readonly string[];
  /** `disable: true` or a `NONE` test. */
  readonly disable: boolean;
  readonly interval?: number;
  readonly timeout?: number;
  readonly retries?: number;
  readonly startPeriod?: number;
  readonly startInterval?: number;
}

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface Deploy {
  readonly mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  /** `deploy.replicas`, or the legacy `scale`. Absent means 1 for replicated services. */
  readonly replicas?: number;
  readonly resources: Resources;
  readonly restartPolicy?: {
    readonly condition: 'none' | 'on-failure' | 'any';
    readonly delay?: number;
    readonly maxAttempts?: number;
    readonly window?: number;
  };
  readonly updateConfig?: UpdateConfig;
  readonly rollbackConfig?: UpdateConfig;
  readonly placement: {
    readonly constraints: readonly string[];
    readonly preferences: readonly { readonly spread: string }[];
    readonly maxReplicasPerNode?: number;
  };
  readonly labels: Readonly<Record<string, string>>;
  readonly endpointMode?: 'vip' | 'dnsrr';
}

export interface UpdateConfig {
  readonly parallelism?: number;
  readonly delay?: number;
  readonly failureAction?: string;
  readonly monitor?: number;
  readonly maxFailureRatio?: number;
  readonly order?: 'start-first' | 'stop-first';
}

/** `deploy.resources`, with the legacy `mem_limit`, `mem_reservation`, `cpus`, `cpu_quota` folded in. */
export interface Resources {
  readonly limits: ResourceAmounts;
  readonly reservations: ResourceAmounts & { readonly devices: readonly DeviceRequest[] };
}

export interface ResourceAmounts {
  readonly cpus?: number;
  readonly memory?: number;
  readonly pids?: number;
}

export interface DeviceRequest {
  readonly capabilities: readonly string[];
  readonly driver?: string;
  /** A number, or `all`. */
  readonly count?: number | 'all';
  readonly deviceIds: readonly string[];
}

/** `devices:` entry: `/dev/ttyUSB0:/dev/ttyUSB0:rwm`. */
export interface DeviceMapping {
  readonly source: string;
  readonly target: string;
  readonly permissions: string;
}

export interface ServiceNetwork {
  readonly aliases: readonly string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly priority?: number;
}

/** A service's `secrets:` or `configs:` entry, long syntax. */
export interface FileReference {
  readonly source: string;
  /** Absolute target path: `/run/secrets/<source>` for secrets and `/<source>` for configs by default. */
  readonly target: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number;
}

export interface Network {
  /** Name on the platform (`name:` or `<project>_<key>`). */
  readonly name: string;
  readonly external: boolean;
  readonly internal: boolean;
  readonly driver?: string;
  readonly attachable: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;
  /** The subnets of `ipam.config`, as written: pods never get them, so settings that name them are reported. */
  readonly subnets?: readonly string[];
}

export interface Volume {
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;
}

/** A top-level secret or config. */
export interface FileObject {
  readonly name: string;
  readonly source:
    | { readonly kind: 'file'; readonly path: string }
    | { readonly kind: 'environment'; readonly variable: string }
    | { readonly kind: 'content' }
    | { readonly kind: 'external' };
  /**
   * The payload, read at load time from the file, the environment or `content:`.
   * Absent for external objects. Never printed by `config` for secrets.
   */
  readonly value?: string;
  /**
   * Why the payload was not read at load time (no `value`): the `file:` is absent, a secret's file
   * lies outside the project (never read, only referenced), or a secret's `environment:` variable is
   * unset. The translation references the object and the user creates it, so that a project converts
   * the same without its secret material (issue 19).
   */
  readonly missing?: 'absent' | 'outside' | 'unset';
  readonly labels: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;
}
