/**
 * A home monitoring stack as people write it, on a real Kubernetes 1.37 API server and scheduler
 * with kwok nodes: Prometheus and Alertmanager (from quay.io) keeping their state in host folders
 * outside the project, VictoriaMetrics' vmagent without -remoteWrite.tmpDataPath, and an alpine
 * backup loop that installs its client with `apk add` before it starts.
 *
 * What this proves: the host folders are claims that bind and mount where the images keep their
 * state (before, they were dropped and the TSDB lived in the container); the backup pod runs as root
 * with Docker's baseline capabilities and the namespace's Pod Security level admits it (as uid 1000,
 * apk could not lock its database and the container exited); vmagent has the directory it creates in
 * /. What it cannot: kwok runs no containers, so that apk and vmagent then work is shown by the pod
 * specs, not by a process.
 */
import { describe, expect, it } from 'vitest';
import { findingText } from '../../tools/cluster/findings.ts';
import { getItems, type KubeObject } from '../../tools/cluster/kubectl.ts';
import { adminKubectl, appliedStack } from './support.ts';

const kubectl = adminKubectl();
const NAMESPACE = 'monitoring-stack';

const compose = {
  services: {
    prometheus: {
      image: 'prom/prometheus:v2.53.4',
      command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
      volumes: ['/mnt/pool_fast/db/monitoring/prometheus:/prometheus'],
      ports: ['9090:9090'],
    },
    alertmanager: {
      image: 'quay.io/prometheus/alertmanager:v0.28.0',
      command: ['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager'],
      volumes: ['/mnt/pool_fast/db/monitoring/alertmanager:/alertmanager'],
      ports: ['9093:9093'],
    },
    vmagent: {
      image: 'victoriametrics/vmagent:v1.117.0',
      command: ['--promscrape.config=/etc/prometheus/prometheus.yml', '--remoteWrite.url=http://prometheus:9090/api/v1/write'],
      ports: ['8429:8429'],
    },
    backup: {
      image: 'alpine:3.20',
      depends_on: ['prometheus'],
      entrypoint: ['/bin/sh', '-c', 'set -e; apk add --no-cache curl >/dev/null; while true; do curl -fsS -XPOST http://prometheus:9090/api/v1/admin/tsdb/snapshot; sleep 86400; done'],
    },
  },
};

type Json = any;

async function podOf(name: string): Promise<Json> {
  const [pod] = await getItems<KubeObject>(kubectl, ['pods', '-n', NAMESPACE, '-l', `app.kubernetes.io/name=${name}`]);
  return pod;
}

describe('a home monitoring stack on a real cluster', () => {
  const stack = appliedStack(NAMESPACE, compose);

  it('runs: no finding (every pod scheduled and ready, every claim bound)', () => {
    expect(stack.report().findings.map(findingText)).toEqual([]);
  });

  it('keeps the state of Prometheus and Alertmanager on claims, where the images write it', async () => {
    const claims = await getItems(kubectl, ['pvc', '-n', NAMESPACE]);
    expect(claims.map((claim) => claim.metadata.name).sort()).toEqual(['alertmanager-alertmanager', 'prometheus-prometheus']);
    expect(claims.map((claim) => claim.status.phase)).toEqual(['Bound', 'Bound']);
    for (const [name, path] of [['prometheus', '/prometheus'], ['alertmanager', '/alertmanager']]) {
      const container = (await podOf(name as string)).spec.containers[0];
      expect(container.volumeMounts.map((mount: Json) => mount.mountPath)).toContain(path);
      expect(container.securityContext).toMatchObject({ runAsUser: 65534 });
    }
  });

  it('admits the backup loop as root with the capabilities apk needs, and gives vmagent its data directory', async () => {
    const namespace = (await getItems(kubectl, ['namespace', NAMESPACE]))[0] as KubeObject;
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('baseline');
    const backup = (await podOf('backup')).spec.containers[0];
    expect(backup.securityContext).toMatchObject({ runAsUser: 0, capabilities: { add: expect.arrayContaining(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']) } });
    const vmagent = (await podOf('vmagent')).spec.containers[0];
    expect(vmagent.volumeMounts.map((mount: Json) => mount.mountPath)).toContain('/vmagent-remotewrite-data');
  });
});
