/**
 * A planned container's files (its image's copies under its pod's mounts, lib/mqtt/container-files.ts)
 * written under a temporary root, so a real server can run with exactly what the pod would see, and
 * the plan's Secrets as `cdk8s-compose secrets` prints them.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildSystemPlan } from '../../charts/build.ts';
import type { SystemDefinition } from '../../charts/system.ts';
import { runCli } from '../../lib/cli/main.ts';
import type { SecretPayload } from '../../lib/k8s/plan/context.ts';
import type { TranslationPlan } from '../../lib/k8s/plan/plan.ts';
import { containerFiles, type ContainerFile } from '../../lib/mqtt/container-files.ts';

export function commandAvailable(...tools: readonly string[]): boolean {
  return tools.every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
}

/** Says loudly that a suite is skipped, and why. */
export function noticeMissing(available: boolean, what: string, install: string): void {
  if (!available) console.warn(`[skip] ${what}: not installed (${install})`);
}

/** The Secrets `cdk8s-compose secrets` prints for the environment, run as its user would, with `variables` set. */
export async function printedSecrets(system: SystemDefinition, environment: string, variables: Readonly<Record<string, string>>): Promise<SecretPayload[]> {
  const definition = system.environments[environment]!;
  const args = ['secrets', ...definition.files.flatMap((file) => ['-f', file]), '-p', system.name, '-n', system.name, ...(definition.profiles ?? []).flatMap((profile) => ['--profile', profile])];
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: system.directory, env: { ...definition.variables, ...variables } });
  if (code !== 0) throw new Error(`cdk8s-compose secrets exited ${code}: ${stderr}`);
  return parseAllDocuments(stdout).map((doc) => {
    const secret = doc.toJS() as { metadata: { name: string }; stringData: Record<string, string> };
    return { name: secret.metadata.name, stringData: secret.stringData };
  });
}

/** The environment's plan, its Secrets replaced by those `secrets` printed. */
export function planWithSecrets(system: SystemDefinition, environment: string, secrets: readonly SecretPayload[]): TranslationPlan {
  return { ...buildSystemPlan(system, environment), secrets };
}

/**
 * Writes the files of `service`'s container under `root` (same paths below it) and returns them.
 */
export function writeContainerFiles(plan: TranslationPlan, service: string, root: string): Map<string, ContainerFile> {
  const files = containerFiles(plan, service);
  for (const [path, file] of files) {
    if (file.text === undefined) continue;
    const at = join(root, path);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, file.text);
  }
  openToAll(root);
  return files;
}

/** Every folder and file under `root` readable and writable by all (the servers drop root for their own user). */
export function openToAll(root: string): void {
  spawnSync('chmod', ['-R', 'a+rwX', root]);
}

/** Absolute paths after a configuration option's name (`password_file /x`), moved under `root`. */
export function rootedPaths(config: string, root: string): string {
  return config.replace(/^(\s*\S+\s+)(\/\S*)/gm, (_line, option: string, path: string) => `${option}${join(root, path)}`);
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end: its exit code (-1 when killed or not started) and output. */
export function run(command: string, args: readonly string[], timeout = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Resolves once something listens on the loopback port. */
export function waitForPort(port: number, deadline = Date.now() + 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', () => {
      socket.destroy();
      if (Date.now() > deadline) reject(new Error(`nothing listened on ${port}`));
      else setTimeout(() => waitForPort(port, deadline).then(resolve, reject), 100);
    });
  });
}
