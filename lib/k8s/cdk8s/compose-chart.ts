import { Chart, type ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { loadProject } from '../../compose/load.ts';
import { readProjectImageFacts, type ProjectImageFacts } from '../../images/project-facts.ts';
import type { ComposeProject, Diagnostic } from '../../compose/model.ts';
import type { SecretPayload } from '../plan/context.ts';
import type { ComposeKubernetesOptions, PodSecurityLevel } from '../options/options.ts';
import { own } from '../plan/own.ts';
import type { TranslationPlan } from '../plan/plan.ts';
import { translate } from '../translate.ts';
import { plannedObject } from './planned-object.ts';

export interface ComposeChartProps {
  /** An already loaded project. @default loaded from `files` */
  readonly project?: ComposeProject;
  /** Compose files, loaded with the compose loader when `project` is not given. @default compose.yaml in the working directory */
  readonly files?: readonly string[];
  /** @default the first compose file's directory */
  readonly projectDirectory?: string;
  /** @default from the compose file's `name:` or its directory */
  readonly projectName?: string;
  /** @default none, or COMPOSE_PROFILES */
  readonly profiles?: readonly string[];
  /** @default the project's .env */
  readonly envFiles?: readonly string[];
  /** Variables for interpolation. @default process.env */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** @default the project name */
  readonly namespace?: string;
  /** Kubernetes choices compose cannot express; the compose files' x-kubernetes merge below these. @default {} */
  readonly options?: ComposeKubernetesOptions;
  /** Extra labels on every object. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** What the images say about how they run. @default read from the services' Dockerfiles and the project's image lock file */
  readonly imageFacts?: ProjectImageFacts;
}

/** The objects of one compose service, to patch with the usual cdk8s escape hatches. */
export interface ServiceObjects {
  /** Its Deployment, StatefulSet, DaemonSet, Job or CronJob. */
  readonly workload: ApiObject;
  /** Its Services: the ClusterIP one, a headless or public one, network aliases. */
  readonly services: readonly ApiObject[];
  /** The PersistentVolumeClaims its pods mount (shared claims appear under every service that mounts them). */
  readonly claims: readonly ApiObject[];
  /** The ConfigMaps its pods mount (shared ones too). */
  readonly configMaps: readonly ApiObject[];
  /** All of the above plus its Ingress, PodDisruptionBudget and NetworkPolicy, in planning order. */
  readonly objects: readonly ApiObject[];
}

function projectFor(props: ComposeChartProps): ComposeProject {
  if (props.project) return props.project;
  return loadProject({
    ...(props.files ? { files: props.files } : {}),
    ...(props.projectDirectory ? { projectDirectory: props.projectDirectory } : {}),
    ...(props.projectName ? { projectName: props.projectName } : {}),
    ...(props.profiles ? { profiles: props.profiles } : {}),
    ...(props.envFiles ? { envFiles: props.envFiles } : {}),
    ...(props.environment ? { environment: props.environment } : {}),
  });
}

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/**
 * A Compose project in a cdk8s app: `translate` plans the objects (see translate.ts), and the chart
 * holds one ApiObject per planned manifest. Secrets are referenced, never synthesized: their
 * payloads are in `secrets`.
 */
export class ComposeChart extends Chart {
  readonly project: ComposeProject;
  readonly namespace: string;
  /** Loader and translation warnings, located in the compose files. */
  readonly warnings: readonly Diagnostic[];
  /** What `cdk8s-compose secrets` prints; never synthesized. */
  readonly secrets: readonly SecretPayload[];
  /** The strictest Pod Security Standard level all pods meet. */
  readonly podSecurityLevel: PodSecurityLevel;
  /** What the chart was built from. */
  readonly plan: TranslationPlan;
  private readonly byService = new Map<string, ServiceObjects>();

  constructor(scope: Construct, id: string, props: ComposeChartProps = {}) {
    super(scope, id, props.labels ? { labels: { ...props.labels } } : {});
    const project = projectFor(props);
    this.plan = translate(project, {
      imageFacts: props.imageFacts ?? readProjectImageFacts(project),
      ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
      ...(props.options ? { options: props.options } : {}),
      ...(props.labels ? { labels: props.labels } : {}),
    });
    this.project = this.plan.project;
    this.namespace = this.plan.namespace;
    this.warnings = this.plan.warnings;
    this.secrets = this.plan.secrets;
    this.podSecurityLevel = this.plan.podSecurityLevel;
    const objects = new Map<string, ApiObject[]>();
    for (const { manifest, services } of this.plan.entries) {
      const object = plannedObject(this, manifest);
      for (const service of services) objects.set(service, [...(objects.get(service) ?? []), object]);
    }
    for (const [service, list] of objects) {
      const workload = list.find((object) => WORKLOAD_KINDS.has(object.kind));
      if (!workload) continue;
      this.byService.set(service, {
        workload,
        services: list.filter((object) => object.kind === 'Service'),
        claims: list.filter((object) => object.kind === 'PersistentVolumeClaim'),
        configMaps: list.filter((object) => object.kind === 'ConfigMap'),
        objects: list,
      });
    }
  }

  /** The Kubernetes name of a compose service (its workload and Service). */
  serviceName(composeService: string): string {
    const name = own(this.plan.serviceNames, composeService);
    if (name === undefined) throw new Error(`no service '${composeService}' in project '${this.project.name}'`);
    return name;
  }

  /** The objects of a compose service. */
  service(composeService: string): ServiceObjects {
    const objects = this.byService.get(composeService);
    if (objects === undefined) throw new Error(`no service '${composeService}' in project '${this.project.name}'`);
    return objects;
  }
}
