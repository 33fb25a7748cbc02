/** A hand-built ServiceContext whose warnings are collected for assertions. */
import type { ImageFacts } from '../../../lib/images/facts.ts';
import type { ComposeProject, Service } from '../../../lib/compose/model.ts';
import type { ServiceContext } from '../../../lib/k8s/plan/context.ts';
import type { ServiceOptions, WorkloadKind } from '../../../lib/k8s/options/options.ts';
import { makeProject } from '../../support/model.ts';

export interface Warning {
  readonly message: string;
  readonly key: string;
}

export interface TestContext extends ServiceContext {
  readonly warnings: Warning[];
}

export function contextFor(
  service: Service,
  settings: {
    readonly others?: readonly Service[];
    readonly options?: ServiceOptions;
    readonly workload?: WorkloadKind;
    readonly project?: Partial<ComposeProject>;
    readonly image?: ImageFacts;
  } = {},
): TestContext {
  const project = makeProject([service, ...(settings.others ?? [])], settings.project);
  const warnings: Warning[] = [];
  return {
    project,
    service,
    options: settings.options ?? {},
    chartOptions: {},
    names: Object.fromEntries(Object.keys(project.services).map((name) => [name, name.replace(/_/g, '-')])),
    workload: settings.workload ?? 'Deployment',
    warn: (message, key) => warnings.push({ message, key }),
    image: settings.image,
    warnings,
  };
}

/** Plain JSON of a value holding k8s.Quantity / k8s.IntOrString instances, for readable assertions. */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => unwrap(v)));
}

function unwrap(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'value' && value.constructor !== Object) return (value as { value: unknown }).value;
  }
  return value;
}
