/** A hand-built ServiceContext that records warnings, for testing one rule on one service. */
import type { ImageFacts } from '../../../lib/images/facts.ts';
import type { ComposeProject } from '../../../lib/compose/model.ts';
import type { ServiceContext } from '../../../lib/k8s/plan/context.ts';
import type { ComposeKubernetesOptions, ServiceOptions, WorkloadKind } from '../../../lib/k8s/options/options.ts';

export interface RecordedWarning {
  readonly message: string;
  readonly key: string;
}

export interface TestContext {
  readonly context: ServiceContext;
  readonly warnings: RecordedWarning[];
}

export function contextFor(
  project: ComposeProject,
  serviceName: string,
  setup: { options?: ServiceOptions; chartOptions?: ComposeKubernetesOptions; workload?: WorkloadKind; image?: ImageFacts } = {},
): TestContext {
  const service = project.services[serviceName];
  if (!service) throw new Error(`no service ${serviceName}`);
  const warnings: RecordedWarning[] = [];
  const names = Object.fromEntries(Object.keys(project.services).map((name) => [name, name.replace(/_/g, '-')]));
  const context: ServiceContext = {
    project,
    service,
    options: setup.options ?? {},
    chartOptions: setup.chartOptions ?? {},
    names,
    workload: setup.workload ?? 'Deployment',
    warn: (message, key) => warnings.push({ message, key }),
    image: setup.image,
  };
  return { context, warnings };
}
