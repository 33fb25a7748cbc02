/**
 * Starts one real cluster for the whole cluster suite (building its components on first use) and
 * hands its connection to the test files, which run in other processes.
 */
import type { TestProject } from 'vitest/node';
import { startCluster, type Cluster } from '../../tools/cluster/cluster.ts';
import { clusterComponents, missingBuildTools } from '../../tools/cluster/components.ts';

export interface ClusterConnection {
  readonly server: string;
  readonly caCert: string;
  readonly adminToken: string;
  readonly kubeconfig: string;
  readonly kubectlBinary: string;
  readonly logDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterConnection;
  }
}

let cluster: Cluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  const missing = missingBuildTools();
  // The suite is the proof that manifests work: it never skips silently, and in CI not at all.
  if (missing) throw new Error(`the cluster suite cannot run: ${missing}`);
  const started = Date.now();
  cluster = await startCluster({ componentsDir: clusterComponents() });
  process.stderr.write(`cluster: started in ${((Date.now() - started) / 1000).toFixed(1)} s at ${cluster.server}\n`);
  const { server, caCert, adminToken, kubeconfig, kubectlBinary, logDir } = cluster;
  project.provide('cluster', { server, caCert, adminToken, kubeconfig, kubectlBinary, logDir });
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
