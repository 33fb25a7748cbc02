/**
 * A real distribution registry (Debian's docker-registry) on 127.0.0.1, storage in a temp folder,
 * no TLS; optionally with token auth whose token service is a small server in the test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** openssl signs the token service's certificate; .ci/run installs it for the Go suites already. */
const TOOLS = ['docker-registry', 'skopeo', 'openssl'] as const;

/** The tools the registry suite needs that this machine lacks (Debian packages of the same names). */
export function missingRegistryTools(): string[] {
  return TOOLS.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT`, as image references name it. */
  readonly host: string;
  readonly base: string;
  readonly directory: string;
  stop(): Promise<void>;
}

export interface TokenAuth {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  readonly certificateFile: string;
}

/** Starts `docker-registry serve` and waits until `/v2/` answers (a 401 counts, under token auth). */
export async function startRegistry(auth?: TokenAuth): Promise<RunningRegistry> {
  const directory = mkdtempSync(path.join(tmpdir(), 'registry-'));
  const port = await freePort();
  const authBlock = auth
    ? `auth:\n  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${auth.certificateFile}\n`
    : '';
  const config = path.join(directory, 'config.yml');
  writeFileSync(config, `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(directory, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authBlock}`);
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${base}/v2/`);
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not answer within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host: `127.0.0.1:${port}`,
    base,
    directory,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface TokenService extends TokenAuth {
  /** Every token request: the scope asked and the Authorization header sent (if any). */
  readonly requests: Array<{ readonly scope: string | null; readonly authorization: string | undefined }>;
  /** A token for `repository` with `actions`, as the service would issue it. */
  mint(repository: string, actions: readonly string[]): string;
  stop(): Promise<void>;
}

/**
 * The token half of the distribution spec's bearer flow: anonymous pulls of `public/*`, anything
 * on `private/*` only for `tester:secret` (Basic). Tokens are ES256 JWTs with the signing
 * certificate in `x5c`, which the registry checks against `rootcertbundle`.
 */
export async function startTokenService(): Promise<TokenService> {
  const directory = mkdtempSync(path.join(tmpdir(), 'registry-token-'));
  const keyFile = path.join(directory, 'key.pem');
  const certificateFile = path.join(directory, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=registry-token', '-days', '1', '-keyout', keyFile, '-out', certificateFile], { stdio: 'ignore' });
  const key = readFileSync(keyFile, 'utf8');
  const certificate = new X509Certificate(readFileSync(certificateFile));
  const service = 'test-registry';
  const issuer = 'test-token-service';
  const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');
  const mint = (repository: string, actions: readonly string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [certificate.raw.toString('base64')] }));
    const claims = base64url(JSON.stringify({ iss: issuer, sub: 'tester', aud: service, exp: now + 600, nbf: now - 60, iat: now, jti: `${now}-${Math.random()}`, access: [{ type: 'repository', name: repository, actions }] }));
    const signature = createSign('SHA256').update(`${header}.${claims}`).sign({ key, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${base64url(signature)}`;
  };
  const requests: TokenService['requests'] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const scope = url.searchParams.get('scope');
    requests.push({ scope, authorization: request.headers.authorization });
    const [, repository = '', actions = ''] = /^repository:([^:]+):(.+)$/.exec(scope ?? '') ?? [];
    const authenticated = request.headers.authorization === `Basic ${Buffer.from('tester:secret').toString('base64')}`;
    if (repository.startsWith('private/') && !authenticated) {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"incorrect username or password"}');
      return;
    }
    const granted = authenticated ? actions.split(',') : actions.split(',').filter((action) => action === 'pull');
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: mint(repository, granted), expires_in: 600 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certificateFile,
    requests,
    mint,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
