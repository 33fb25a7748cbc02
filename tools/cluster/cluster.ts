/**
 * Starts a real Kubernetes control plane on 127.0.0.1 — etcd, kube-apiserver (PodSecurity and
 * ValidatingAdmissionPolicy admission, Node+RBAC authorization), kube-controller-manager and
 * kube-scheduler — with kwok standing in for the kubelets of a typical managed cluster's nodes
 * (managed-cluster.ts) and a disk provisioner for its default StorageClass (provisioner.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlFor, type Kubectl } from './kubectl.ts';
import { managedClusterObjects } from './managed-cluster.ts';
import { makePki } from './pki.ts';
import { startProvisioner } from './provisioner.ts';

export interface Cluster {
  readonly server: string;
  readonly kubeconfig: string;
  readonly caCert: string;
  /** A bearer token in system:masters. */
  readonly adminToken: string;
  readonly kubectl: Kubectl;
  readonly kubectlBinary: string;
  /** The folder with every component's log. */
  readonly logDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The folder build.sh printed: bin/ with the components, stages.yaml for kwok. */
  readonly componentsDir: string;
  /** Where the cluster keeps its state; @default a new folder under the system temp dir, removed on stop */
  readonly stateDir?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A kubeconfig (JSON is YAML) for one bearer token. */
export function kubeconfigYaml(server: string, caCert: string, user: string, token: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server, 'certificate-authority': caCert } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: 'local', user } }],
    'current-context': user,
  });
}

function get(url: string, caCert: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(url, { ca: readFileSync(caCert), headers: { authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, logHint: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`cluster: ${what} not ready after ${timeoutMs / 1000} s (see ${logHint})`);
}

export async function startCluster(options: StartOptions): Promise<Cluster> {
  const ownState = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'cdk8s-compose-cluster-'));
  const logDir = join(stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const bin = (name: string) => join(options.componentsDir, 'bin', name);
  const processes: ChildProcess[] = [];
  let stopping = false;
  const killAll = () => {
    for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  const run = (name: string, args: readonly string[]) => {
    const log = createWriteStream(join(logDir, `${name}.log`));
    const child = spawn(bin(name), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.on('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`cluster: ${name} exited (${code ?? signal}); see ${join(logDir, `${name}.log`)}\n`);
    });
    processes.push(child);
  };

  try {
    const pki = makePki(stateDir);
    const adminToken = randomBytes(24).toString('hex');
    writeFileSync(join(stateDir, 'tokens.csv'), `${adminToken},admin,admin,system:masters\n`);
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfig = join(stateDir, 'admin.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(server, pki.caCert, 'admin', adminToken));

    run('etcd', [
      '--name', 'etcd', '--data-dir', join(stateDir, 'etcd'),
      '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `etcd=http://127.0.0.1:${etcdPeer}`,
      // The state is thrown away after the run: durability buys nothing and costs seconds.
      '--unsafe-no-fsync', '--log-level', 'warn',
    ]);
    run('kube-apiserver', [
      '--etcd-servers', `http://127.0.0.1:${etcdClient}`,
      '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1', '--secure-port', String(apiPort),
      '--tls-cert-file', pki.serverCert, '--tls-private-key-file', pki.serverKey, '--client-ca-file', pki.caCert,
      '--token-auth-file', join(stateDir, 'tokens.csv'),
      '--service-account-issuer', 'https://kubernetes.default.svc.cluster.local',
      '--service-account-key-file', pki.serviceAccountPublicKey,
      '--service-account-signing-key-file', pki.serviceAccountKey,
      '--authorization-mode', 'Node,RBAC',
      '--service-cluster-ip-range', '10.96.0.0/16',
      '--allow-privileged=true',
      // PodSecurity and ValidatingAdmissionPolicy are on by default in 1.37; named so nobody wonders.
      '--enable-admission-plugins', 'PodSecurity,ValidatingAdmissionPolicy',
      // A loopback address cannot be an endpoint of the `kubernetes` Service.
      '--endpoint-reconciler-type', 'none',
      '--profiling=false',
    ]);
    await waitFor('kube-apiserver', 60_000, async () => (await get(`${server}/readyz`, pki.caCert, adminToken)).status === 200,
      join(logDir, 'kube-apiserver.log'));

    const componentKubeconfig = ['--kubeconfig', kubeconfig, '--authentication-kubeconfig', kubeconfig,
      '--authorization-kubeconfig', kubeconfig, '--leader-elect=false', '--secure-port', '0'];
    run('kube-controller-manager', [
      ...componentKubeconfig,
      '--service-account-private-key-file', pki.serviceAccountKey,
      '--root-ca-file', pki.caCert,
      '--use-service-account-credentials=true',
      '--cluster-name', 'cluster-check',
      '--profiling=false',
    ]);
    run('kube-scheduler', [...componentKubeconfig, '--profiling=false']);
    run('kwok', [
      '--kubeconfig', kubeconfig,
      '--config', join(options.componentsDir, 'stages.yaml'),
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector', 'kwok.x-k8s.io/node=fake',
      '--cidr', '10.0.0.1/16',
      '--node-ip', '10.0.0.1',
    ]);

    const kubectl = kubectlFor(bin('kubectl'), kubeconfig);
    const fixed = await kubectl(['apply', '--server-side', '--field-manager', 'cluster-check', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: managedClusterObjects() }));
    if (fixed.code !== 0) throw new Error(`cluster: creating nodes and StorageClass failed: ${fixed.stderr.trim()}`);
    const provisioner = startProvisioner(kubectl);
    await waitFor('nodes', 60_000, async () => {
      const result = await kubectl(['get', 'nodes', '-o',
        'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
      const lines = result.stdout.split('\n').filter(Boolean);
      return lines.length > 0 && lines.every((status) => status === 'True');
    }, join(logDir, 'kwok.log'));
    // The ServiceAccount controller makes `default` in each namespace; pods are refused until it has.
    await waitFor('kube-controller-manager', 60_000,
      async () => (await kubectl(['get', 'serviceaccount', 'default', '-n', 'default'])).code === 0,
      join(logDir, 'kube-controller-manager.log'));

    return {
      server,
      kubeconfig,
      caCert: pki.caCert,
      adminToken,
      kubectl,
      kubectlBinary: bin('kubectl'),
      logDir,
      async stop() {
        stopping = true;
        await provisioner.stop();
        for (const child of [...processes].reverse()) {
          if (child.exitCode !== null) continue;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }
        process.removeListener('exit', killAll);
        if (ownState) rmSync(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    stopping = true;
    killAll();
    process.removeListener('exit', killAll);
    throw error;
  }
}
