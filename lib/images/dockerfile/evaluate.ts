import { ComposeError } from '../../compose/errors.ts';
import type { ExposedPort, Healthcheck, Protocol, SourceLocation } from '../../compose/model.ts';
import { parseDuration } from '../../compose/normalize/units.ts';
import type { ImageConfig, ImageUser } from '../facts.ts';
import { recordAccounts, type Account, type Accounts } from './accounts.ts';
import { recordRootServers } from './root-servers.ts';
import { jsonForm, type Instruction, type ParsedDockerfile } from './parse.ts';
import { expandText, keyValuePairs, splitWords } from './words.ts';

export interface EvaluateOptions {
  /** Compose `build.args`; `null` (declared without a value, unset in the environment) passes nothing. */
  readonly args: Readonly<Record<string, string | null>>;
  /** Compose `build.target`; the last stage when absent. */
  readonly target?: string;
  /** `os/arch` the TARGET* arguments describe. @default 'linux/amd64' */
  readonly platform?: string;
  /** The config of an external base image, when known (from the lock file). */
  readonly baseConfig?: (reference: string) => ImageConfig | undefined;
  /** The image another service of the project builds, when a stage starts FROM it (project-facts.ts). */
  readonly projectImage?: (reference: string) => ProjectBaseImage | undefined;
}

/** What a stage built FROM an image of the project's own build inherits from that build. */
export interface ProjectBaseImage {
  readonly config: ImageConfig;
  /** The external image (or `scratch`) that build starts from. */
  readonly baseImage: string;
  readonly baseKnown: boolean;
  readonly rootServers: readonly string[];
}

export interface EvaluatedImage {
  readonly config: ImageConfig;
  /** The external image (or `scratch`) the target stage's chain of stages starts from. */
  readonly baseImage: string;
  /** Whether that base image's config was known. */
  readonly baseKnown: boolean;
  /** Servers that start as root which the stages install (root-servers.ts). */
  readonly rootServers: readonly string[];
  /** The image of the project's own build the target stage's chain starts FROM, when it does. */
  readonly projectBase?: string;
}

interface Stage {
  readonly name?: string;
  readonly image: string;
  readonly platform?: string;
  readonly location: SourceLocation;
  readonly instructions: readonly Instruction[];
}

/** Everything a stage carries into the stages built FROM it. */
interface StageState {
  config: MutableConfig;
  environment: Map<string, string>;
  accounts: Accounts;
  rootServers: Set<string>;
  shell: readonly string[];
  userFromBase?: string;
  /** The user the project's base build resolved (ids and all), kept while no USER replaces it. */
  projectBaseUser?: ImageUser;
  baseImage: string;
  baseKnown: boolean;
  projectBase?: string;
}

type MutableConfig = { -readonly [K in keyof ImageConfig]: ImageConfig[K] };

const DEFAULT_SHELL = ['/bin/sh', '-c'];

/**
 * Builds the image config the target stage would have, instruction by instruction as BuildKit
 * does: global ARGs for FROM, stages inheriting from earlier stages, ARG/ENV expansion where
 * BuildKit expands (EXPOSE, USER, WORKDIR, ENV, LABEL, STOPSIGNAL, FROM), none in CMD, ENTRYPOINT
 * and HEALTHCHECK (their shell expands at run time), ENTRYPOINT resetting an inherited CMD.
 */
export function evaluateDockerfile(parsed: ParsedDockerfile, options: EvaluateOptions): EvaluatedImage {
  const { escape } = parsed;
  const platform = options.platform ?? 'linux/amd64';
  const globals = platformArgs(platform);
  const stages: Stage[] = [];
  for (const instruction of parsed.instructions) {
    if (instruction.keyword === 'FROM') {
      const words = splitWords(instruction.text, globals, escape);
      const image = words[0];
      if (!image) throw new ComposeError('FROM names no image', instruction.location);
      const name = words.length >= 3 && words[1]!.toUpperCase() === 'AS' ? words[2]!.toLowerCase() : undefined;
      stages.push({ image, ...(name ? { name } : {}), location: instruction.location, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new ComposeError(`${instruction.keyword} before the first FROM`, instruction.location);
      for (const [name, fallback] of keyValuePairs(instruction.text, globals, escape)) {
        const value = argValue(name, fallback, options.args, globals);
        if (value !== undefined) globals.set(name, value);
      }
    } else {
      (stages[stages.length - 1]!.instructions as Instruction[]).push(instruction);
    }
  }
  if (stages.length === 0) throw new ComposeError('the Dockerfile has no FROM instruction', { file: parsed.instructions[0]?.location.file ?? '', line: 1, column: 1 });
  const targetIndex = options.target === undefined ? stages.length - 1 : stages.findIndex((stage) => stage.name === options.target!.toLowerCase());
  if (targetIndex < 0) throw new ComposeError(`target stage ${JSON.stringify(options.target)} is not in the Dockerfile (stages: ${stages.map((s) => s.name).filter(Boolean).join(', ') || 'none named'})`, stages[0]!.location);

  const evaluated = new Map<number, StageState>();
  const evaluate = (index: number): StageState => {
    const done = evaluated.get(index);
    if (done) return done;
    const stage = stages[index]!;
    const parentIndex = stages.findIndex((candidate, at) => at < index && candidate.name === stage.image.toLowerCase());
    const state = parentIndex >= 0 ? copyState(evaluate(parentIndex)) : baseState(stage.image, options);
    runStage(stage, state, { options, escape, globals });
    evaluated.set(index, state);
    return state;
  };
  const final = evaluate(targetIndex);
  return {
    config: finishConfig(final),
    baseImage: final.baseImage,
    baseKnown: final.baseKnown,
    rootServers: [...final.rootServers].sort(),
    ...(final.projectBase === undefined ? {} : { projectBase: final.projectBase }),
  };
}

/** A build argument's value: compose's `args` win over the Dockerfile's default; a bare `ARG X` in a stage takes the global X. */
function argValue(name: string, fallback: string | undefined, args: EvaluateOptions['args'], globals: ReadonlyMap<string, string>): string | undefined {
  const given = args[name];
  if (given !== undefined && given !== null) return given;
  return fallback ?? globals.get(name);
}

function platformArgs(platform: string): Map<string, string> {
  const [os = 'linux', arch = 'amd64', variant = ''] = platform.split('/');
  return new Map([
    ['TARGETPLATFORM', platform],
    ['TARGETOS', os],
    ['TARGETARCH', arch],
    ['TARGETVARIANT', variant],
    ['BUILDPLATFORM', platform],
    ['BUILDOS', os],
    ['BUILDARCH', arch],
    ['BUILDVARIANT', variant],
  ]);
}

function baseState(image: string, options: EvaluateOptions): StageState {
  const built = image === 'scratch' ? undefined : options.projectImage?.(image);
  if (built) return projectBaseState(image, built);
  const known = image === 'scratch' ? emptyConfig() : options.baseConfig?.(image);
  const config: MutableConfig = known ? { ...known, exposedPorts: [...known.exposedPorts], labels: { ...known.labels } } : emptyConfig();
  delete config.user;
  return {
    config,
    environment: new Map(),
    accounts: { users: new Map(), groups: new Map() },
    rootServers: new Set(),
    shell: DEFAULT_SHELL,
    ...(known?.user ? { userFromBase: known.user.spec } : {}),
    baseImage: image,
    baseKnown: known !== undefined,
  };
}

/**
 * A stage FROM an image another service of the project builds starts from that build's result, as
 * Docker's would once compose built it: its CMD, ENTRYPOINT, USER, ports, healthcheck, and the
 * external image it comes from. Ninjaclasher/dmoj-docker's static, site and celery images build
 * FROM dmoj-site-base (the `base` service's build, FROM debian:buster-slim): static inherits Debian's
 * `bash`, which exits at once, yet was seen as an image of unknown command and ran as a Deployment
 * in CrashLoopBackOff (until 2026-12-07).
 */
function projectBaseState(image: string, built: ProjectBaseImage): StageState {
  const config: MutableConfig = { ...built.config, exposedPorts: [...built.config.exposedPorts], labels: { ...built.config.labels } };
  delete config.user;
  return {
    config,
    environment: new Map(),
    accounts: { users: new Map(), groups: new Map() },
    rootServers: new Set(built.rootServers),
    shell: DEFAULT_SHELL,
    ...(built.config.user ? { userFromBase: built.config.user.spec, projectBaseUser: built.config.user } : {}),
    baseImage: built.baseImage,
    baseKnown: built.baseKnown,
    projectBase: image,
  };
}

function emptyConfig(): MutableConfig {
  return { exposedPorts: [], labels: {} };
}

function copyState(state: StageState): StageState {
  return {
    ...state,
    config: { ...state.config, exposedPorts: [...state.config.exposedPorts], labels: { ...state.config.labels } },
    environment: new Map(state.environment),
    accounts: { users: new Map(state.accounts.users), groups: new Map(state.accounts.groups) },
    rootServers: new Set(state.rootServers),
  };
}

interface StageContext {
  readonly options: EvaluateOptions;
  readonly escape: string;
  readonly globals: ReadonlyMap<string, string>;
}

function runStage(stage: Stage, state: StageState, context: StageContext): void {
  const { escape } = context;
  const args = new Map<string, string>();
  let cmdSet = false;
  const variables = (): Map<string, string> => new Map([...args, ...state.environment]);
  for (const instruction of stage.instructions) {
    const { keyword, text, location } = instruction;
    const at = <T>(read: () => T): T => {
      try {
        return read();
      } catch (error) {
        if (error instanceof ComposeError && !error.location) throw new ComposeError(`${keyword}: ${error.message}`, location);
        throw error;
      }
    };
    switch (keyword) {
      case 'ARG':
        for (const [name, fallback] of keyValuePairs(text, variables(), escape)) {
          // Predefined platform arguments are global but reach a stage only when it declares them.
          const value = argValue(name, fallback, context.options.args, context.globals);
          if (value !== undefined) args.set(name, value);
        }
        break;
      case 'ENV':
        for (const [name, value] of keyValuePairs(text, variables(), escape)) state.environment.set(name, value ?? '');
        break;
      case 'LABEL':
        for (const [name, value] of keyValuePairs(text, variables(), escape)) state.config.labels = { ...state.config.labels, [name]: value ?? '' };
        break;
      case 'EXPOSE':
        // A variable may hold several ports (`EXPOSE $PORTS`): BuildKit splits its value too.
        for (const word of splitWords(text, variables(), escape).flatMap((w) => w.split(/\s+/)).filter(Boolean)) addPorts(state.config.exposedPorts as ExposedPort[], at(() => exposedPorts(word)));
        break;
      case 'USER':
        state.config.user = { spec: expandText(text, variables(), escape) };
        delete state.userFromBase;
        delete state.projectBaseUser;
        break;
      case 'WORKDIR': {
        const directory = expandText(text, variables(), escape);
        // A Windows image's `C:\app` is absolute too, and not a POSIX path to normalize.
        if (/^[A-Za-z]:[\\/]/.test(directory)) state.config.workingDir = directory;
        else state.config.workingDir = directory.startsWith('/') ? normalizePath(directory) : normalizePath(`${state.config.workingDir ?? '/'}/${directory}`);
        break;
      }
      case 'STOPSIGNAL':
        state.config.stopSignal = expandText(text, variables(), escape);
        break;
      case 'SHELL':
        if (!instruction.json) throw new ComposeError('SHELL requires the JSON form, e.g. SHELL ["/bin/bash", "-c"]', location);
        state.shell = instruction.json;
        break;
      case 'CMD':
        state.config.cmd = instruction.json ?? [...state.shell, text];
        cmdSet = true;
        break;
      case 'ENTRYPOINT':
        state.config.entrypoint = instruction.json ?? [...state.shell, text];
        // BuildKit drops a CMD the stage inherited (from its base) when it sets an ENTRYPOINT.
        if (!cmdSet) delete state.config.cmd;
        break;
      case 'HEALTHCHECK': {
        const healthcheck = at(() => parseHealthcheck(instruction));
        if (healthcheck) state.config.healthcheck = healthcheck;
        else delete state.config.healthcheck;
        break;
      }
      case 'RUN':
        for (const script of [text, ...instruction.heredocs.map((heredoc) => heredoc.body)]) {
          recordAccounts(script, variables(), escape, state.accounts);
          recordRootServers(script, variables(), escape, state.rootServers);
        }
        break;
      default:
        break;
    }
  }
}

/** `80`, `80/udp`, `8000-8010/tcp`. */
function exposedPorts(word: string): ExposedPort[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(word);
  if (!match) throw new ComposeError(`invalid port ${JSON.stringify(word)}: expected PORT[-END][/tcp|udp|sctp]`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first < 1 || last > 65535 || last < first) throw new ComposeError(`invalid port ${JSON.stringify(word)}: out of range`);
  const protocol = (match[3]?.toLowerCase() ?? 'tcp') as Protocol;
  return Array.from({ length: last - first + 1 }, (_, offset) => ({ port: first + offset, protocol }));
}

function addPorts(ports: ExposedPort[], added: readonly ExposedPort[]): void {
  for (const port of added) if (!ports.some((p) => p.port === port.port && p.protocol === port.protocol)) ports.push(port);
}

const HEALTHCHECK_DURATIONS: Readonly<Record<string, 'interval' | 'timeout' | 'startPeriod' | 'startInterval'>> = {
  interval: 'interval',
  timeout: 'timeout',
  'start-period': 'startPeriod',
  'start-interval': 'startInterval',
};

/** `HEALTHCHECK [--interval=…] CMD …` in compose's shape; undefined for `HEALTHCHECK NONE`, which removes an inherited one. */
function parseHealthcheck(instruction: Instruction): Healthcheck | undefined {
  const words = /^(\S+)\s*([\s\S]*)$/.exec(instruction.text);
  const kind = words?.[1]?.toUpperCase();
  if (kind === 'NONE') return undefined;
  if (kind !== 'CMD' || !words![2]) throw new ComposeError('expected HEALTHCHECK [OPTIONS] CMD command, or HEALTHCHECK NONE');
  const command = words![2];
  const json = jsonForm(command);
  const timing: { -readonly [K in keyof Healthcheck]?: Healthcheck[K] } = {};
  for (const [flag, value] of Object.entries(instruction.flags)) {
    const field = HEALTHCHECK_DURATIONS[flag];
    // 0 means "the default" to docker, as absence does here.
    if (field) {
      const milliseconds = parseDuration(value);
      if (milliseconds > 0) timing[field] = milliseconds;
    }
    else if (flag === 'retries' && /^\d+$/.test(value)) {
      if (Number(value) > 0) timing.retries = Number(value);
    }
    else throw new ComposeError(`unknown or invalid HEALTHCHECK option --${flag}=${value}`);
  }
  return { test: json ? ['CMD', ...json] : ['CMD-SHELL', command], disable: false, ...timing };
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function finishConfig(state: StageState): ImageConfig {
  const config: MutableConfig = { ...state.config, exposedPorts: [...state.config.exposedPorts].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0)) };
  const spec = state.config.user?.spec ?? state.userFromBase;
  if (state.config.user === undefined && state.projectBaseUser?.uid !== undefined) config.user = state.projectBaseUser;
  else if (spec !== undefined) config.user = resolveUser(spec, state.accounts, state.config.user === undefined ? state.baseImage : undefined);
  return config;
}

/** `USER name[:group]` with numeric ids where the Dockerfile (or the spec itself) makes them certain. */
export function resolveUser(spec: string, accounts: Accounts, fromBase?: string): ImageUser {
  const [userPart = '', groupPart] = spec.split(':');
  const account: Account | undefined = accounts.users.get(userPart);
  const uid = /^\d+$/.test(userPart) ? Number(userPart) : userPart === 'root' ? 0 : account?.id;
  const groupName = groupPart ?? account?.group;
  const gid = groupName === undefined ? (userPart === 'root' && groupPart === undefined ? 0 : undefined) : /^\d+$/.test(groupName) ? Number(groupName) : groupName === 'root' ? 0 : accounts.groups.get(groupName)?.id;
  const user: { -readonly [K in keyof ImageUser]: ImageUser[K] } = { spec };
  if (uid !== undefined) user.uid = uid;
  if (gid !== undefined) user.gid = gid;
  if (uid === undefined) {
    if (account?.system) {
      user.system = true;
      user.unresolved = `user ${userPart} is created as a system user without a fixed uid (the image's tools choose it, usually below 1000)`;
    } else if (account) {
      user.unresolved = `user ${userPart} is created without a fixed uid`;
    } else {
      user.unresolved = fromBase ? `user ${userPart} comes from the base image ${fromBase}, whose uid for it is not known` : `user ${userPart} is not created in this Dockerfile (it may come from the base image)`;
    }
  }
  return user;
}
