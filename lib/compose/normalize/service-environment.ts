import { nameRecord } from '../../name-records.ts';
import path from 'node:path';
import type { VariableUse } from '../model.ts';
import { readDotenv } from '../interpolation/dotenv.ts';
import { inspectInput, MAX_INPUT_BYTES, readInspected } from '../read/input-files.ts';
import { checkKey, isMapping, type Mapping } from '../read/tree.ts';
import type { Reporter } from './values.ts';

export interface ServiceEnvironment {
  readonly environment: Record<string, string | null>;
  readonly envFileKeys: string[];
  /**
   * The variables interpolation substituted into the values the env files give (those `environment`
   * does not replace), by `environment.<key>` as `Service.interpolated` holds the compose file's:
   * `DB_CONN=${POSTGRES_PASSWORD}` in an env file carries the password as `DB_CONN: ${POSTGRES_PASSWORD}`
   * in the compose file does, and the rules that keep secrets out of plain values read one record.
   */
  readonly interpolated: Record<string, readonly VariableUse[]>;
}

/**
 * `env_file` entries (in order, later files winning) below `environment`. A key written without a
 * value takes the project environment's value, or stays `null` when that is unset.
 */
export function normalizeEnvironment(
  service: Mapping,
  key: string,
  report: Reporter,
  projectDirectory: string,
  variables: ReadonlyMap<string, string>,
  boundary: string = projectDirectory,
): ServiceEnvironment {
  const environment = nameRecord<string | null>();
  const fromFiles = new Set<string>();
  const uses = new Map<string, readonly VariableUse[]>();
  const envFiles = Array.isArray(service['env_file']) ? service['env_file'] : [];
  envFiles.forEach((entry, index) => {
    const entryKey = `${key}.env_file.${index}`;
    const spec = isMapping(entry) ? entry : { path: entry };
    const file = report.string(spec['path'], isMapping(entry) ? `${entryKey}.path` : entryKey);
    if (!file) report.fail(entryKey, 'must name a file');
    const required = report.boolean(spec['required'], `${entryKey}.required`, true);
    const format = report.string(spec['format'], `${entryKey}.format`);
    const absolute = path.resolve(projectDirectory, file);
    // Env files become the container's environment, so they must lie in the project (no /proc/self/environ).
    const found = inspectInput(absolute, { within: boundary });
    if (!found.ok && found.problem === 'missing') {
      if (required) report.fail(entryKey, `env file ${absolute} not found`);
      return;
    }
    const text = report.attempt(entryKey, () => readInspected(absolute, 'env file', found, MAX_INPUT_BYTES).toString('utf8'));
    const read = format === 'raw' ? { values: parseRaw(text), uses: new Map<string, readonly VariableUse[]>() } : readDotenv(text, absolute, (name) => variables.get(name));
    for (const [name, value] of read.values) {
      checkKey(name, report.locate(entryKey));
      environment[name] = value;
      fromFiles.add(name);
      const used = read.uses.get(name);
      if (used) uses.set(name, used);
      else uses.delete(name);
    }
  });
  const declared = report.mapping(service['environment'], `${key}.environment`) ?? {};
  for (const name of Object.keys(declared)) {
    const value = declared[name];
    environment[name] = value === null || value === undefined ? (variables.get(name) ?? null) : report.string(value, `${key}.environment.${name}`) ?? null;
    fromFiles.delete(name);
  }
  const interpolated = nameRecord<readonly VariableUse[]>();
  for (const [name, used] of uses) if (fromFiles.has(name)) interpolated[`environment.${name}`] = used;
  return { environment, envFileKeys: [...fromFiles].sort(), interpolated };
}

/** `format: raw`: `KEY=VALUE` lines taken literally, no quotes, escapes or interpolation. */
function parseRaw(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals).trim(), line.slice(equals + 1));
  }
  return values;
}
