/**
 * What gets applied: a unit is one stack — a compose project converted by the CLI (with the Secrets
 * its `secrets` command prints, as users create them) or a manifest file or folder taken as it is.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { ObjectToCreate } from '../../lib/k8s/plan/to-create.ts';
import { manifestsToYaml } from '../../lib/k8s/output/synth.ts';
import { parseAllDocuments } from 'yaml';
import { prerequisiteManifests } from './prerequisites.ts';
import { runCli } from '../../lib/cli/main.ts';
import { defaultComposeFile } from '../../lib/compose/load.ts';

export interface Unit {
  readonly name: string;
  /** Multi-document YAML to apply. */
  readonly manifests: string;
  /** Secret manifests to apply after the manifests (never printed), with the objects the stack lists to create. */
  readonly secrets?: string;
  /** Conversion warnings, for the report. */
  readonly warnings?: string;
}

export class UnitError extends Error {}

const manifestExtensions = /\.(ya?ml|json)$/;

/**
 * A compose file by its usual name, or by its content: a YAML file whose first document has a
 * top-level `services:` and no `kind` (fuscoyu/nats-samples names its stack allinone.yml; given as a
 * path, it was applied as manifests and refused with "apiVersion not set, kind not set").
 */
export function isComposeFile(path: string): boolean {
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(basename(path))) return true;
  if (!/\.ya?ml$/.test(path)) return false;
  const document = parseAllDocuments(readFileSync(path, 'utf8'))[0];
  // Broken YAML goes to kubectl as it is, which says what is wrong with it.
  if (document === undefined || !('errors' in document) || document.errors.length > 0) return false;
  const first: unknown = document.toJS();
  return typeof first === 'object' && first !== null && !Array.isArray(first) && 'services' in first && !('kind' in first);
}

/**
 * The CLI arguments that select a compose project in a folder: the folder's `args` file (one
 * argument per line, as ../shared/corpus/realworld keeps them), else its compose file.
 */
export function projectArgs(dir: string): string[] | undefined {
  const argsFile = join(dir, 'args');
  if (existsSync(argsFile)) return readFileSync(argsFile, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  const file = defaultComposeFile(dir);
  if (file) return ['-f', file];
  // The CLI finds the files `.env`'s COMPOSE_FILE names, as docker compose does (seafile's
  // seafile-server.yml,caddy.yml): the folder was applied as manifests until 2026-12-07.
  return namesComposeFiles(dir) ? [] : undefined;
}

function namesComposeFiles(dir: string): boolean {
  const envFile = join(dir, '.env');
  return existsSync(envFile) && /^[ \t]*(export[ \t]+)?COMPOSE_FILE[ \t]*=[ \t]*\S/m.test(readFileSync(envFile, 'utf8'));
}

/** The last line of a failed run, with the project's folder left out so it reads the same anywhere. */
function failure(stderr: string, dir: string): string {
  return (stderr.trim().split('\n').at(-1) ?? '').replaceAll(`${dir}/`, '');
}

async function cli(argv: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  // An empty environment: the result must not depend on who runs the check.
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd, env: {} });
  return { code, stdout, stderr };
}

/**
 * Converts a compose project as a user would, into `namespace` when given: the manifests, the
 * Secrets `secrets` prints, and the objects convert lists to create before applying.
 */
export async function composeUnit(name: string, dir: string, args: readonly string[], namespace?: string): Promise<Unit> {
  const target = namespace ? ['-n', namespace] : [];
  const reportDir = mkdtempSync(join(tmpdir(), 'cluster-unit-'));
  try {
    const report = join(reportDir, 'report.json');
    const converted = await cli(['convert', ...args, ...target, '--stdout', '--report', report], dir);
    if (converted.code !== 0) throw new UnitError(`${name}: convert failed: ${failure(converted.stderr, dir)}`);
    const secrets = await cli(['secrets', ...args, ...target], dir);
    if (secrets.code !== 0) throw new UnitError(`${name}: secrets failed: ${failure(secrets.stderr, dir)}`);
    const { toCreate, namespace: applied } = JSON.parse(readFileSync(report, 'utf8')) as { toCreate: ObjectToCreate[]; namespace: string };
    const prerequisites = manifestsToYaml(prerequisiteManifests(toCreate, applied));
    const documents = [secrets.stdout, prerequisites].filter((text) => text.trim() !== '').join('\n---\n');
    return { name, manifests: converted.stdout, secrets: documents, warnings: converted.stderr };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

function manifestFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => manifestExtensions.test(file) && file !== 'kustomization.yaml')
    .sort()
    .map((file) => join(dir, file));
}

/** One unit for a path given on the command line: a compose project, a compose file or manifests. */
export async function unitFromPath(path: string): Promise<Unit> {
  const full = resolve(path);
  if (!existsSync(full)) throw new UnitError(`${path}: no such file or folder`);
  if (statSync(full).isDirectory()) {
    const args = projectArgs(full);
    if (args) return composeUnit(basename(full), full, args);
    const files = manifestFiles(full);
    if (files.length === 0) throw new UnitError(`${path}: neither a compose project nor a folder of manifests`);
    return { name: path, manifests: files.map((file) => readFileSync(file, 'utf8')).join('\n---\n') };
  }
  if (isComposeFile(full)) return composeUnit(basename(dirname(full)), dirname(full), ['-f', basename(full)]);
  return { name: path, manifests: readFileSync(full, 'utf8') };
}
