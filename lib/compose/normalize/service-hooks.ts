import { nameRecord } from '../../name-records.ts';
import type { ServiceHook, ServiceHooks } from '../model.ts';
import type { Mapping } from '../read/tree.ts';
import { compact, type Reporter } from './values.ts';

/** The keys ServiceHook holds; a hook's other keys are listed in `otherKeys`. */
const HELD = new Set(['command', 'entrypoint', 'image', 'user', 'privileged', 'working_dir', 'environment', 'per_replica']);

/**
 * `post_start`, `pre_stop` and `pre_start` as compose-go loads them: a command string split into
 * words as a service's (an unterminated quote is an error, text after a shell operator dropped and
 * said), environment entries without a value taken from the project environment.
 */
export function normalizeHooks(service: Mapping, key: string, report: Reporter, variables: ReadonlyMap<string, string>): ServiceHooks {
  const hooks = (field: string): ServiceHook[] => {
    const list = service[field];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) report.fail(`${key}.${field}`, 'must be a list');
    return list.map((hook, index) => normalizeHook(report.mapping(hook, `${key}.${field}.${index}`) ?? {}, `${key}.${field}.${index}`, report, variables));
  };
  return { postStart: hooks('post_start'), preStop: hooks('pre_stop'), preStart: hooks('pre_start') };
}

function normalizeHook(hook: Mapping, key: string, report: Reporter, variables: ReadonlyMap<string, string>): ServiceHook {
  const at = (field: string): string => `${key}.${field}`;
  const environment = nameRecord<string | null>();
  const declared = report.mapping(hook['environment'], at('environment')) ?? {};
  for (const name of Object.keys(declared)) {
    const value = declared[name];
    environment[name] = value === null || value === undefined ? (variables.get(name) ?? null) : report.string(value, at(`environment.${name}`)) ?? null;
  }
  return {
    ...compact({
      command: report.command(hook['command'], at('command')),
      entrypoint: report.command(hook['entrypoint'], at('entrypoint')),
      image: report.string(hook['image'], at('image')),
      user: report.string(hook['user'], at('user')),
    }),
    privileged: report.boolean(hook['privileged'], at('privileged')),
    ...compact({ workingDir: report.string(hook['working_dir'], at('working_dir')) }),
    environment,
    perReplica: report.boolean(hook['per_replica'], at('per_replica')),
    otherKeys: Object.keys(hook).filter((name) => !HELD.has(name) && !name.startsWith('x-')),
  };
}
