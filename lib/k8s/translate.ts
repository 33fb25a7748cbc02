import { mergedNameRecord, nameRecordOf } from '../name-records.ts';
/**
 * One Compose project as a plan of Kubernetes objects: a Namespace labelled with the Pod Security
 * level its pods meet, and per service a workload and Services named exactly as the service, with
 * the storage, configuration, probes, security and network policies the rule modules derive.
 * Every name goes through one NameRegistry. Secrets are referenced, never planned as objects:
 * their payloads are in `secrets`.
 */
import { ComposeError } from '../compose/errors.ts';
import { acknowledge } from './acknowledged.ts';
import type { ProjectImageFacts } from '../images/project-facts.ts';
import type { ComposeProject, Diagnostic, Service } from '../compose/model.ts';
import { redactedValuesOf, SecretRedactor } from '../compose/sensitivity.ts';
import type * as k8s from './plan/api-types.ts';
import { canonicalManifest } from './output/canonical-manifest.ts';
import { refuseLeakedSecret } from './output/secret-leaks.ts';
import type { ConfigMapPayload, OwnedSecretPayload, SecretPayload, ServiceContext, SharedClaimPayload, Warn } from './plan/context.ts';
import { initContainersFor } from './workload/dependencies.ts';
import { preStartContainers } from './workload/pod/pre-start-hooks.ts';
import { devicesFor } from './workload/devices.ts';
import { DevicePluginNeeds } from './workload/device-plugin.ts';
import { disruptionBudget } from './workload/disruption-budget.ts';
import { horizontalAutoscaler, leftToAutoscaler } from './workload/autoscaler.ts';
import { environmentFor } from './config-and-secrets/environment.ts';
import { fileObjectsFor } from './config-and-secrets/file-objects.ts';
import { clientSideApplyWarning } from './config-and-secrets/apply-size.ts';
import { applySafeData } from './config-and-secrets/apply-safe-data.ts';
import { projectLabels, selectorLabels, serviceLabels } from './names/labels.ts';
import { locate } from './plan/locate.ts';
import { NameRegistry, type NameOwner } from './names/name-registry.ts';
import { isSystemNamespace, namespaceFor, namespaceManifest, strictestCommonLevel } from './security/namespace.ts';
import { serviceNames } from './names/names.ts';
import { leftOutHostPorts, reportHostNetworkLoopback } from './networking/host-network-loopback.ts';
import { reportHostNetworkPorts } from './networking/host-network-ports.ts';
import { reportProxyLabels } from './networking/proxy-labels.ts';
import { reportUnlistedPortRuns } from './networking/port-runs.ts';
import { reportDockerDns, reportSwarmTasks } from './networking/docker-dns.ts';
import { reportDnsDiscovery } from './networking/dns-discovery.ts';
import { reportUnreadBuilds } from './workload/unread-builds.ts';
import { reportComposeSubnets } from './networking/compose-subnets.ts';
import { reportAddressAllowLists } from './networking/address-allow-lists.ts';
import { networkLabelsFor, networkPoliciesFor } from './networking/network-policies.ts';
import type { ServiceObjectMeta } from './names/object-meta.ts';
import { chartOptionsFor, projectOptions, serviceOptionsFor } from './options/options-validation.ts';
import { mergeOptions, type ComposeKubernetesOptions, type PodSecurityLevel, type ServiceOptions, type WorkloadKind } from './options/options.ts';
import { komposeOptions } from './kompose/kompose-labels.ts';
import { own } from './plan/own.ts';
import { withProjectPaths } from './storage/host-source-names.ts';
import { ToCreate } from './plan/to-create.ts';
import { EXTENSION_KEY } from './options/options-validation.ts';
import type { KubernetesManifest, PlanEntry, TranslationPlan } from './plan/plan.ts';
import { baselineViolations, podSecurityLevel } from './security/pod-security-level.ts';
import { withoutProviderServices } from './workload/provider-services.ts';
import { inheritedJobOptions, withOfeliaJobs } from './workload/ofelia-jobs.ts';
import { withComposeJobs } from './workload/compose-jobs.ts';
import { sourceKey } from './plan/made-services.ts';
import { withoutDockerManagers } from './workload/docker-managers.ts';
import { PodVolumeSet } from './storage/pod-volumes.ts';
import { imageFilesContainer, type FilesOwner, type ImageFilesCopy } from './storage/image-files.ts';
import { claimSeedSecurity, seedsWhileEmpty } from './storage/shipped-files.ts';
import { placementFor } from './workload/placement.ts';
import { probesFor } from './workload/probes.ts';
import { resourcesFor } from './workload/resources.ts';
import { securityFor, type SecuritySettings } from './security/security.ts';
import { aliasServices, sharedAliasLabels, subdomainService } from './networking/service-aliases.ts';
import { hasOwnNetwork, isBuildRecipe, wireProject, type ProjectWiring } from './networking/wiring/wiring.ts';
import { withWrittenSecretFiles } from './storage/written-secrets.ts';
import { isRestartWithAnnotation, restartTargets, restartWithAnnotations, type RestartTarget } from './workload/restart-with.ts';
import { publicExposure } from './networking/service-exposure.ts';
import { containerPorts, type NamedPort } from './networking/service-ports.ts';
import { clusterServices } from './networking/service.ts';
import { checkWorkloadOptions, chooseWorkload } from './workload/stateful.ts';
import { pingedServices } from './networking/pinged-services.ts';
import { handRunTools } from './workload/run-once/hand-run-tools.ts';
import { withRunOnceDecision } from './workload/run-once/run-once-decision.ts';
import { severalPods } from './workload/several-pods.ts';
import { reportUntranslatedProjectKeys, reportUntranslatedServiceKeys } from './untranslated.ts';
import { reportProfileGatedServices } from './workload/profile-gated-services.ts';
import { storageFor } from './storage/volumes.ts';
import { sharedClaimGroupWarning, sharedFsGroup, sharedFsGroupNote, type GroupMember } from './storage/shared-claim-groups.ts';
import { claimGroupMembers } from './storage/claims.ts';
import { composeLabelAnnotations, deployLabelAnnotations, podAnnotations, polarisExemptions } from './workload/workload-annotations.ts';
import { apiServerEgress, jobWaitAccess, jobWaitAccessName, JobWaits } from './workload/run-once/job-wait.ts';
import { imageFor } from './workload/workload-image.ts';
import { pinnedImage } from './workload/image-digest.ts';
import { withVolumesFromAll } from './workload/volumes-from.ts';
import { withBoundVolumes } from '../compose/bound-volumes.ts';
import { sharePods, type SharedPods } from './workload/shared-pods.ts';
import { joinedPod, type PodMember } from './workload/joined-pod.ts';
import { joinedPodSecurityContext } from './security/joined-pod-security.ts';
import { podTemplate, type PodParts, type PodTemplate } from './workload/workload-pod.ts';
import { jobPolicy, replicasFor, workloadManifest, type JobPolicy, type WorkloadManifest } from './workload/workload.ts';

export interface TranslateOptions {
  /** @default the project name */
  readonly namespace?: string;
  /** Kubernetes choices compose cannot express; the compose files' x-kubernetes merge below these. @default {} */
  readonly options?: ComposeKubernetesOptions;
  /** Extra labels on every object. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Objects Compose cannot describe, planned after the project's (e.g. SCIP's team-dashboard template). @default none */
  readonly extraObjects?: readonly KubernetesManifest[];
  /**
   * What each service's image says about how it runs (Dockerfiles, the image lock file), read by the
   * caller: rules never read files. @default none: the rules know only compose and their image profiles
   */
  readonly imageFacts?: ProjectImageFacts;
}

export function translate(loaded: ComposeProject, settings: TranslateOptions = {}): TranslationPlan {
  return translateKeeping(loaded, settings, canonicalManifest);
}

/**
 * `translate`, with the plan keeping of each object only what `keep` makes of it once the object is
 * final (labelled; `translate` keeps its canonical copy). The CLI keeps its canonical YAML text
 * (`emitCanonicalDocument`), so the object trees die young instead of all living until the output
 * is written.
 */
export function translateKeeping<Kept>(loaded: ComposeProject, settings: TranslateOptions, keep: (manifest: KubernetesManifest) => Kept): TranslationPlan<Kept> {
  // Messages quote values (`user '…' is not a user id`): none may repeat a secret of the project.
  const redactor = new SecretRedactor(redactedValuesOf(loaded));
  try {
    return translateWith(loaded, settings, redactor, keep);
  } catch (error) {
    throw error instanceof ComposeError ? error.redactedBy(redactor) : error;
  }
}

function translateWith<Kept>(
  composed: ComposeProject,
  settings: TranslateOptions,
  redactor: SecretRedactor,
  keep: (manifest: KubernetesManifest) => Kept,
): TranslationPlan<Kept> {
  const namespace = namespaceFor(composed, settings.namespace);
  const warnings: Diagnostic[] = composed.warnings.map((warning) => Object.assign({}, warning, { message: withProjectPaths(warning.message, composed) }));
  const reported = new Set<string>();
  // A service made from something else (a job) is reported at the keys it was made from.
  let madeFrom: ReadonlyMap<string, string> = new Map();
  const warn: Warn = (message, written) => {
    const key = sourceKey(written, madeFrom);
    const warning = `${key}\n${message}`;
    if (reported.has(warning)) return;
    reported.add(warning);
    const location = locate(composed, key) ?? own(composed.services, key.split('.')[1] ?? '')?.location;
    warnings.push({ message: withProjectPaths(redactor.redact(message), composed), key, ...(location ? { location } : {}) });
  };
  // A local volume that binds a directory is that directory, mounted as a bind mount is.
  const composeJobs = withComposeJobs(composed, warn);
  madeFrom = composeJobs.sources;
  const ofelia = withOfeliaJobs(withBoundVolumes(withoutDockerManagers(withoutProviderServices(composeJobs.project, warn), warn)), warn);
  const loaded = ofelia.project;
  madeFrom = new Map([...composeJobs.sources, ...[...ofelia.sources].map(([job, source]): [string, string] => [job, `services.${source}`])]);
  // The services made from another service: an ofelia job from its service, a job's CronJob for a
  // further schedule from its first (they share its env Secret and, in a Helm chart, its image value).
  const copies = [...composeJobs.sources].flatMap(([made, key]): [string, string][] => (key === `jobs.${made}` ? [] : [[made, key.slice('jobs.'.length)]]));
  const madeFromServices: Readonly<Record<string, string>> = Object.fromEntries([...ofelia.sources, ...copies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const names = serviceNames(loaded);
  // Kompose's labels and ofelia's jobs are options below every x-kubernetes layer.
  const kompose = komposeOptions(loaded, warn);
  const code = settings.options ?? {};
  const composeOptions = mergeOptions({ services: kompose.services }, projectOptions(loaded));
  // An ofelia job runs its service's image as the service does: with the options that say how.
  const jobs = Object.fromEntries(
    [...ofelia.sources].map(([job, source]) => [job, inheritedJobOptions(serviceOptionsFor(loaded, source, composeOptions, code).options, own(ofelia.options, job) ?? {})]),
  );
  const derived = { ...kompose.services, ...composeJobs.options, ...jobs };
  const jobsAndOptions = mergeOptions({ services: derived }, projectOptions(loaded));
  // Tools the project runs by hand (pelias' importers): suspended CronJobs, unless an option says otherwise.
  const tools = handRunTools(loaded, (name) => serviceOptionsFor(loaded, name, jobsAndOptions, code).options.workload !== undefined, warn, (name) => settings.imageFacts?.services[name]?.facts);
  const top = Object.keys(tools).length === 0 ? jobsAndOptions : mergeOptions({ services: { ...derived, ...tools } }, projectOptions(loaded));
  // The workload a service becomes, without warnings: they are given as each service is translated.
  const workloadOf = (service: Service): { options: ServiceOptions; kind: WorkloadKind } => {
    const { options } = serviceOptionsFor(loaded, service.name, top, code);
    return { options, kind: chooseWorkload(loaded, service, options, () => undefined, settings.imageFacts?.services[service.name]?.facts?.baseImage, settings.imageFacts?.services[service.name]?.facts) };
  };
  // Services that share a pod, but those that run to completion (decided again, with warnings, per service).
  const shared = sharePods(loaded, warn, (service) => {
    const { kind } = workloadOf(service);
    return kind === 'Job' || kind === 'CronJob';
  });
  // What the rules translate: the project as its services reach each other on Kubernetes
  // (references rewritten to names Kubernetes can hold, the ports they use added), with the mounts
  // `volumes_from` gives.
  const wired = wireProject({
    project: shared.project,
    names,
    namespace,
    image: (service) => settings.imageFacts?.services[service]?.facts,
    severalPods: (name) => {
      const service = own(shared.project.services, name);
      if (!service) return undefined;
      const { options, kind } = workloadOf(service);
      return severalPods(service, options, kind);
    },
    runsToCompletion: (name) => {
      const service = own(shared.project.services, name);
      const kind = service ? workloadOf(service).kind : undefined;
      return kind === 'Job' || kind === 'CronJob';
    },
    podsNamedByController: (name) => {
      const service = own(shared.project.services, name);
      return service !== undefined && workloadOf(service).kind === 'StatefulSet';
    },
    warn,
  });
  const wiring = wired.wiring;
  // The rules that ask whether another service runs to completion (a folder a task writes for
  // others) read the workload each service is given below, with its options and image facts.
  const decided = <P extends ComposeProject>(target: P): P =>
    withRunOnceDecision(target, {
      runsOnce: (name) => {
        const service = own(target.services, name);
        if (!service) return false;
        const facts = settings.imageFacts?.services[name]?.facts;
        const kind = chooseWorkload(target, service, serviceOptionsFor(target, name, top, code).options, () => undefined, facts?.baseImage, facts);
        return kind === 'Job' || kind === 'CronJob';
      },
      image: (name) => settings.imageFacts?.services[name]?.facts,
    });
  const project = decided(withWrittenSecretFiles(decided(withVolumesFromAll(wired.project, warn))));
  const toCreate = new ToCreate(namespace, (key) => locate(project, key), (text) => withProjectPaths(text, project));
  // Each object is checked as it is planned (the plan may keep only its text): no strong secret in
  // it, and the keys its pods read from objects the user creates.
  const observe = (manifest: KubernetesManifest): void => {
    refuseLeakedSecret(project, manifest);
    toCreate.observe(manifest);
  };
  const plan = new PlanBuilder(new NameRegistry((key) => locate(project, key)), namespace, settings.labels ?? {}, wiring, toCreate, keep, observe);
  const translation = new Translation({
    project,
    top,
    code,
    chartOptions: mergeOptions({ volumes: kompose.volumes }, chartOptionsFor(project, settings.options)),
    warn,
    names,
    namespace,
    plan,
    imageFacts: settings.imageFacts,
    wiring: wiring.services,
    sharedAliases: wiring.sharedAliases,
    clusterMembers: wiring.clusterMembers,
    pods: shared.pods,
    madeFrom: madeFromServices,
    leftOutHostPorts: leftOutHostPorts(composed, project),
  });
  for (const service of Object.values(project.services)) translation.addService(service);
  for (const resource of translation.devicePlugins.prerequisites(warn)) toCreate.add('ExtendedResource', resource.name, resource.why, resource.key, resource.how);
  plan.addShared(project, warn);
  if (translation.inputs.chartOptions.networkPolicies !== false) plan.addNetworkPolicies(project, names, translation.inputs.chartOptions, translation.exposed);
  for (const manifest of settings.extraObjects ?? []) plan.add(manifest, [], EXTRA_OWNER);
  reportUntranslatedProjectKeys(project, warn);
  reportProfileGatedServices(composed, warn);
  reportUnreadBuilds(project, settings.imageFacts, warn);
  reportDnsDiscovery(project, names, (name) => {
    const service = own(project.services, name);
    if (!service) return undefined;
    const { options, kind } = workloadOf(service);
    return severalPods(service, options, kind);
  }, warn);
  const level = strictestCommonLevel(plan.levels);
  const namespaceObject = namespaceManifest(namespace, level, projectLabels(project.name), translation.inputs.chartOptions.podSecurityVersion);
  if (namespaceObject) plan.add(namespaceObject, [], PROJECT_OWNER);
  if (isSystemNamespace(namespace)) {
    warnings.push({ message: redactor.redact(`namespace '${namespace}' belongs to the cluster, so no Namespace object (and no Pod Security labels) is emitted for it, and the default-deny NetworkPolicy selects only this project's pods`) });
  }
  const { shown, acknowledged } = acknowledge(project, translation.inputs.top, translation.inputs.code, warnings);
  return {
    project: loaded,
    namespace,
    entries: plan.entries,
    warnings: shown,
    acknowledgedWarnings: acknowledged,
    secrets: plan.secretPayloads(),
    podSecurityLevel: level,
    serviceNames: names,
    ...(Object.keys(madeFromServices).length > 0 ? { madeFrom: madeFromServices } : {}),
    wiring: wiring.services,
    toCreate: toCreate.list(),
  };
}

/** Objects of the whole project (the Namespace, the default-deny policy). */
const PROJECT_OWNER: NameOwner = { id: 'project', what: 'the project' };

/** Objects the caller adds to the plan. */
const EXTRA_OWNER: NameOwner = { id: 'extra', what: 'an object the chart adds' };

function serviceOwner(service: string): NameOwner {
  return { id: `service:${service}`, what: `service '${service}'`, key: `services.${service}` };
}

/** The plan being built: objects in planning order, each name registered. */
class PlanBuilder<Kept = unknown> {
  readonly entries: PlanEntry<Kept>[] = [];
  readonly levels: PodSecurityLevel[] = [];
  private readonly claims = new Map<string, { payload: SharedClaimPayload; services: string[] }>();
  private readonly configMaps = new Map<string, { payload: ConfigMapPayload; services: string[] }>();
  private readonly secrets = new Map<string, Record<string, string>>();
  /** Each collected service's pod fsGroup (undefined: none), for the claims they share. */
  private readonly podGroups = new Map<string, number | undefined>();

  constructor(
    private readonly registry: NameRegistry,
    private readonly namespace: string,
    private readonly labels: Readonly<Record<string, string>>,
    private readonly wiring: ProjectWiring,
    readonly toCreate: ToCreate,
    private readonly keep: (manifest: KubernetesManifest) => Kept,
    private readonly observe: (manifest: KubernetesManifest) => void,
  ) {}

  add(manifest: KubernetesManifest, services: readonly string[], owner: NameOwner): void {
    this.registry.object(manifest.kind, manifest.metadata.name, owner);
    const labelled = this.labelled(manifest);
    this.observe(labelled);
    this.entries.push({ manifest: this.keep(labelled), services });
  }

  /** What one service's pod asks to share: claims and ConfigMaps (planned once, later), Secrets. */
  collect(service: string, parts: PodParts, level: PodSecurityLevel): void {
    this.podGroups.set(service, parts.security.podSecurityContext.fsGroup);
    for (const claim of parts.storage.persistentVolumeClaims) this.share(this.claims, 'PersistentVolumeClaim', claim, service);
    for (const map of [...parts.storage.configMaps, ...parts.files.configMaps]) {
      this.share(this.configMaps, 'ConfigMap', map, service, (payload) => this.rewired(payload, service));
    }
    for (const secret of [...parts.storage.secrets, ...parts.files.secrets]) {
      if (this.secrets.has(secret.name)) continue;
      for (const [key, value] of Object.entries(secret.stringData)) {
        if (isBuildRecipe(key)) continue;
        this.wiring.reportUnchangeable(value, service, secret.owner.key ?? `services.${service}`, `the file '${key}' of Secret '${secret.name}'`);
      }
    }
    for (const secret of [...parts.environment.secrets, ...parts.storage.secrets, ...parts.files.secrets]) this.addSecret(secret);
    for (const reference of [...parts.storage.references, ...parts.files.references]) {
      this.registry.object(reference.kind, reference.name, reference.owner);
      this.toCreate.add(reference.kind, reference.name, reference.owner.what, reference.owner.key);
    }
    this.levels.push(level);
  }

  addShared(project: ComposeProject, warn: Warn): void {
    const labels = projectLabels(project.name);
    for (const { payload: claim, services } of this.claims.values()) {
      const manifest: k8s.PersistentVolumeClaim & KubernetesManifest = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: claim.name,
          namespace: this.namespace,
          labels: mergedNameRecord(labels, claim.labels),
          ...(claim.annotations ? { annotations: mergedNameRecord(claim.annotations) } : {}),
        },
        spec: claim.spec,
      };
      this.add(manifest, services, claim.owner);
      const groups = sharedClaimGroupWarning(claim.name, services.map((service) => ({ service, fsGroup: this.podGroups.get(service) })));
      if (groups) warn(groups, claim.owner.key ?? `services.${services[0] ?? ''}`);
    }
    for (const { payload: map, services } of this.configMaps.values()) {
      const { data, binaryData } = applySafeData(map.data, map.binaryData);
      const hasData = Object.keys(data).length > 0;
      const hasBinary = Object.keys(binaryData).length > 0;
      const manifest: k8s.ConfigMap & KubernetesManifest = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: map.name, namespace: this.namespace, labels },
        ...(hasData ? { data: mergedNameRecord(data) } : {}),
        ...(hasBinary ? { binaryData: mergedNameRecord(binaryData) } : {}),
      };
      const tooLarge = clientSideApplyWarning(manifest);
      if (tooLarge) warn(tooLarge, map.owner.key ?? `services.${services[0] ?? ''}`);
      this.add(manifest, services, map.owner);
    }
  }

  addNetworkPolicies(project: ComposeProject, names: Readonly<Record<string, string>>, options: ComposeKubernetesOptions, exposed: ReadonlySet<string>): void {
    const labels = projectLabels(project.name);
    for (const policy of networkPoliciesFor(project, names, options, isSystemNamespace(this.namespace) ? 'shared' : 'created', exposed)) {
      const manifest: k8s.NetworkPolicy & KubernetesManifest = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: policy.name, namespace: this.namespace, labels },
        spec: policy.spec,
      };
      const services = policy.service === undefined ? [] : [policy.service];
      this.add(manifest, services, policy.service === undefined ? PROJECT_OWNER : serviceOwner(policy.service));
    }
  }

  /** The Secrets' payloads by name; never manifests. */
  secretPayloads(): SecretPayload[] {
    return [...this.secrets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, stringData]) => ({ name, stringData }));
  }

  private labelled<T extends KubernetesManifest>(manifest: T): T {
    if (Object.keys(this.labels).length === 0) return manifest;
    return Object.assign({}, manifest, { metadata: Object.assign({}, manifest.metadata, { labels: mergedNameRecord(manifest.metadata.labels, this.labels) }) });
  }

  /** A configuration file's references to other services, as they resolve on Kubernetes; a binary file's are reported. */
  private rewired(map: ConfigMapPayload, service: string): ConfigMapPayload {
    const where = map.owner.key ?? `services.${service}`;
    let data: Record<string, string> | undefined;
    for (const [key, text] of Object.entries(map.data)) {
      if (isBuildRecipe(key)) continue;
      const rewritten = this.wiring.rewriteFile(text, service, where);
      if (rewritten !== text) (data ??= mergedNameRecord(map.data))[key] = rewritten;
    }
    for (const [key, base64] of Object.entries(map.binaryData)) {
      this.wiring.reportUnchangeable(Buffer.from(base64, 'base64').toString('latin1'), service, where, `the binary file '${key}' of ConfigMap '${map.name}'`);
    }
    return data ? Object.assign({}, map, { data }) : map;
  }

  /** The first ask of an owner plans the object (as `plan` gives it); the owner's later asks (other services) share it. */
  private share<P extends { readonly name: string; readonly owner: NameOwner }>(
    planned: Map<string, { payload: P; services: string[] }>,
    kind: string,
    payload: P,
    service: string,
    plan: (payload: P) => P = (same) => same,
  ): void {
    this.registry.object(kind, payload.name, payload.owner);
    const known = planned.get(payload.name);
    if (known === undefined) planned.set(payload.name, { payload: plan(payload), services: [service] });
    else if (!known.services.includes(service)) known.services.push(service);
  }

  /** A Secret its owner asks for from several services (a compose secret) holds the entries of all. */
  private addSecret(secret: OwnedSecretPayload): void {
    this.registry.object('Secret', secret.name, secret.owner);
    this.secrets.set(secret.name, mergedNameRecord(this.secrets.get(secret.name), secret.stringData));
  }
}

/** What every service's translation shares. */
interface TranslationInputs {
  readonly project: ComposeProject;
  /** The top-level x-kubernetes. */
  readonly top: ComposeKubernetesOptions;
  /** Options passed in code. */
  readonly code: ComposeKubernetesOptions;
  /** Both merged, with each volume's own x-kubernetes. */
  readonly chartOptions: ComposeKubernetesOptions;
  readonly warn: Warn;
  readonly names: Readonly<Record<string, string>>;
  readonly namespace: string;
  readonly plan: PlanBuilder;
  readonly imageFacts: ProjectImageFacts | undefined;
  readonly wiring: ProjectWiring['services'];
  readonly sharedAliases: ProjectWiring['sharedAliases'];
  readonly clusterMembers: ProjectWiring['clusterMembers'];
  readonly pods: SharedPods;
  /** The services made from another (an ofelia job's service → its service). */
  readonly madeFrom: Readonly<Record<string, string>>;
  /** Host ports of services left out of the translation, whose callers were told where they were left out. */
  readonly leftOutHostPorts: ReadonlySet<number>;
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
  /** The Jobs (run-once services) its init containers wait for, its joining services' included. */
  readonly jobs: readonly string[];
  /** The pods of the services whose containers join this one's pod (network_mode: service:<this>). */
  readonly joined: readonly ServicePod[];
}

/** One service's pod and the workload that runs it. */
interface BuiltService {
  readonly pod: ServicePod;
  readonly replicas: number;
  readonly workloadObject: WorkloadManifest;
}

class Translation {
  /** Services whose published ports the exposure option opens beyond the cluster. */
  readonly exposed = new Set<string>();
  /** Every pod's device-plugin requests: resources a node must advertise, listed to create. */
  readonly devicePlugins = new DevicePluginNeeds();
  /** Services built before their turn (a Job another service waits for), until they are planned. */
  private readonly builtAhead = new Map<string, BuiltService>();
  /**
   * Every built service's workload kind and name: all that later services ask of it, so its pod
   * and objects need not outlive its turn.
   */
  private readonly workloads = new Map<string, { readonly kind: string; readonly name: string }>();
  private readonly building = new Set<string>();
  /** The services some service restarts with, and the pod templates of those built (restart-with.ts). */
  private restartTargetSet: Set<string> | undefined;
  private readonly restartTemplates = new Map<string, k8s.PodTemplateSpec>();
  /** The users services run as, for the owner of key material copied for them (runsAs). */
  private readonly identities = new Map<string, FilesOwner | undefined>();
  /** Services' security as their own pods decide it, before a group is shared (ownSecurity). */
  private readonly securities = new Map<string, SecuritySettings | undefined>();

  constructor(readonly inputs: TranslationInputs) {}

  addService(service: Service): void {
    const { project, warn, plan, chartOptions } = this.inputs;
    if (this.inputs.pods.hostOf(service.name) !== service.name) {
      // Its container, objects and keys are planned with the pod it joins.
      return;
    }
    const { pod, replicas, workloadObject } = this.builtAhead.get(service.name) ?? this.build(service);
    this.builtAhead.delete(service.name);
    const { options, meta, parts, template, ports, workload, policy, jobs } = pod;
    const owner = serviceOwner(service.name);
    // The objects of a pod belong to every service it runs.
    const members = [service.name, ...pod.joined.map((joined) => joined.context.service.name)];
    const add = (manifest: KubernetesManifest | undefined): void => {
      if (manifest) plan.add(manifest, members, owner);
    };
    const autoscaler = horizontalAutoscaler({ context: pod.context, meta, target: { kind: workloadObject.kind, name: workloadObject.metadata.name }, template, replicas });
    add(autoscaler ? leftToAutoscaler(workloadObject) : workloadObject);
    if (jobs.length > 0) {
      for (const object of jobWaitAccess(meta, jobs, options.serviceAccountName)) add(object);
      if (chartOptions.networkPolicies !== false) add(apiServerEgress(meta));
    }
    // A run-once task is reached by name only on a port it serves, or when its name must answer with
    // its pods (dnsrr: the replicas of a Job that find each other by it, wiring.ts).
    const pingers = pingedServices(project).get(service.name) ?? [];
    const dnsRoundRobin = service.deploy.endpointMode === 'dnsrr' || pingers.length > 0;
    if (pingers.length > 0 && service.deploy.endpointMode !== 'dnsrr' && ports.length > 0) {
      warn(
        `its Services are headless, so that its names answer with its pods' addresses: ${pingers.join(', ')} ping${pingers.length === 1 ? 's' : ''} it, and a ClusterIP is a virtual address that answers no ping`,
        `services.${service.name}`,
      );
    }
    const served = hasOwnNetwork(service) && (ports.length > 0 || dnsRoundRobin || (workload !== 'Job' && workload !== 'CronJob'));
    const member = this.inputs.clusterMembers.get(service.name);
    const publishNotReady = member !== undefined;
    const clusterProps = { meta, ports, governing: workload === 'StatefulSet', dnsRoundRobin, served, publishNotReady, readyService: (member?.healthyWaiters.length ?? 0) > 0 };
    for (const object of clusterServices(clusterProps)) add(object);
    const aliases = served ? (this.inputs.wiring[service.name]?.aliases ?? []) : [];
    for (const object of aliasServices({ service, meta, ports, aliases, shared: this.inputs.sharedAliases, publishNotReady, headless: dnsRoundRobin })) add(object);
    const podDomain = this.inputs.wiring[service.name]?.podDomain;
    if (podDomain) add(subdomainService(meta, podDomain.subdomain, publishNotReady));
    const exposure = publicExposure({ project, service, meta, options, explicitOptions: pod.explicitOptions, ingress: chartOptions.ingress ?? {}, warn });
    if (exposure) this.exposed.add(service.name);
    add(exposure);
    this.addObjectsToCreate(service, options, exposure);
    for (const member of [parts, ...pod.joined.map((joined) => joined.parts)]) this.devicePlugins.add(member.devices.pluginDevices);
    if (workload === 'Deployment' || workload === 'StatefulSet') add(disruptionBudget(meta, replicas));
    add(autoscaler);
    const belowBaseline = baselineViolations(template.spec);
    if (belowBaseline.length > 0) {
      warn(`the pod runs with ${belowBaseline.join(', ')}, which Pod Security's baseline level forbids: the project's Namespace is labelled privileged (enforce, audit and warn) for every pod in it`, `services.${service.name}`);
    }
    const level = podSecurityLevel(template.spec);
    plan.collect(service.name, parts, level);
    reportUntranslatedServiceKeys(project, service, policy !== undefined, warn);
    reportHostNetworkLoopback(project, service, ports, this.inputs.names, warn, this.inputs.leftOutHostPorts);
    reportHostNetworkPorts(service, ports, warn);
    reportDockerDns(project, service, this.inputs.names, warn);
    reportSwarmTasks(project, service, this.inputs.names, warn);
    reportComposeSubnets(project, service, warn);
    reportAddressAllowLists(project, service, warn);
    for (const joined of pod.joined) {
      plan.collect(joined.context.service.name, joined.parts, level);
      reportUntranslatedServiceKeys(project, joined.context.service, false, warn);
      reportDockerDns(project, joined.context.service, this.inputs.names, warn);
      reportSwarmTasks(project, joined.context.service, this.inputs.names, warn);
      reportComposeSubnets(project, joined.context.service, warn);
      reportAddressAllowLists(project, joined.context.service, warn);
    }
  }

  /** What the service's options name without the stack creating it: a ServiceAccount, an Ingress's TLS Secret. */
  private addObjectsToCreate(service: Service, options: ServiceOptions, exposure: KubernetesManifest | undefined): void {
    const toCreate = this.inputs.plan.toCreate;
    const key = `services.${service.name}.${EXTENSION_KEY}`;
    if (options.serviceAccountName !== undefined) {
      toCreate.add('ServiceAccount', options.serviceAccountName, `the ServiceAccount service '${service.name}' runs as (serviceAccountName)`, `${key}.serviceAccountName`);
    }
    for (const name of new Set(options.imagePullSecrets ?? [])) {
      toCreate.add('Secret', name, `the registry credentials service '${service.name}' pulls its image with (a kubernetes.io/dockerconfigjson Secret: kubectl create secret docker-registry)`, `${key}.imagePullSecrets`);
    }
    const tls = exposure?.kind === 'Ingress' ? ((exposure as k8s.Ingress).spec?.tls ?? []) : [];
    const tlsKey = options.ingress?.tlsSecretName === undefined ? `x-kubernetes.ingress.tlsSecretName` : `${key}.ingress.tlsSecretName`;
    for (const { secretName } of tls) {
      if (secretName) toCreate.add('Secret', secretName, `the TLS certificate and key of the Ingress of service '${service.name}' (a kubernetes.io/tls Secret: kubectl create secret tls)`, tlsKey);
    }
  }

  /**
   * One service's pod and workload, built once: a service that others wait for as a Job is built
   * when the first of them needs its Job's name, and planned in its own turn.
   */
  private build(service: Service): BuiltService {
    this.building.add(service.name);
    const { warn } = this.inputs;
    const pod = this.servicePod(service);
    const { context, options, meta, parts, template, composeLabels, policy } = pod;
    const replicas = replicasFor(context);
    const workloadObject = workloadManifest({
      context,
      meta,
      annotations: mergedNameRecord(composeLabels, deployLabelAnnotations(context), polarisExemptions(service, options, pod.polarisExemptions, warn)),
      template,
      replicas,
      ...(policy ? { jobPolicy: policy } : {}),
      claimTemplates: parts.storage.volumeClaimTemplates,
      mountsExclusiveClaim: parts.storage.persistentVolumeClaims.some((claim) => isExclusive(claim)),
    });
    this.workloads.set(service.name, { kind: workloadObject.kind, name: workloadObject.metadata.name });
    if (this.restartTargetNames().has(service.name) && workloadObject.kind !== 'Job' && workloadObject.kind !== 'CronJob') {
      this.restartTemplates.set(service.name, (workloadObject as k8s.Deployment | k8s.StatefulSet | k8s.DaemonSet).spec?.template ?? {});
    }
    this.building.delete(service.name);
    return { pod, replicas, workloadObject };
  }

  /** The pod template of a service others restart with, built now if it is not yet (restart-with.ts). */
  private restartTarget(name: string): RestartTarget | undefined {
    const target = own(this.inputs.project.services, name);
    if (!target) return undefined;
    const { pods } = this.inputs;
    if (pods.hostOf(name) !== name) return { reason: `'${name}' runs in the pod of '${pods.hostOf(name)}'; restart with that service instead` };
    // depends_on has no cycle (the loader refuses one): this only keeps a build from recursing.
    if (this.building.has(name)) return undefined;
    if (!this.workloads.has(name)) this.builtAhead.set(name, this.build(target));
    const template = this.restartTemplates.get(name);
    return template ? { template } : { reason: `'${name}' runs as a ${this.workloads.get(name)?.kind ?? 'Job'}, which runs to completion and is not recreated as a server is` };
  }

  private restartTargetNames(): Set<string> {
    return (this.restartTargetSet ??= restartTargets(this.inputs.project));
  }

  /** The Job a compose service runs as, or undefined when it is no Job (or is being built: a cycle). */
  private jobOf(name: string): string | undefined {
    const target = own(this.inputs.project.services, name);
    if (!target || this.building.has(name)) return undefined;
    if (!this.workloads.has(name)) this.builtAhead.set(name, this.build(target));
    const workload = this.workloads.get(name);
    return workload?.kind === 'Job' ? workload.name : undefined;
  }

  /**
   * What the rules decide for one service's pod. A service joining another's pod is decided with
   * the host's `volumes`, so that both containers' volumes are named once in the one pod.
   */
  private servicePod(service: Service, hostVolumes?: PodVolumeSet): ServicePod {
    const { project, top, code, chartOptions, warn, names, namespace, imageFacts } = this.inputs;
    const { options, own: explicitOptions } = serviceOptionsFor(project, service.name, top, code);
    const workload = chooseWorkload(project, service, options, warn, imageFacts?.services[service.name]?.facts?.baseImage, imageFacts?.services[service.name]?.facts);
    checkWorkloadOptions(project, service, options, workload);
    const knownPorts = this.inputs.wiring[service.name]?.ports;
    const references = this.inputs.wiring[service.name]?.references;
    const podDomain = this.inputs.wiring[service.name]?.podDomain;
    const context: ServiceContext = {
      project, service, options, chartOptions, names, workload, warn, image: imageFacts?.services[service.name]?.facts,
      ...(knownPorts ? { knownPorts } : {}),
      ...(references ? { references } : {}),
      ...(podDomain ? { podDomain } : {}),
      portsOf: (other) => this.inputs.wiring[other]?.ports,
      imageOf: (other) => imageFacts?.services[other]?.facts,
      clusterMembers: this.inputs.clusterMembers,
      madeFrom: this.inputs.madeFrom,
    };
    const name = names[service.name] ?? service.name;
    const meta: ServiceObjectMeta = {
      name,
      namespace,
      labels: serviceLabels(project.name, name),
      selector: selectorLabels(project.name, name),
    };
    const devices = devicesFor(context);
    const security = this.withSharedGroup(service.name, securityFor(context, devices), warn);
    const environment = environmentFor(context);
    const aloneParts: PodParts = {
      environment,
      storage: storageFor(context),
      files: fileObjectsFor(context),
      probes: probesFor(context, environment),
      resources: resourcesFor(context, devices.extendedResources),
      security,
      placement: placementFor(context),
      devices,
      initContainers: [],
    };
    const ports = containerPorts(service);
    reportUnlistedPortRuns(context);
    const composeLabels = composeLabelAnnotations(context);
    reportProxyLabels(context);
    const policy = workload === 'Job' || workload === 'CronJob' ? jobPolicy(context) : undefined;
    const image = imageFor(context);
    const volumes = hostVolumes ?? new PodVolumeSet(`the pod of service '${service.name}'`, warn, `services.${service.name}`);
    // The pod without init containers first: the waits for Jobs add their volumes after the rules'.
    const alone = podTemplate({
      context,
      name,
      image: pinnedImage(context, image.image),
      ports,
      parts: aloneParts,
      volumes,
      labels: mergedNameRecord(meta.labels, networkLabelsFor(project, service.name), sharedAliasLabels(service.name, this.inputs.sharedAliases)),
      annotations: mergedNameRecord(composeLabels, podAnnotations(context), restartWithAnnotations(service, names, (dependency) => this.restartTarget(dependency), warn)),
      ...(policy ? { restartPolicy: policy.restartPolicy } : {}),
    });
    const exemptions: Record<string, string> = { ...image.polarisExemptions, ...security.polarisExemptions };
    const jobWaits = new JobWaits(volumes, (dependency) => this.jobOf(dependency));
    const main = alone.spec.containers[0];
    // The image's files go into the claims first: the project's files and the waits come after, as in Docker.
    // As whom they copy depends on the pod's user and group (image-files.ts copierSecurity).
    const copier = { ...(alone.spec.securityContext ? { pod: alone.spec.securityContext } : {}), ...(main?.securityContext ? { main: main.securityContext } : {}) };
    const imageFiles = main
      ? aloneParts.storage.imageCopies.map((copy) => {
          const owner = copy.privateFor && this.privateFilesOwner(context, copy, copy.privateFor, alone.spec.securityContext, main.securityContext, exemptions);
          return imageFilesContainer(copy, main.image ?? image.image, main.imagePullPolicy, copier, owner);
        })
      : [];
    // The project's files that fill a claim are copied as the image's are (shipped-files.ts claimSeedSecurity).
    const seeds = aloneParts.storage.initContainers.map((init) => (seedsWhileEmpty(init) ? Object.assign({}, init, { securityContext: claimSeedSecurity(copier.pod, copier.main) }) : init));
    const ownInitContainers = [...imageFiles, ...seeds, ...initContainersFor(context, jobWaits), ...(main ? preStartContainers(context, main) : [])];
    const joined = hostVolumes ? [] : this.inputs.pods.joinersOf(service.name).map((joiner) => this.servicePod(own(project.services, joiner) as Service, volumes));
    const { pods } = this.inputs;
    const member = (of: ServicePod): PodMember => ({
      service: of.context.service.name,
      ports: of.ports,
      containers: of.template.spec.containers,
      initContainers: of.parts.initContainers,
      jobs: of.jobs,
      awaits: pods.matesAwaitedBy(of.context.service.name),
    });
    const pod = joinedPod(
      { service: service.name, ports, containers: alone.spec.containers, initContainers: ownInitContainers, jobs: jobWaits.jobs, awaits: pods.matesAwaitedBy(service.name) },
      joined.map(member),
      warn,
    );
    // Object.assign: V8 builds literals that start with a spread and go on several times slower (issue 7).
    const parts: PodParts = Object.assign({}, aloneParts, { initContainers: ownInitContainers });
    // A pod-mate restarts with its dependencies as the pod it shares does.
    const joinedRestarts = joined.flatMap((joiner) => Object.entries(joiner.template.metadata?.annotations ?? {}).filter(([key]) => isRestartWithAnnotation(key)));
    const metadata = joinedRestarts.length === 0 ? alone.metadata : Object.assign({}, alone.metadata, { annotations: mergedNameRecord(alone.metadata?.annotations, nameRecordOf(joinedRestarts)) });
    const template: PodTemplate = Object.assign({}, alone, {
      metadata,
      spec: Object.assign(
        {},
        alone.spec,
        { containers: pod.containers },
        joined.length > 0 ? { securityContext: joinedSecurity(alone, joined, pod.ports) } : {},
        pod.initContainers.length > 0 ? { initContainers: pod.initContainers } : {},
        volumes.volumes.length > 0 ? { volumes: [...volumes.volumes] } : {},
        // The waits' token is mounted into them alone, so the pod keeps automountServiceAccountToken as it was.
        pod.jobs.length > 0 ? { serviceAccountName: options.serviceAccountName ?? jobWaitAccessName(name) } : {},
      ),
    });
    for (const joiner of joined) Object.assign(exemptions, joiner.polarisExemptions);
    return { context, options, explicitOptions, meta, parts, template, ports: pod.ports, composeLabels, workload, policy, polarisExemptions: exemptions, jobs: pod.jobs, joined };
  }

  /**
   * Who key material copied from the service's image is handed to (image-files.ts): the user the
   * other services mounting the volume run as, which reads it, else the service's own, with the
   * pod's fsGroup (else its group); said once per copy, with the Pod Security level the root copier
   * implies. A reader running as another user is named: the files are not its.
   */
  private privateFilesOwner(
    context: ServiceContext,
    copy: ImageFilesCopy,
    privateFor: { readonly readers: readonly string[]; readonly key: string },
    pod: k8s.PodSecurityContext | undefined,
    main: k8s.SecurityContext | undefined,
    exemptions: Record<string, string>,
  ): FilesOwner {
    const { service } = context;
    const own = ownerOf(pod, main);
    const readers = privateFor.readers.filter((reader) => reader !== service.name).map((reader) => ({ reader, owner: this.runsAs(reader) }));
    const known = readers.filter((entry): entry is { reader: string; owner: FilesOwner } => entry.owner !== undefined);
    const chosen = known[0] ?? { reader: service.name, owner: own };
    const others = [...known.slice(1), ...(chosen.reader === service.name ? [] : [{ reader: service.name, owner: own }])].filter(
      (entry) => entry.owner.uid !== chosen.owner.uid && entry.owner.uid !== 0,
    );
    const differ = others.length === 0 ? '' : `; ${others.map((entry) => `'${entry.reader}' runs as uid ${entry.owner.uid}`).join(', ')} and cannot read those only their owner may (set x-kubernetes securityContext.runAsUser alike)`;
    context.warn(
      `the image's files at ${copy.path} are key material, which an image keeps readable by their owner alone (a private key, 0600, root's): the init container copies them as root with the capabilities CHOWN and DAC_OVERRIDE alone, within Pod Security's baseline level (the namespace is labelled baseline, not restricted), and hands each copy, its mode kept, to uid ${chosen.owner.uid}, gid ${chosen.owner.gid} (the user of '${chosen.reader}')${differ}`,
      privateFor.key,
    );
    exemptions['runAsRootAllowed'] ??= 'an image-files init container copies key material from the image as root, which alone may read it, and hands each file to the user that reads it';
    return chosen.owner;
  }

  /** The user (and fsGroup, else group) a service's pod runs as, decided as its own pod is, silently; undefined when unknown. */
  private runsAs(name: string): FilesOwner | undefined {
    if (this.identities.has(name)) return this.identities.get(name);
    const own = this.ownSecurity(name);
    const security = own && this.withSharedGroup(name, own, () => {});
    const owner = security === undefined || security.containerSecurityContext.runAsUser === undefined ? undefined : ownerOf(security.podSecurityContext, security.containerSecurityContext);
    this.identities.set(name, owner);
    return owner;
  }

  /** A service's security as its own pod decides it, silently, before any group is shared; undefined for no service. */
  private ownSecurity(name: string): SecuritySettings | undefined {
    if (this.securities.has(name)) return this.securities.get(name);
    const { project, top, code, chartOptions, names, imageFacts } = this.inputs;
    const service = own(project.services, name);
    let security: SecuritySettings | undefined;
    if (service) {
      const silent = (): void => {};
      const { options } = serviceOptionsFor(project, service.name, top, code);
      const facts = imageFacts?.services[service.name]?.facts;
      const workload = chooseWorkload(project, service, options, silent, facts?.baseImage, facts);
      const context: ServiceContext = { project, service, options, chartOptions, names, workload, warn: silent, image: facts };
      security = securityFor(context, devicesFor(context));
    }
    this.securities.set(name, security);
    return security;
  }

  /**
   * The service's security with the one group its storage group's pods share (shared-claim-groups.ts
   * sharedFsGroup), said once, by the group's first service with a group.
   */
  private withSharedGroup(name: string, security: SecuritySettings, warn: Warn): SecuritySettings {
    const { project, top, code } = this.inputs;
    const names = claimGroupMembers(project, name);
    if (names.length < 2 || security.podSecurityContext.fsGroup === undefined) return security;
    const members: GroupMember[] = names.map((member) => ({
      service: member,
      fsGroup: member === name ? security.podSecurityContext.fsGroup : this.ownSecurity(member)?.podSecurityContext.fsGroup,
      explicit: serviceOptionsFor(project, member, top, code).options.securityContext?.fsGroup !== undefined,
    }));
    const fsGroup = sharedFsGroup(members);
    if (fsGroup === undefined) return security;
    // Said by the group's first pod with a group of its own (a root pod's has none, and no say).
    if (name === members.find((member) => member.fsGroup !== undefined)?.service) warn(sharedFsGroupNote(members, fsGroup), `services.${name}.volumes`);
    return fsGroup === security.podSecurityContext.fsGroup ? security : { ...security, podSecurityContext: { ...security.podSecurityContext, fsGroup } };
  }
}

/** The pod-level security of a shared pod: what its host and every joining service need (joined-pod-security.ts). */
function joinedSecurity(host: PodTemplate, joined: readonly ServicePod[], ports: readonly NamedPort[]): k8s.PodSecurityContext {
  const member = (template: PodTemplate) => ({ securityContext: template.spec.securityContext, containers: template.spec.containers });
  return joinedPodSecurityContext(member(host), joined.map((joiner) => member(joiner.template)), ports.some((port) => port.port < 1024));
}

function isExclusive(claim: SharedClaimPayload): boolean {
  const modes = claim.spec.accessModes ?? ['ReadWriteOnce'];
  return modes.includes('ReadWriteOnce') || modes.includes('ReadWriteOncePod');
}

/** The owner a pod gives its files: its user, and its fsGroup, else its group, else the user's id. */
function ownerOf(pod: k8s.PodSecurityContext | undefined, main: k8s.SecurityContext | undefined): FilesOwner {
  const uid = main?.runAsUser ?? pod?.runAsUser ?? 0;
  return { uid, gid: pod?.fsGroup ?? main?.runAsGroup ?? pod?.runAsGroup ?? uid };
}
