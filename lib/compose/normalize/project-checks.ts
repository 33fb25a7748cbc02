import { nameRecord } from '../../name-records.ts';
import type { Dependency, Service } from '../model.ts';
import type { Reporter } from './values.ts';

/** A service runs when it has no profiles or one of them is active (`*` activates all). */
export function isEnabled(profiles: readonly string[], active: readonly string[]): boolean {
  return profiles.length === 0 || active.includes('*') || profiles.some((profile) => active.includes(profile));
}

export interface Declared {
  readonly networks: ReadonlySet<string>;
  readonly volumes: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
  readonly configs: ReadonlySet<string>;
}

/**
 * Checks what services refer to, as compose does before running anything: dependencies exist, are
 * enabled and have no cycle; networks, named volumes, secrets and configs are declared. Optional
 * dependencies (`required: false`) on absent services are dropped with a warning.
 */
export function checkServices(
  services: Record<string, Service>,
  disabled: ReadonlySet<string>,
  declared: Declared,
  report: Reporter,
  /** compose-go's consistency check: each service has something to run, and no network_mode beside networks. */
  runnable = true,
  /** Top-level jobs, checked as services are: a job may depend on services and jobs, a service on services only. */
  jobs?: JobScope,
): Record<string, Service> {
  const checked: Record<string, Service> = {};
  const section = jobs?.checking === true ? 'jobs' : 'services';
  const kind = section === 'jobs' ? 'job' : 'service';
  for (const [name, service] of Object.entries(services)) {
    const key = `${section}.${name}`;
    // As compose-go: an empty image (`image: ${IMAGE}`, IMAGE unset) is none; a provider service runs no container.
    if (runnable && service.image === undefined && service.build === undefined && service.raw['provider'] === undefined) {
      report.fail(service.raw['image'] === '' ? `${key}.image` : key, `${kind} "${name}" has neither an image nor a build context specified`);
    }
    // compose-go's consistency check: a service in another network namespace (host, none, service:X)
    // joins no network, so docker compose refuses a file that names both.
    if (runnable && service.networkMode && Object.keys(service.networks).length > 0) {
      report.fail(`${key}.network_mode`, `${kind} "${name}" declares mutually exclusive \`network_mode\` and \`networks\``);
    }
    const dependsOn = nameRecord<Dependency>();
    for (const [dependency, spec] of Object.entries(service.dependsOn)) {
      const dependencyKey = `${key}.depends_on.${dependency}`;
      // Own keys only: `constructor` or `toString` must not pass for a defined service.
      if (Object.hasOwn(jobs?.services ?? services, dependency) || (section === 'jobs' && Object.hasOwn(services, dependency))) {
        dependsOn[dependency] = spec;
        continue;
      }
      if (section === 'services' && jobs?.names.has(dependency) === true) {
        report.fail(dependencyKey, `service "${name}" cannot depend on job "${dependency}": services can only depend on other services`);
      }
      const reason = disabled.has(dependency) ? `depends on ${section === 'jobs' ? 'service or job' : 'service'} "${dependency}", which no active profile enables` : `depends on undefined ${section === 'jobs' ? 'service or job' : 'service'} "${dependency}"`;
      if (spec.required) report.fail(dependencyKey, `${kind} "${name}" ${reason}`);
      report.warn(dependencyKey, `${kind} "${name}" ${reason}; the optional dependency is ignored`);
    }
    for (const network of Object.keys(service.networks)) {
      if (network !== 'default' && !declared.networks.has(network)) {
        report.fail(`${key}.networks.${network}`, `${kind} "${name}" refers to undefined network "${network}"`);
      }
    }
    service.volumes.forEach((mount, index) => {
      if (mount.type === 'volume' && mount.source !== undefined && !declared.volumes.has(mount.source)) {
        report.fail(`${key}.volumes.${index}`, `${kind} "${name}" refers to undefined volume "${mount.source}"`);
      }
    });
    for (const files of ['secrets', 'configs'] as const) {
      service[files].forEach((reference, index) => {
        if (!declared[files].has(reference.source)) {
          report.fail(`${key}.${files}.${index}`, `${kind} "${name}" refers to undefined ${files.slice(0, -1)} "${reference.source}"`);
        }
      });
    }
    // Object.assign, not a spread (lib/name-records.ts).
    checked[name] = Object.assign({}, service, { dependsOn });
  }
  // A job's dependency on another job starts nothing (compose runs the other job's services only).
  if (section === 'services') checkCycles(checked, report);
  return checked;
}

export interface JobScope {
  /** Every job's name, enabled or not. */
  readonly names: ReadonlySet<string>;
  /** True while checking the jobs themselves. */
  readonly checking?: boolean;
  /** The checked services, which a job may depend on. */
  readonly services?: Record<string, Service>;
}

function checkCycles(services: Record<string, Service>, report: Reporter): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const from = stack[stack.length - 1] ?? name;
      report.fail(`services.${from}.depends_on.${name}`, `dependency cycle detected: ${cycle.join(' -> ')}`);
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const dependency of Object.keys(services[name]?.dependsOn ?? {})) visit(dependency);
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) visit(name);
}
