/**
 * A Kubernetes API server in miniature for the resources the team dashboard manager uses:
 * batch/v1 cronjobs and jobs, core/v1 services and pods (with pods/log), namespaced. It follows the
 * real server where the manager could notice a difference: paths and verbs, equality-based label
 * selectors, 201/200/404/409/422 with Status bodies, uid/resourceVersion/creationTimestamp
 * assignment, the Job defaults (selector and controller labels), name validation, and DeleteOptions
 * (propagationPolicy from the body or the query) with a garbage collector tests run explicitly.
 * Every request is recorded so tests can assert exactly what was sent.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export type Resource = 'cronjobs' | 'jobs' | 'services' | 'pods';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

/** A stored object, as JSON. */
export type KubeObject = Record<string, unknown> & {
  metadata: Record<string, unknown> & { name: string; namespace: string; labels?: Record<string, string> };
};

const GROUPS: Readonly<Record<Resource, { prefix: string; kind: string; apiVersion: string; group: string }>> = {
  cronjobs: { prefix: '/apis/batch/v1', kind: 'CronJob', apiVersion: 'batch/v1', group: 'batch' },
  jobs: { prefix: '/apis/batch/v1', kind: 'Job', apiVersion: 'batch/v1', group: 'batch' },
  services: { prefix: '/api/v1', kind: 'Service', apiVersion: 'v1', group: '' },
  pods: { prefix: '/api/v1', kind: 'Pod', apiVersion: 'v1', group: '' },
};

const PATH = /^(\/apis\/batch\/v1|\/api\/v1)\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+))?(?:\/(log))?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

class HttpStatus extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind: string },
  ) {
    super(message);
  }
}

export interface FakeKubeApiOptions {
  /**
   * `immediate` removes dependents as soon as their owner is deleted, like a fast cluster;
   * `manual` leaves them until the test calls `collectGarbage()`. @default 'manual'
   */
  readonly garbageCollection?: 'manual' | 'immediate';
}

export class FakeKubeApi {
  readonly requests: RecordedRequest[] = [];
  /** Runs after a request is recorded and before it is served, so tests can change the world in between. */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  private readonly store = new Map<string, KubeObject>();
  private readonly logs = new Map<string, string>();
  private server: Server | undefined;
  private resourceVersion = 1000;
  private clusterIps = 10;

  constructor(private readonly options: FakeKubeApiOptions = {}) {}

  /** Starts listening on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeKubeApi is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** A KubeConfig whose current context points here with a bearer token, in `namespace`. */
  kubeConfig(namespace = 'default'): KubeConfig {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'tester', token: 'fake-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'tester', namespace }],
      currentContext: 'fake',
    });
    return kubeConfig;
  }

  /** Stores an object as if created earlier (uid and resourceVersion assigned), without recording a request. */
  seed(resource: Resource, object: Record<string, unknown>): KubeObject {
    return this.insert(resource, object as KubeObject);
  }

  delete(resource: Resource, namespace: string, name: string): void {
    this.store.delete(key(resource, namespace, name));
  }

  get(resource: Resource, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(key(resource, namespace, name));
  }

  list(resource: Resource, namespace: string): KubeObject[] {
    // Like etcd, in key (= name) order.
    return [...this.store.entries()]
      .filter(([k]) => k.startsWith(`${resource}/${namespace}/`))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => object);
  }

  setLog(namespace: string, pod: string, text: string): void {
    this.logs.set(`${namespace}/${pod}`, text);
  }

  /**
   * What the garbage collector does after a Background deletion: removes every object whose owners
   * are all gone. Returns how many it removed.
   */
  collectGarbage(): number {
    let removed = 0;
    // Removing an owner can leave its own dependents ownerless, so repeat until nothing changes.
    for (let changed = true; changed; ) {
      const uids = new Set([...this.store.values()].map((object) => object.metadata.uid));
      changed = false;
      for (const [k, object] of this.store) {
        const owners = (object.metadata.ownerReferences ?? []) as { uid: string }[];
        if (owners.length > 0 && owners.every((owner) => !uids.has(owner.uid))) {
          this.store.delete(k);
          removed += 1;
          changed = true;
        }
      }
    }
    return removed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const text = await readBody(request);
    const body: unknown = text ? JSON.parse(text) : undefined;
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: request.headers.authorization,
    };
    this.requests.push(recorded);
    try {
      this.onRequest?.(recorded);
      const [status, payload] = this.route(request.method ?? 'GET', url, body);
      if (typeof payload === 'string') {
        response.writeHead(status, { 'content-type': 'text/plain' }).end(payload);
      } else {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      }
    } catch (error) {
      const failure =
        error instanceof HttpStatus ? error : new HttpStatus(500, 'InternalError', error instanceof Error ? error.message : String(error));
      response.writeHead(failure.code, { 'content-type': 'application/json' }).end(JSON.stringify(statusObject(failure)));
    }
  }

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const match = PATH.exec(url.pathname);
    const resource = match?.[3] as Resource | undefined;
    if (!match || !resource || !(resource in GROUPS) || GROUPS[resource].prefix !== match[1]) {
      throw new HttpStatus(404, 'NotFound', `the server could not find the requested resource (${method} ${url.pathname})`);
    }
    const namespace = decodeURIComponent(match[2] ?? '');
    const name = match[4] === undefined ? undefined : decodeURIComponent(match[4]);
    if (match[5] === 'log') {
      if (resource !== 'pods' || !name || method !== 'GET') throw methodNotAllowed(method);
      this.require('pods', namespace, name);
      const log = this.logs.get(`${namespace}/${name}`) ?? '';
      const tail = url.searchParams.get('tailLines');
      return [200, tail === null ? log : log.split(/(?<=\n)/).slice(-Number(tail)).join('')];
    }
    if (name === undefined) {
      if (method === 'GET') return [200, this.listResponse(resource, namespace, url.searchParams.get('labelSelector'))];
      if (method === 'POST') return [201, this.create(resource, namespace, body)];
      throw methodNotAllowed(method);
    }
    if (method === 'GET') return [200, this.require(resource, namespace, name)];
    if (method === 'DELETE') return [200, this.remove(resource, namespace, name, url.searchParams, body)];
    throw methodNotAllowed(method);
  }

  private listResponse(resource: Resource, namespace: string, selector: string | null): unknown {
    const matches = parseSelector(selector ?? '');
    const { kind, apiVersion } = GROUPS[resource];
    return {
      apiVersion,
      kind: `${kind}List`,
      metadata: { resourceVersion: String(this.resourceVersion) },
      items: this.list(resource, namespace).filter((object) => matches(object.metadata.labels ?? {})),
    };
  }

  private create(resource: Resource, namespace: string, body: unknown): KubeObject {
    const { kind, group } = GROUPS[resource];
    if (typeof body !== 'object' || body === null) throw new HttpStatus(400, 'BadRequest', 'the request body is not an object');
    const object = structuredClone(body) as KubeObject;
    const metadata = object.metadata ?? {};
    if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
      throw new HttpStatus(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    const name = metadata.name;
    const pattern = resource === 'services' ? DNS_1035 : DNS_1123_SUBDOMAIN;
    if (typeof name !== 'string' || !pattern.test(name) || name.length > (resource === 'jobs' || resource === 'services' ? 63 : 253)) {
      throw new HttpStatus(422, 'Invalid', `${kind}.${group || 'core'} "${String(name)}" is invalid: metadata.name: Invalid value`, {
        name: String(name),
        group,
        kind,
      });
    }
    if (this.store.has(key(resource, namespace, name))) {
      throw new HttpStatus(409, 'AlreadyExists', `${resource}${group ? `.${group}` : ''} "${name}" already exists`, { name, group, kind });
    }
    object.metadata = { ...metadata, name, namespace };
    return this.insert(resource, object);
  }

  private insert(resource: Resource, object: KubeObject): KubeObject {
    const { kind, apiVersion } = GROUPS[resource];
    this.resourceVersion += 1;
    const uid = randomUUID();
    const stored: KubeObject = {
      ...object,
      apiVersion,
      kind,
      metadata: {
        ...object.metadata,
        uid,
        resourceVersion: String(this.resourceVersion),
        // A clock that ticks a second per object, so creation order shows as it would in a cluster.
        creationTimestamp: object.metadata.creationTimestamp ?? new Date(Date.UTC(2026, 0, 1) + this.resourceVersion * 1000).toISOString(),
      },
    };
    if (resource === 'jobs') applyJobDefaults(stored, uid);
    if (resource === 'services') this.applyServiceDefaults(stored);
    this.store.set(key(resource, stored.metadata.namespace, stored.metadata.name), stored);
    return stored;
  }

  private applyServiceDefaults(service: KubeObject): void {
    const spec = (service.spec ?? {}) as Record<string, unknown>;
    this.clusterIps += 1;
    service.spec = { type: 'ClusterIP', sessionAffinity: 'None', ...spec, clusterIP: `10.96.0.${this.clusterIps}` };
  }

  private require(resource: Resource, namespace: string, name: string): KubeObject {
    const object = this.get(resource, namespace, name);
    if (!object) {
      const { kind, group } = GROUPS[resource];
      throw new HttpStatus(404, 'NotFound', `${resource}${group ? `.${group}` : ''} "${name}" not found`, { name, group, kind });
    }
    return object;
  }

  private remove(resource: Resource, namespace: string, name: string, query: URLSearchParams, body: unknown): unknown {
    const object = this.require(resource, namespace, name);
    const options = (typeof body === 'object' && body !== null ? body : {}) as { propagationPolicy?: unknown };
    const policy = options.propagationPolicy ?? query.get('propagationPolicy') ?? defaultPropagation(resource);
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw new HttpStatus(422, 'Invalid', `DeleteOptions.propagationPolicy: Unsupported value: "${String(policy)}"`);
    }
    // Foreground would keep the owner until its dependents are gone; the manager never asks for it.
    this.store.delete(key(resource, namespace, name));
    if (policy === 'Orphan') this.orphanDependents(String(object.metadata.uid));
    else if (this.options.garbageCollection === 'immediate') this.collectGarbage();
    return {
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Success',
      details: { name, group: GROUPS[resource].group, kind: resource, uid: object.metadata.uid },
    };
  }

  private orphanDependents(uid: string): void {
    for (const object of this.store.values()) {
      const owners = (object.metadata.ownerReferences ?? []) as { uid: string }[];
      object.metadata.ownerReferences = owners.filter((owner) => owner.uid !== uid);
    }
  }
}

/** Jobs, unlike most objects, still default to orphaning their pods through the REST API. */
function defaultPropagation(resource: Resource): string {
  return resource === 'jobs' || resource === 'cronjobs' ? 'Orphan' : 'Background';
}

/** What the Job admission defaults add: a selector on the controller uid and the matching pod labels. */
function applyJobDefaults(job: KubeObject, uid: string): void {
  const spec = (job.spec ?? {}) as Record<string, unknown> & { template?: { metadata?: { labels?: Record<string, string> } } };
  const controllerLabels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': job.metadata.name,
    'controller-uid': uid,
    'job-name': job.metadata.name,
  };
  const template = spec.template ?? {};
  job.spec = {
    completions: 1,
    parallelism: 1,
    completionMode: 'NonIndexed',
    suspend: false,
    ...spec,
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    template: { ...template, metadata: { ...template.metadata, labels: { ...template.metadata?.labels, ...controllerLabels } } },
  };
  job.status = {};
}

/** Equality-based selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`), the subset clients of this fake use. */
function parseSelector(selector: string): (labels: Record<string, string>) => boolean {
  const terms = selector
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term.length > 0)
    .map((term) => {
      const pair = /^([^!=\s]+)\s*(!=|==|=)\s*(\S*)$/.exec(term);
      if (pair) {
        const [, labelKey = '', operator, value] = pair;
        return (labels: Record<string, string>) => (operator === '!=' ? labels[labelKey] !== value : labels[labelKey] === value);
      }
      const exists = /^(!?)([^!=\s()]+)$/.exec(term);
      if (!exists) throw new HttpStatus(400, 'BadRequest', `unable to parse requirement: ${term} (set-based selectors are not supported here)`);
      const [, negated, labelKey = ''] = exists;
      return (labels: Record<string, string>) => (labelKey in labels) !== (negated === '!');
    });
  return (labels) => terms.every((term) => term(labels));
}

function statusObject(failure: HttpStatus): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: failure.message,
    reason: failure.reason,
    ...(failure.details ? { details: failure.details } : {}),
    code: failure.code,
  };
}

function methodNotAllowed(method: string): HttpStatus {
  return new HttpStatus(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);
}

function key(resource: Resource, namespace: string, name: string): string {
  return `${resource}/${namespace}/${name}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
