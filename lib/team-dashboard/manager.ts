import { ApiException, BatchV1Api, CoreV1Api, KubeConfig, NetworkingV1Api, type V1Job, type V1JobTemplateSpec } from '@kubernetes/client-node';
import { TeamDashboardInputError } from './errors.ts';
import { CONTAINER_NAME, SCIP_LABELS, TEMPLATE_NAME, labelSelector } from './names.ts';
import {
  dashboardAddress,
  dashboardJob,
  dashboardLabels,
  dashboardService,
  dashboardState,
  isFinished,
  type DashboardAddress,
  type DashboardState,
} from './objects.ts';
import { dashboardName } from './naming.ts';
import { dashboardIngress, routeUrl, validateRoute, type DashboardRoute } from './route.ts';
import { validateConfig, validateId, type TeamDashboardConfig } from './validation.ts';

export interface TeamDashboardManagerOptions {
  /**
   * Where the API server is and who we are.
   * @default `KubeConfig.loadFromDefault()`: $KUBECONFIG, ~/.kube/config, else the pod's service account
   */
  readonly kubeConfig?: KubeConfig;
  /** @default the current context's namespace (in a pod: its own namespace), else 'default' */
  readonly namespace?: string;
  /** Name of the suspended CronJob holding the Job template. @default 'team-dashboard' */
  readonly templateName?: string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Longest wait for one API request; an API server that does not answer fails the call after it
   * instead of hanging the exercise's orchestration. @default 30000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Gives each team an Ingress (`<name>.<domain>`), whose URL `deploy` and `list` return. The
   * template's `ingressControllerNamespace` must let that controller reach the dashboards.
   * @default none: dashboards are reachable inside the cluster only
   */
  readonly route?: DashboardRoute;
}

export interface DeployedDashboard extends DashboardAddress {
  readonly exerciseId: string;
  readonly teamId: string;
  /** False when the dashboard already existed and was returned as it is. */
  readonly created: boolean;
}

export interface DashboardStatus extends DashboardAddress {
  readonly exerciseId: string;
  readonly teamId: string;
  readonly state: DashboardState;
}

export interface DashboardLog {
  readonly pod: string;
  readonly log: string;
}

export interface CleanupResult {
  readonly jobs: number;
  readonly services: number;
}

/**
 * Kubernetes port of SCIP's Docker `TeamDashboardManager`: one Job and ClusterIP Service per team,
 * created from the `team-dashboard` template, found and removed again by the `scip.*` labels.
 */
export class TeamDashboardManager {
  readonly namespace: string;
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  private readonly networking: NetworkingV1Api;
  private readonly route: DashboardRoute | undefined;
  private readonly templateName: string;
  private readonly clusterDomain: string;

  constructor(options: TeamDashboardManagerOptions = {}) {
    this.route = options.route === undefined ? undefined : validateRoute(options.route);
    const kubeConfig = options.kubeConfig ?? defaultKubeConfig();
    this.namespace = options.namespace ?? kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
    const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.batch = withTimeout(kubeConfig.makeApiClient(BatchV1Api), timeout);
    this.core = withTimeout(kubeConfig.makeApiClient(CoreV1Api), timeout);
    this.networking = withTimeout(kubeConfig.makeApiClient(NetworkingV1Api), timeout);

    this.templateName = options.templateName ?? TEMPLATE_NAME;
    this.clusterDomain = options.clusterDomain ?? 'cluster.local';
  }

  /**
   * Starts a team's dashboard, or returns the one already running for that exercise and team. A
   * dashboard whose Job has finished — failed, or its server exited — is started again: the old Job
   * is deleted with its pods, and its Service is replaced by one owned by the new Job.
   */
  async deploy(exerciseId: string, teamId: string, config: TeamDashboardConfig): Promise<DeployedDashboard> {
    const namespace = this.namespace;
    // Validate before the first request, so bad input never costs a round trip.
    validateId('exercise', exerciseId);
    validateId('team', teamId);
    validateConfig(config);
    const name = dashboardName(exerciseId, teamId);
    const template = await this.readTemplate();
    const job = dashboardJob(template, { exerciseId, teamId, config, namespace });
    const stored = await createOrKeep({
      object: `Job ${name}`,
      create: () => this.batch.createNamespacedJob({ namespace, body: job }),
      read: () => this.batch.readNamespacedJob({ name, namespace }),
      keep: (existing) => {
        assertSameTeam(existing, exerciseId, teamId);
        return !isFinished(existing);
      },
      remove: (existing) =>
        this.batch.deleteNamespacedJob({
          name,
          namespace,
          body: { propagationPolicy: 'Background', preconditions: { uid: existing.metadata?.uid } },
        }),
    });
    const jobUid = stored.object.metadata?.uid;
    // An object owned by an earlier Job of the team would go with that Job's garbage.
    const ownedHere = (existing: { metadata?: { ownerReferences?: { controller?: boolean; uid: string }[] } }): boolean =>
      (existing.metadata?.ownerReferences ?? []).every((owner) => !owner.controller || owner.uid === jobUid);
    const serviceBody = dashboardService(stored.object);
    const service = await createOrKeep({
      object: `Service ${name}`,
      create: () => this.core.createNamespacedService({ namespace, body: serviceBody }),
      read: () => this.core.readNamespacedService({ name, namespace }),
      // A leftover Service of the name (say, applied by hand) must lead to this team's pods, or the URL
      // handed out would show another team's dashboard.
      keep: (existing) => ownedHere(existing) && sameSelector(existing.spec?.selector, serviceBody.spec?.selector),
      remove: (existing) =>
        this.core.deleteNamespacedService({ name, namespace, body: { preconditions: { uid: existing.metadata?.uid } } }),
    });
    const route = this.route;
    const ingress =
      route === undefined
        ? { created: false }
        : await createOrKeep({
            object: `Ingress ${name}`,
            create: () => this.networking.createNamespacedIngress({ namespace, body: dashboardIngress(stored.object, route) }),
            read: () => this.networking.readNamespacedIngress({ name, namespace }),
            keep: ownedHere,
            remove: (existing) =>
              this.networking.deleteNamespacedIngress({ name, namespace, body: { preconditions: { uid: existing.metadata?.uid } } }),
          });
    return {
      ...this.address(name),
      exerciseId,
      teamId,
      created: stored.created || service.created || ingress.created,
    };
  }

  /** The dashboards of one exercise, or of all exercises, sorted by name. */
  async list(exerciseId?: string): Promise<DashboardStatus[]> {
    const jobs = await this.listJobs(exerciseId);
    return jobs
      .map((job) => {
        const labels = job.metadata?.labels ?? {};
        return {
          ...this.address(job.metadata?.name ?? ''),
          exerciseId: labels[SCIP_LABELS.exercise] ?? '',
          teamId: labels[SCIP_LABELS.team] ?? '',
          state: dashboardState(job),
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Removes every dashboard of an exercise: its Jobs with their pods (background propagation), then
   * Services that are left, such as those created with the CLI and thus owned by no Job. Objects
   * that disappear meanwhile (404) are fine.
   */
  async cleanup(exerciseId: string): Promise<CleanupResult> {
    return this.removeDashboards(validateId('exercise', exerciseId));
  }

  /**
   * Removes one team's dashboard (its Job with its pods, and its Service), so that it can be deployed
   * again or dropped without touching the other teams of the exercise.
   */
  async remove(exerciseId: string, teamId: string): Promise<CleanupResult> {
    const removed = await this.removeDashboards(validateId('exercise', exerciseId), validateId('team', teamId));
    // Its Job's garbage too, but removed now: a `deploy` right after must not find the old route.
    if (this.route !== undefined) {
      const name = dashboardName(exerciseId, teamId);
      await ignoreNotFound(() => this.networking.deleteNamespacedIngress({ name, namespace: this.namespace }), `delete Ingress ${name}`);
    }
    return removed;
  }

  private address(name: string): DashboardAddress {
    const inside = dashboardAddress(name, this.namespace, this.clusterDomain);
    return this.route === undefined ? inside : { ...inside, url: routeUrl(name, this.route) };
  }

  private async removeDashboards(exerciseId: string, teamId?: string): Promise<CleanupResult> {
    const namespace = this.namespace;
    const selector = labelSelector(dashboardLabels(exerciseId, teamId));
    let jobs = 0;
    for (const job of await this.listJobs(exerciseId, teamId)) {
      const name = job.metadata?.name ?? '';
      const deleted = await ignoreNotFound(
        () => this.batch.deleteNamespacedJob({ name, namespace, body: { propagationPolicy: 'Background' } }),
        `delete Job ${name}`,
      );
      if (deleted) jobs += 1;
    }
    let services = 0;
    const remaining = await kubeCall(() => this.core.listNamespacedService({ namespace, labelSelector: selector }), 'list Services');
    for (const service of remaining.items) {
      const name = service.metadata?.name ?? '';
      if (await ignoreNotFound(() => this.core.deleteNamespacedService({ name, namespace }), `delete Service ${name}`)) {
        services += 1;
      }
    }
    return { jobs, services };
  }

  /**
   * The log of a team's dashboard container, from its newest pod (a Job retries with new pods):
   * empty while that pod waits for a node, undefined while no pod exists.
   */
  async logs(exerciseId: string, teamId: string, options: { readonly tailLines?: number } = {}): Promise<DashboardLog | undefined> {
    const namespace = this.namespace;
    const selector = labelSelector(dashboardLabels(validateId('exercise', exerciseId), validateId('team', teamId)));
    const pods = await kubeCall(() => this.core.listNamespacedPod({ namespace, labelSelector: selector }), 'list Pods');
    const newest = pods.items
      .map((pod) => ({ name: pod.metadata?.name ?? '', created: pod.metadata?.creationTimestamp?.getTime() ?? 0, node: pod.spec?.nodeName }))
      .sort((a, b) => b.created - a.created || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))[0];
    if (!newest) return undefined;
    // A pod on no node has started nothing. The API server answers its log with an empty body
    // without a content type, which the client cannot parse.
    if (!newest.node) return { pod: newest.name, log: '' };
    const log = await kubeCall(
      () => this.core.readNamespacedPodLog({ name: newest.name, namespace, container: CONTAINER_NAME, tailLines: options.tailLines }),
      `read the log of Pod ${newest.name}`,
    );
    return { pod: newest.name, log };
  }

  private async readTemplate(): Promise<V1JobTemplateSpec> {
    try {
      const cronJob = await this.batch.readNamespacedCronJob({ name: this.templateName, namespace: this.namespace });
      return cronJob.spec?.jobTemplate ?? {};
    } catch (error) {
      if (isStatus(error, 404)) {
        throw new TeamDashboardInputError(
          'template',
          `CronJob ${this.templateName} not found in namespace ${this.namespace}; apply the SCIP manifests first`,
        );
      }
      throw apiError(error, `read CronJob ${this.templateName}`);
    }
  }

  private async listJobs(exerciseId: string | undefined, teamId?: string): Promise<V1Job[]> {
    const exercise = exerciseId === undefined ? undefined : validateId('exercise', exerciseId);
    const selector = labelSelector(dashboardLabels(exercise, teamId));
    const list = await kubeCall(() => this.batch.listNamespacedJob({ namespace: this.namespace, labelSelector: selector }), 'list Jobs');
    return list.items;
  }
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The API client with every request limited to `ms`: the client itself waits for ever on an API
 * server (or proxy) that accepts the connection and never answers.
 */
function withTimeout<T extends object>(client: T, ms: number): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = value.apply(target, args);
        return result instanceof Promise ? raceTimeout(result, ms, String(property)) : result;
      };
    },
  });
}

function raceTimeout<T>(request: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Kubernetes API: ${what} got no answer within ${ms} ms`)), ms);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

function defaultKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}

/** Two different id pairs can map to one name (`a-b`/`c` and `a`/`b-c`); never hand out another team's dashboard. */
function sameSelector(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const entries = (selector: Readonly<Record<string, string>> | undefined) => JSON.stringify(Object.entries(selector ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return entries(a) === entries(b);
}

function assertSameTeam(job: V1Job, exerciseId: string, teamId: string): void {
  const labels = job.metadata?.labels ?? {};
  if (labels[SCIP_LABELS.exercise] !== exerciseId || labels[SCIP_LABELS.team] !== teamId) {
    throw new TeamDashboardInputError(
      'team',
      `Job ${job.metadata?.name} already belongs to exercise '${labels[SCIP_LABELS.exercise]}' team '${labels[SCIP_LABELS.team]}'`,
    );
  }
}

interface CreateOrKeep<T> {
  /** Kind and name, for messages. */
  readonly object: string;
  readonly create: () => Promise<T>;
  readonly read: () => Promise<T>;
  /** Whether an object that already exists will do; false has it removed and created again. */
  readonly keep: (existing: T) => boolean;
  readonly remove: (existing: T) => Promise<unknown>;
}

/** Rounds of create, read and remove before giving up on an object that others keep changing. */
const CREATE_ATTEMPTS = 3;

/**
 * Creates an object; if it already exists (409), reads it and keeps it, or removes it and creates it
 * again. Objects that vanish (404) or change (409) in between, such as one the garbage collector or
 * another caller removes, cost another round.
 */
async function createOrKeep<T>(operation: CreateOrKeep<T>): Promise<{ object: T; created: boolean }> {
  const what = `create ${operation.object}`;
  for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
    try {
      return { object: await operation.create(), created: true };
    } catch (error) {
      if (!isStatus(error, 409)) throw apiError(error, what);
    }
    let existing: T;
    try {
      existing = await operation.read();
    } catch (error) {
      if (isStatus(error, 404)) continue;
      throw apiError(error, what);
    }
    if (operation.keep(existing)) return { object: existing, created: false };
    try {
      await operation.remove(existing);
    } catch (error) {
      // Gone already, or replaced by someone else (the uid precondition failed): try again.
      if (!isStatus(error, 404) && !isStatus(error, 409)) throw apiError(error, `delete ${operation.object}`);
    }
  }
  throw new Error(`Kubernetes API: ${what} failed: the object changed under us ${CREATE_ATTEMPTS} times; try again`);
}

/** Runs a delete; true when it deleted something, false when the object was already gone. */
async function ignoreNotFound(call: () => Promise<unknown>, what: string): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (isStatus(error, 404)) return false;
    throw apiError(error, what);
  }
}

async function kubeCall<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw apiError(error, what);
  }
}

function isStatus(error: unknown, code: number): boolean {
  return error instanceof ApiException && error.code === code;
}

/** One line naming the call and the API server's own message, instead of the client's whole response dump. */
function apiError(error: unknown, what: string): Error {
  if (!(error instanceof ApiException)) return error instanceof Error ? error : new Error(String(error));
  return new Error(`Kubernetes API: ${what} failed (HTTP ${error.code}): ${statusMessage(error.body)}`);
}

function statusMessage(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    const status: unknown = JSON.parse(text);
    if (typeof status === 'object' && status !== null && 'message' in status && typeof status.message === 'string') {
      return status.message;
    }
  } catch {
    // Not a Status object (e.g. a proxy's HTML error page): show the start of it.
  }
  return text.slice(0, 200);
}
