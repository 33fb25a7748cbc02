import { Chart, type ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { k8s } from '../../imports/k8s.ts';
import { ComposeError } from '../compose/errors.ts';
import { loadProject } from '../compose/load.ts';
import type { ComposeProject, Diagnostic, Service } from '../compose/model.ts';
import type { ClaimPayload, ConfigMapPayload, SecretPayload, ServiceContext, Warn } from './context.ts';
import { initContainersFor } from './dependencies.ts';
import { devicesFor } from './devices.ts';
import { addDisruptionBudget } from './disruption-budget.ts';
import { environmentFor } from './environment.ts';
import { KubeConfigMap, KubeNetworkPolicy, KubePersistentVolumeClaim } from './kube-objects.ts';
import { projectLabels, selectorLabels, serviceLabels } from './labels.ts';
import { locate } from './locate.ts';
import { addNamespace, isSystemNamespace, namespaceFor, strictestCommonLevel } from './namespace.ts';
import { serviceNames } from './names.ts';
import { networkLabelsFor, networkPoliciesFor } from './network-policies.ts';
import type { ServiceObjectMeta } from './object-meta.ts';
import { chartOptionsFor, projectOptions, serviceOptionsFor } from './options-validation.ts';
import type { ComposeKubernetesOptions, PodSecurityLevel, ServiceOptions, WorkloadKind } from './options.ts';
import { podSecurityLevel } from './pod-security-level.ts';
import { placementFor } from './placement.ts';
import { probesFor } from './probes.ts';
import { resourcesFor } from './resources.ts';
import { securityFor } from './security.ts';
import { addAliasServices } from './service-aliases.ts';
import { withImageDefaultPorts } from './service-default-ports.ts';
import { addExposure } from './service-exposure.ts';
import { containerPorts, type NamedPort } from './service-ports.ts';
import { addClusterServices } from './service.ts';
import { checkWorkloadOptions, chooseWorkload } from './stateful.ts';
import { reportUntranslatedProjectKeys, reportUntranslatedServiceKeys } from './untranslated.ts';
import { storageFor } from './volumes.ts';
import { composeLabelAnnotations, deployLabelAnnotations, polarisExemptions } from './workload-annotations.ts';
import { imageFor } from './workload-image.ts';
import { podTemplate, type PodParts, type PodTemplate } from './workload-pod.ts';
import { DependencyVolumes } from './workload-dependency-run.ts';
import { addWorkload, jobPolicy, replicasFor, type JobPolicy } from './workload.ts';
import { own } from './own.ts';
import { renderSafely } from './unrenderable-keys.ts';

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

/**
 * One Compose project as Kubernetes objects: a Namespace labelled with the Pod Security level its
 * pods meet, and per service a workload and Services named exactly as the service, with the
 * storage, configuration, probes, security and network policies the rule modules derive.
 * Secrets are referenced, never synthesized: their payloads are in `secrets`.
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
  private readonly names: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ComposeChartProps = {}) {
    super(scope, id, props.labels ? { labels: { ...props.labels } } : {});
    const loaded = projectFor(props);
    this.project = loaded;
    this.namespace = namespaceFor(loaded, props.namespace);
    const warnings: Diagnostic[] = [...loaded.warnings];
    const reported = new Set<string>();
    const warn: Warn = (message, key) => {
      const warning = `${key}\n${message}`;
      if (reported.has(warning)) return;
      reported.add(warning);
      const location = locate(loaded, key) ?? own(loaded.services, key.split('.')[1] ?? '')?.location;
      warnings.push({ message, key, ...(location ? { location } : {}) });
    };
    // What the rules translate: the loaded project plus the ports well-known images listen on.
    const project = withImageDefaultPorts(loaded, warn);
    const inputs: ServiceInputs = {
      project,
      top: projectOptions(project),
      code: props.options ?? {},
      chartOptions: chartOptionsFor(project, props.options),
      warn,
      collected: new Collected(),
    };
    this.names = serviceNames(project);
    for (const service of Object.values(project.services)) this.addService(service, inputs);
    const { chartOptions, collected } = inputs;
    this.addShared(collected);
    if (chartOptions.networkPolicies !== false) this.addNetworkPolicies(project, chartOptions);
    reportUntranslatedProjectKeys(project, warn);
    this.rejectDuplicateObjects(project);
    this.podSecurityLevel = strictestCommonLevel(collected.levels);
    addNamespace(this, this.namespace, this.podSecurityLevel, projectLabels(project.name));
    if (isSystemNamespace(this.namespace)) {
      warnings.push({ message: `namespace '${this.namespace}' belongs to the cluster, so no Namespace object (and no Pod Security labels) is emitted for it` });
    }
    this.secrets = [...collected.secrets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.warnings = warnings;
  }

  /** The Kubernetes name of a compose service (its workload and Service). */
  serviceName(composeService: string): string {
    const name = own(this.names, composeService);
    if (name === undefined) throw new Error(`no service '${composeService}' in project '${this.project.name}'`);
    return name;
  }

  private addService(service: Service, inputs: ServiceInputs): void {
    const { project, warn, collected, chartOptions } = inputs;
    const pod = this.servicePod(service, inputs, true);
    const { context, options, meta, parts, template, ports, composeLabels, workload, policy } = pod;
    const runsOnce = policy !== undefined;
    const replicas = replicasFor(context);
    addWorkload(this, {
      context,
      meta,
      annotations: {
        ...composeLabels,
        ...deployLabelAnnotations(service, warn),
        ...polarisExemptions(service, options, pod.polarisExemptions, warn),
      },
      template,
      replicas,
      ...(policy ? { jobPolicy: policy } : {}),
      claimTemplates: parts.storage.volumeClaimTemplates,
      mountsExclusiveClaim: parts.storage.persistentVolumeClaims.some((claim) => isExclusive(claim)),
    });
    addClusterServices(this, {
      meta,
      ports,
      governing: workload === 'StatefulSet',
      dnsRoundRobin: service.deploy.endpointMode === 'dnsrr',
    });
    addAliasServices(this, { service, meta, ports, names: this.names, warn });
    addExposure(this, {
      project,
      service,
      meta,
      options,
      explicitOptions: pod.explicitOptions,
      ingress: chartOptions.ingress ?? {},
      warn,
    });
    if (workload === 'Deployment' || workload === 'StatefulSet') addDisruptionBudget(this, meta, replicas);
    collected.add(parts, podSecurityLevel(template.spec));
    reportUntranslatedServiceKeys(service, runsOnce, warn);
  }

  /**
   * What the rules decide for one service's pod. With `runDependencies`, its
   * `service_completed_successfully` dependencies run first as init containers, built the same
   * way (without their own init containers: their waits are added to this pod).
   */
  private servicePod(service: Service, inputs: ServiceInputs, runDependencies: boolean): ServicePod {
    const { project, top, code, chartOptions, warn } = inputs;
    const { options, own: explicitOptions } = serviceOptionsFor(project, service.name, top, code);
    const workload = chooseWorkload(project, service, options, warn);
    checkWorkloadOptions(project, service, options, workload);
    const context: ServiceContext = { project, service, options, chartOptions, names: this.names, workload, warn };
    const name = this.serviceName(service.name);
    const meta: ServiceObjectMeta = {
      name,
      namespace: this.namespace,
      labels: serviceLabels(project.name, name),
      selector: selectorLabels(project.name, name),
    };
    const devices = devicesFor(context);
    const security = securityFor(context, devices);
    const environment = environmentFor(context);
    const aloneParts: PodParts = {
      environment,
      storage: storageFor(context),
      probes: probesFor(context, environment),
      resources: resourcesFor(context, devices.extendedResources),
      security,
      placement: placementFor(context),
      devices,
      initContainers: [],
    };
    const ports = containerPorts(service);
    const composeLabels = composeLabelAnnotations(service, warn);
    const policy = workload === 'Job' || workload === 'CronJob' ? jobPolicy(context) : undefined;
    const image = imageFor(context);
    // The pod without init containers first: a dependency run joins its volumes.
    const alone = podTemplate({
      context,
      name,
      image: image.image,
      ports,
      parts: aloneParts,
      labels: { ...meta.labels, ...networkLabelsFor(project, service.name) },
      annotations: { ...composeLabels, ...options.podAnnotations },
      ...(policy ? { restartPolicy: policy.restartPolicy } : {}),
    });
    const exemptions: Record<string, string> = { ...image.polarisExemptions, ...security.polarisExemptions };
    const volumes = new DependencyVolumes(alone.spec.volumes ?? []);
    const initContainers = initContainersFor(
      context,
      runDependencies ? (dependency) => this.dependencyRun(dependency, inputs, volumes, exemptions) : undefined,
    );
    // Object.assign: V8 builds literals that start with a spread and go on several times slower (issue 7).
    const parts: PodParts = Object.assign({}, aloneParts, { initContainers });
    const template: PodTemplate = Object.assign({}, alone, {
      spec: Object.assign(
        {},
        alone.spec,
        initContainers.length > 0 ? { initContainers } : {},
        volumes.volumes.length > 0 ? { volumes: [...volumes.volumes] } : {},
      ),
    });
    return { context, options, explicitOptions, meta, parts, template, ports, composeLabels, workload, policy, polarisExemptions: exemptions };
  }

  /**
   * The container of a `service_completed_successfully` dependency, mounting its volumes in the
   * dependent pod; the Polaris exemptions its container needs join the dependent's.
   */
  private dependencyRun(
    dependency: string,
    inputs: ServiceInputs,
    volumes: DependencyVolumes,
    exemptions: Record<string, string>,
  ): k8s.Container | undefined {
    const target = own(inputs.project.services, dependency);
    if (!target) return undefined;
    const run = this.servicePod(target, inputs, false);
    const container = volumes.adopt(run.template.spec);
    if (container) for (const [check, reason] of Object.entries(run.polarisExemptions)) exemptions[check] ??= reason;
    return container;
  }

  /**
   * Derived names (`<name>-headless`, `<name>-public`, claims, policies) can meet another service's
   * name; two objects of one kind and name would silently replace each other when applied.
   */
  private rejectDuplicateObjects(project: ComposeProject): void {
    const owners = new Map<string, string | undefined>();
    // Kubernetes names are unique per compose service (collisions are errors): one reverse map
    // serves every object, instead of a scan of all services per object (issue 7).
    const composeNames = new Map(Object.entries(this.names).map(([compose, kubernetes]) => [kubernetes, compose]));
    const composeNameOf = (object: ApiObject): string | undefined => {
      const name = object.metadata.getLabel('app.kubernetes.io/name');
      return name === undefined ? undefined : composeNames.get(name);
    };
    for (const object of this.apiObjects) {
      const key = `${object.kind} '${object.name}'`;
      const owner = composeNameOf(object);
      if (!owners.has(key)) {
        owners.set(key, owner);
        continue;
      }
      const first = owners.get(key);
      const by = [first, owner].filter((name) => name !== undefined).map((name) => `'${name}'`).join(' and ');
      const service = owner === undefined ? undefined : project.services[owner];
      throw new ComposeError(
        `${key} would be created twice${by ? ` (for services ${by})` : ''}; rename a service so that the names differ`,
        service?.location,
        service ? `services.${service.name}` : undefined,
      );
    }
  }

  private addShared(collected: Collected): void {
    const labels = projectLabels(this.project.name);
    for (const claim of collected.claims.values()) {
      const props: k8s.KubePersistentVolumeClaimProps = {
        metadata: { name: claim.name, namespace: this.namespace, labels: { ...labels, ...claim.labels } },
        spec: claim.spec,
      };
      renderSafely(props, (safe) => new KubePersistentVolumeClaim(this, `pvc-${claim.name}`, safe));
    }
    for (const map of collected.configMaps.values()) {
      const hasData = Object.keys(map.data).length > 0;
      const hasBinary = Object.keys(map.binaryData).length > 0;
      const props: k8s.KubeConfigMapProps = {
        metadata: { name: map.name, namespace: this.namespace, labels },
        ...(hasData ? { data: { ...map.data } } : {}),
        ...(hasBinary ? { binaryData: { ...map.binaryData } } : {}),
      };
      renderSafely(props, (safe) => new KubeConfigMap(this, `configmap-${map.name}`, safe));
    }
  }

  private addNetworkPolicies(project: ComposeProject, chartOptions: ComposeKubernetesOptions): void {
    const labels = projectLabels(project.name);
    for (const policy of networkPoliciesFor(project, this.names, chartOptions)) {
      new KubeNetworkPolicy(this, `networkpolicy-${policy.name}`, {
        metadata: { name: policy.name, namespace: this.namespace, labels },
        spec: policy.spec,
      });
    }
  }
}

/** One service's pod as the rules decided it, with what the workload and Services need. */
interface ServicePod {
  readonly context: ServiceContext;
  readonly options: ServiceOptions;
  /** The options the service sets itself (its own x-kubernetes and per-service code options). */
  readonly explicitOptions: ServiceOptions;
  readonly meta: ServiceObjectMeta;
  readonly parts: PodParts;
  readonly template: PodTemplate;
  readonly ports: readonly NamedPort[];
  readonly composeLabels: Readonly<Record<string, string>>;
  readonly workload: WorkloadKind;
  readonly policy: JobPolicy | undefined;
  /** Polaris check → why the compose file asks to fail it. */
  readonly polarisExemptions: Readonly<Record<string, string>>;
}

/** What every service's translation shares. */
interface ServiceInputs {
  readonly project: ComposeProject;
  /** The top-level x-kubernetes. */
  readonly top: ComposeKubernetesOptions;
  /** Options passed in code. */
  readonly code: ComposeKubernetesOptions;
  /** Both merged, with each volume's own x-kubernetes. */
  readonly chartOptions: ComposeKubernetesOptions;
  readonly warn: Warn;
  readonly collected: Collected;
}

/** Objects several services may ask for, created once by name (the first ask wins). */
class Collected {
  readonly claims = new Map<string, ClaimPayload>();
  readonly configMaps = new Map<string, ConfigMapPayload>();
  readonly secrets = new Map<string, SecretPayload>();
  readonly levels: PodSecurityLevel[] = [];

  add(parts: PodParts, level: PodSecurityLevel): void {
    for (const claim of parts.storage.persistentVolumeClaims) if (!this.claims.has(claim.name)) this.claims.set(claim.name, claim);
    for (const map of parts.storage.configMaps) if (!this.configMaps.has(map.name)) this.configMaps.set(map.name, map);
    this.addSecrets(parts.environment.secrets);
    this.addSecrets(parts.storage.secrets);
    this.levels.push(level);
  }

  /** A Secret several services ask for holds the entries of all. */
  private addSecrets(secrets: readonly SecretPayload[]): void {
    for (const secret of secrets) {
      const previous = this.secrets.get(secret.name);
      const stringData = previous ? { ...previous.stringData, ...secret.stringData } : { ...secret.stringData };
      this.secrets.set(secret.name, { name: secret.name, stringData });
    }
  }
}

function isExclusive(claim: ClaimPayload): boolean {
  const modes = claim.spec.accessModes ?? ['ReadWriteOnce'];
  return modes.includes('ReadWriteOnce') || modes.includes('ReadWriteOncePod');
}

