/**
 * A scripted stand-in for the Kubernetes API server, for what the real one (test/cluster) cannot
 * produce on demand: answers in an exact order (objects that vanish or reappear between two calls),
 * log text (the cluster's kwok nodes run no containers) and error bodies a proxy would send. Each
 * test answers the requests itself; every request is recorded so it can assert what was sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface FakeResponse {
  readonly status: number;
  /** JSON unless a string. */
  readonly body?: unknown;
  /** @default 'application/json', or 'text/plain' for a string body */
  readonly contentType?: string;
}

/** How the fake answers a request; undefined answers 404, so an unexpected call shows in the test. */
export type Responder = (request: RecordedRequest) => FakeResponse | undefined;

export class FakeKubeApi {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;

  constructor(private readonly respond: Responder) {}

  /** Starts listening on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    const server = createServer((request, response) => {
      void readBody(request).then((text) => {
        const url = new URL(request.url ?? '/', 'http://fake');
        const recorded: RecordedRequest = {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: text ? JSON.parse(text) : undefined,
        };
        this.requests.push(recorded);
        const answer = this.respond(recorded) ?? status(404, 'NotFound', `not scripted: ${recorded.method} ${recorded.path}`);
        const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
        const contentType = answer.contentType ?? (typeof answer.body === 'string' ? 'text/plain' : 'application/json');
        response.writeHead(answer.status, { 'content-type': contentType }).end(payload);
      });
    });
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

  /** A KubeConfig whose current context points here with a bearer token, in `namespace`. */
  kubeConfig(namespace: string): KubeConfig {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeKubeApi is not started');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: `http://127.0.0.1:${address.port}`, skipTLSVerify: true }],
      users: [{ name: 'tester', token: 'fake-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'tester', namespace }],
      currentContext: 'fake',
    });
    return kubeConfig;
  }
}

/** A Status answer, as the API server sends with every failure. */
export function status(code: number, reason: string, message: string): FakeResponse {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code } };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
