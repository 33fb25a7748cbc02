import { describe, expect, it } from 'vitest';
import { LABEL_FAMILIES } from '../../../lib/k8s/kompose/kompose-labels.ts';
import { convertCompose } from '../support/compose-text.ts';

const web = (labels: string, extra = ''): string => `services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n${extra}    labels:\n${labels}`;

describe('Kompose labels', () => {
  it('are never copied into annotations; other labels still are', () => {
    const result = convertCompose(web('      kompose.service.type: nodeport\n      team: shop\n'));
    const deployment = result.object('Deployment', 'web');
    expect(deployment.metadata.annotations).toEqual({ team: 'shop' });
    expect(deployment.spec.template.metadata.annotations).toEqual({ team: 'shop' });
  });

  it('kompose.service.type, nodeport.port and external-traffic-policy make the public Service', () => {
    const result = convertCompose(web('      kompose.service.type: nodeport\n      kompose.service.nodeport.port: "30080"\n      kompose.service.external-traffic-policy: local\n'));
    const publicService = result.object('Service', 'web-public');
    expect(publicService.spec.type).toBe('NodePort');
    expect(publicService.spec.externalTrafficPolicy).toBe('Local');
    expect(publicService.spec.ports).toEqual([expect.objectContaining({ port: 8080, nodePort: 30080 })]);
    expect(result.warningsAt('services.web.labels')).toEqual([]);
  });

  it('x-kubernetes wins over a label', () => {
    const result = convertCompose(web('      kompose.service.type: nodeport\n', '    x-kubernetes:\n      exposure: LoadBalancer\n'));
    expect(result.object('Service', 'web-public').spec.type).toBe('LoadBalancer');
  });

  it('kompose.service.expose with several hosts, a path, a TLS secret and a class is one Ingress', () => {
    const result = convertCompose(
      web('      kompose.service.expose: "shop.example.com, www.example.com/shop"\n      kompose.service.expose.tls-secret: shop-tls\n      kompose.service.expose.ingress-class-name: nginx\n'),
    );
    const ingress = result.object('Ingress', 'web');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules.map((rule: { host: string; http: { paths: { path: string }[] } }) => [rule.host, rule.http.paths.map((p) => p.path)])).toEqual([
      ['shop.example.com', ['/']],
      ['www.example.com', ['/shop']],
    ]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com', 'www.example.com'], secretName: 'shop-tls' }]);
    expect(result.plan.toCreate.map((object) => `${object.kind}/${object.name}`)).toContain('Secret/shop-tls');
  });

  it('a value the option schema refuses is reported at the label, not translated', () => {
    const result = convertCompose(web('      kompose.service.nodeport.port: "80"\n      kompose.service.expose: "Not A Host"\n'));
    expect(result.objects('Service').map((service) => service.metadata.name)).toEqual(['web']);
    expect(result.objects('Ingress')).toEqual([]);
    expect(result.warningsAt('services.web.labels.kompose.service.nodeport.port')).toEqual([expect.stringMatching(/'80' is not a valid value \(nodePort\): must be >= 30000; the label is not translated/)]);
    expect(result.warningsAt('services.web.labels.kompose.service.expose')).toHaveLength(1);
  });

  it('kompose.volume.* size, class and sub-path reach the named volume and its mount', () => {
    const result = convertCompose(
      `services:\n  db:\n    image: postgres:16\n    volumes: ["data:/var/lib/postgresql/data"]\n    labels:\n      kompose.volume.size: 5Gi\n      kompose.volume.storage-class-name: fast\n      kompose.volume.sub-path: pgdata\nvolumes:\n  data: {}\n`,
    );
    const claims = result.objects('PersistentVolumeClaim');
    const templates = result.objects('StatefulSet').flatMap((set) => set.spec.volumeClaimTemplates ?? []);
    const specs = [...claims, ...templates].map((claim) => claim.spec);
    expect(specs).toEqual([expect.objectContaining({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } })]);
    const workload = [...result.objects('StatefulSet'), ...result.objects('Deployment')][0];
    const mount = workload.spec.template.spec.containers[0].volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/var/lib/postgresql/data');
    expect(mount.subPath).toBe('pgdata');
  });

  it('kompose.controller.type and kompose.cronjob.schedule choose the workload', () => {
    const daemon = convertCompose(web('      kompose.controller.type: daemonset\n'));
    expect(daemon.objects('DaemonSet').map((set) => set.metadata.name)).toEqual(['web']);
    const cron = convertCompose(
      `services:\n  backup:\n    image: busybox:1.36\n    command: ["true"]\n    restart: "no"\n    labels:\n      kompose.cronjob.schedule: "*/5 * * * *"\n      kompose.cronjob.concurrency_policy: Allow\n      kompose.cronjob.backoff_limit: "2"\n`,
    );
    expect(cron.object('CronJob', 'backup').spec.schedule).toBe('*/5 * * * *');
    expect(cron.warningsAt('services.backup.labels.kompose.cronjob.concurrency_policy')).toEqual([expect.stringContaining('Allow is not translated')]);
    expect(cron.warningsAt('services.backup.labels.kompose.cronjob.backoff_limit')).toEqual([expect.stringContaining('max_attempts: 2')]);
  });

  it('kompose.hpa.* is a HorizontalPodAutoscaler', () => {
    const result = convertCompose(web('      kompose.hpa.cpu: "70%"\n      kompose.hpa.memory: 512Mi\n      kompose.hpa.replicas.min: "2"\n      kompose.hpa.replicas.max: "6"\n'));
    expect(result.object('HorizontalPodAutoscaler', 'web').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
      ],
    });
  });

  it('pull secret, service account and fsGroup reach the pod', () => {
    const result = convertCompose(web('      kompose.image-pull-secret: registry-key\n      kompose.serviceaccount-name: shop\n      kompose.security-context.fsgroup: "2000"\n'));
    const pod = result.object('Deployment', 'web').spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-key' }]);
    expect(pod.serviceAccountName).toBe('shop');
    expect(pod.securityContext.fsGroup).toBe(2000);
    expect(result.plan.toCreate.map((object) => `${object.kind}/${object.name}`)).toEqual(expect.arrayContaining(['Secret/registry-key', 'ServiceAccount/shop']));
  });

  it('labels without an equivalent are reported at the label with what to use instead', () => {
    const result = convertCompose(
      web(
        '      - kompose.image-pull-policy=Never\n      - kompose.service.healthcheck.liveness.http_get_path=/health\n      - kompose.init.containers.image=busybox\n      - kompose.volume.type=hostPath\n      - kompose.controller.port.expose=true\n      - kompose.service.type=headless\n      - kompose.made.up=1\n',
      ),
    );
    const messages = result.warningsAt('services.web.labels').join('\n');
    expect(messages).toContain('pull_policy');
    expect(messages).toContain('healthcheck.test that fetches the URL');
    expect(messages).toContain('service_completed_successfully');
    expect(messages).toContain('bind mount');
    expect(messages).toContain('exposure: NodePort');
    expect(messages).toContain('headless is not translated');
    expect(messages).toContain("'kompose.made.up' is not a label Kompose documents");
    // Each at its own item of the list.
    expect(new Set(result.warningsAt('services.web.labels').map((line) => line.split(':')[0])).size).toBe(7);
    expect(result.object('Deployment', 'web').metadata.annotations).toBeUndefined();
  });

  it('the families name every label of the documentation table', () => {
    const names = LABEL_FAMILIES.flatMap((family) => Object.keys(family.labels));
    expect(new Set(names).size).toBe(names.length);
    for (const label of DOCUMENTED) expect(names).toContain(label);
  });
});

/** The labels of Kompose's user guide (kubernetes/kompose docs/user-guide.md, "Labels"). */
const DOCUMENTED = [
  'kompose.controller.port.expose', 'kompose.controller.type', 'kompose.cronjob.backoff_limit', 'kompose.cronjob.concurrency_policy',
  'kompose.cronjob.schedule', 'kompose.hpa.cpu', 'kompose.hpa.memory', 'kompose.hpa.replicas.max', 'kompose.hpa.replicas.min',
  'kompose.image-pull-policy', 'kompose.image-pull-secret', 'kompose.init.containers.command', 'kompose.init.containers.image',
  'kompose.init.containers.name', 'kompose.security-context.fsgroup', 'kompose.service.external-traffic-policy', 'kompose.service.expose',
  'kompose.service.expose.ingress-class-name', 'kompose.service.expose.tls-secret', 'kompose.service.group',
  'kompose.service.healthcheck.liveness.http_get_path', 'kompose.service.healthcheck.liveness.http_get_port',
  'kompose.service.healthcheck.liveness.tcp_port', 'kompose.service.healthcheck.readiness.disable',
  'kompose.service.healthcheck.readiness.http_get_path', 'kompose.service.healthcheck.readiness.http_get_port',
  'kompose.service.healthcheck.readiness.interval', 'kompose.service.healthcheck.readiness.retries',
  'kompose.service.healthcheck.readiness.start_period', 'kompose.service.healthcheck.readiness.tcp_port',
  'kompose.service.healthcheck.readiness.test', 'kompose.service.healthcheck.readiness.timeout', 'kompose.service.nodeport.port',
  'kompose.service.type', 'kompose.volume.size', 'kompose.volume.storage-class-name', 'kompose.volume.sub-path', 'kompose.volume.type',
  'kompose.serviceaccount-name',
];
