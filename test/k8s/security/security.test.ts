import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ServiceVolume } from '../../../lib/compose/model.ts';
import type { DeviceAccess } from '../../../lib/k8s/workload/devices.ts';
import type { ServiceOptions } from '../../../lib/k8s/options/options.ts';
import { securityFor, type SecuritySettings } from '../../../lib/k8s/security/security.ts';
import { hostDirectory, hostFile, makeService } from '../../support/model.ts';
import { validateManifests, type Manifest } from '../../support/k8s.ts';
import { contextFor } from '../support/collecting-context.ts';
import { podManifest, podWith, pssScript, referenceLevels, strictSchemaProblems } from '../support/pss.ts';

type ServiceFields = Parameters<typeof makeService>[1];

function secure(fields: ServiceFields = {}, options: ServiceOptions = {}, devices?: DeviceAccess) {
  const context = contextFor(makeService('app', fields), { options });
  return { settings: securityFor(context, devices), warnings: context.warnings };
}

const NO_DEVICES: DeviceAccess = { extendedResources: {}, supplementalGroups: [], privileged: false, volumes: [], volumeMounts: [], pluginDevices: [] };
const port = (target: number) => ({ target, protocol: 'tcp' as const, mode: 'ingress' as const });

/** Every settings object a test produced, checked against pss.mjs and the schema at the end. */
const produced: Record<string, SecuritySettings> = {};
function record(name: string, settings: SecuritySettings): SecuritySettings {
  produced[name] = settings;
  return settings;
}

describe('securityFor: hardened defaults', () => {
  it('runs an unknown image as 1000:1000 with everything dropped and meets restricted, and says so', () => {
    const { settings, warnings } = secure({ image: 'example/api:1.2' });
    record('unknown', settings);
    expect(settings.containerSecurityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
    });
    expect(settings.podSecurityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
      fsGroup: 1000,
      fsGroupChangePolicy: 'OnRootMismatch',
    });
    expect(settings.level).toBe('restricted');
    expect(settings.volumes).toEqual([]);
    expect(warnings).toEqual([{ key: 'services.app.user', message: expect.stringContaining('image example/api:1.2 states no user the converter can see') }]);
    expect(warnings[0]?.message).toContain('set x-kubernetes securityContext.runAsUser and runAsGroup (0 for root)');
  });

  it.each([
    ['postgres', 999, 999],
    ['postgres:16', 999, 999],
    ['postgres:15-alpine', 70, 70],
    ['postgres:alpine', 70, 70],
    ['timescale/timescaledb:latest-pg15', 70, 70],
    ['modax/timescaledb:latest', 70, 70],
    ['redis:7', 999, 999],
    ['redis:7-alpine', 999, 1000],
    ['eclipse-mosquitto:2.0', 1883, 1883],
    ['modax/mosquitto:1.0', 1883, 1883],
    ['grafana/grafana:10.2.2', 472, 472],
    ['docker.io/grafana/grafana', 472, 472],
    ['mysql:8', 999, 999],
    ['mariadb:10.6.4-focal', 999, 999],
    ['mongo:4.2.0', 999, 999],
    ['mailhog/mailhog', 1000, 1000],
    ['prom/prometheus', 65534, 65534],
    ['docker.io/library/nginx:1.25@sha256:0123', 101, 101],
    ['bitnami/postgresql:16', 1001, 1001],
    ['haproxy:2.9', 99, 99],
    ['clickhouse/clickhouse-server:24', 101, 101],
    ['neo4j:5', 7474, 7474],
  ])('runs %s as its own user %i:%i', (image, uid, gid) => {
    const { settings } = secure({ image });
    record(`image-${image}`, settings);
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: uid, runAsGroup: gid, runAsNonRoot: true });
    expect(settings.podSecurityContext.fsGroup).toBe(gid);
    expect(settings.level).toBe('restricted');
  });

  it('gives nginx its writable directories and lets it bind port 80 without root', () => {
    const { settings } = secure({ image: 'nginx:alpine', ports: [port(80)] });
    record('nginx', settings);
    expect(settings.volumeMounts).toEqual([
      { name: 'writable-var-cache-nginx', mountPath: '/var/cache/nginx' },
      { name: 'writable-var-run', mountPath: '/var/run' },
    ]);
    expect(settings.volumes).toEqual([
      { name: 'writable-var-cache-nginx', emptyDir: {} },
      { name: 'writable-var-run', emptyDir: {} },
    ]);
    expect(settings.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(settings.level).toBe('restricted');
  });

  it('gives httpd and caddy the directories they write at run time', () => {
    expect(secure({ image: 'httpd:2.4' }).settings.volumeMounts.map((m) => m.mountPath)).toEqual(['/usr/local/apache2/logs']);
    const volumes = [{ type: 'volume' as const, source: 'caddy_data', target: '/data', readOnly: false, nocopy: false }];
    const caddy = secure({ image: 'caddy:2', volumes }).settings;
    record('caddy', caddy);
    expect(caddy.volumeMounts.map((m) => m.mountPath)).toEqual(['/config']);
    expect(caddy.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
  });

  it("gives VictoriaMetrics' root images the data directory they create in / by default", () => {
    // VictoriaMetrics' compose-vm-single.yml: vmagent without -remoteWrite.tmpDataPath creates
    // /vmagent-remotewrite-data (its working directory is /) and dies when it cannot.
    const vmagent = secure({ image: 'victoriametrics/vmagent:v1.117.0', command: ['--promscrape.config=/etc/prometheus/prometheus.yml', '--remoteWrite.url=http://victoriametrics:8428/api/v1/write'] }).settings;
    expect(vmagent.volumeMounts).toEqual([{ name: 'writable-vmagent-remotewrite-data', mountPath: '/vmagent-remotewrite-data' }]);
    expect(vmagent.containerSecurityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
    expect(vmagent.podSecurityContext.fsGroup).toBe(1000);
    expect(vmagent.level).toBe('restricted');
    const single = (image: string) => secure({ image }).settings.volumeMounts.map((mount) => mount.mountPath);
    expect(single('victoriametrics/victoria-metrics:v1.117.0')).toEqual(['/victoria-metrics-data']);
    expect(single('victoriametrics/victoria-logs:v1.20.0')).toEqual(['/victoria-logs-data']);
    expect(single('victoriametrics/vmstorage:v1.117.0-cluster')).toEqual(['/vmstorage-data']);
    expect(secure({ image: 'victoriametrics/vmagent:v1.117.0' }).warnings.join('\n')).not.toContain('states no user');
  });

  it("gives VictoriaMetrics' images no emptyDir, and says nothing of lost data, where a flag moves the data directory to a volume", () => {
    // VictoriaMetrics' compose-vm-cluster.yml: vmstorage keeps its data where --storageDataPath=/storage
    // says, on the volume strgdata-1; /vmstorage-data is never written, and was said to lose the data.
    const storage = [{ type: 'volume' as const, source: 'strgdata-1', target: '/storage', readOnly: false, nocopy: false }];
    for (const command of [['--storageDataPath=/storage'], ['-storageDataPath', '/storage']]) {
      const { settings, warnings } = secure({ image: 'victoriametrics/vmstorage:v1.117.1-cluster', command, volumes: storage });
      expect(settings.volumeMounts).toEqual([]);
      expect(warnings.map((warning) => warning.message).join('\n')).not.toContain('gets an emptyDir');
    }
    const vmagent = secure({ image: 'victoriametrics/vmagent:v1.117.1', command: ['-remoteWrite.tmpDataPath=/vmagentdata'] }).settings;
    expect(vmagent.volumeMounts).toEqual([]);
    // The flag naming the default place, or another flag, leaves the directory where it was.
    const same = secure({ image: 'victoriametrics/victoria-metrics:v1.117.1', command: ['--storageDataPath=victoria-metrics-data'] });
    expect(same.settings.volumeMounts.map((mount) => mount.mountPath)).toEqual(['/victoria-metrics-data']);
    const other = secure({ image: 'victoriametrics/vmstorage:v1.117.1-cluster', command: ['--retentionPeriod=1y'] });
    expect(other.settings.volumeMounts.map((mount) => mount.mountPath)).toEqual(['/vmstorage-data']);
    expect(other.warnings.map((warning) => warning.message).join('\n')).toContain('/vmstorage-data gets an emptyDir');
  });

  it('lets any non-root container bind the low ports it declares', () => {
    const { settings } = secure({ image: 'example/web:1', expose: [{ port: 443, protocol: 'tcp' }] });
    expect(settings.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(secure({ image: 'example/web:1', ports: [port(8080)] }).settings.podSecurityContext.sysctls).toBeUndefined();
  });

  it('keeps the file capability pgadmin needs to start', () => {
    const { settings } = secure({ image: 'dpage/pgadmin4:latest' });
    record('pgadmin', settings);
    expect(settings.containerSecurityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(settings.level).toBe('restricted');
  });

  it('moves PGDATA below the volume root unless compose sets it', () => {
    expect(secure({ image: 'postgres:16' }).settings.environment).toEqual({ PGDATA: '/var/lib/postgresql/data/pgdata' });
    expect(secure({ image: 'postgres:16', environment: { PGDATA: '/data' } }).settings.environment).toEqual({});
    expect(secure({ image: 'redis' }).settings.environment).toEqual({});
  });

  it("leaves PGDATA to the image when the volume is mounted at /var/lib/postgresql, postgres 18's layout", () => {
    // inngest's postgres:18.1 mounts postgres_data:/var/lib/postgresql: the image keeps its data in
    // /var/lib/postgresql/18/docker there, which data/pgdata moved away from the data copied in.
    const parent: ServiceVolume = { type: 'volume', source: 'data', target: '/var/lib/postgresql', readOnly: false, nocopy: false };
    expect(secure({ image: 'postgres:18.1', volumes: [parent] }).settings.environment).toEqual({});
    const old: ServiceVolume = { ...parent, target: '/var/lib/postgresql/data' };
    expect(secure({ image: 'postgres:16', volumes: [old] }).settings.environment).toEqual({ PGDATA: '/var/lib/postgresql/data/pgdata' });
  });

  it("leaves PGDATA to the image when the volume is postgres 18's own data folder, not moving the cluster out of it", () => {
    // docusealco/docuseal (s256 fork): ./pg_data:/var/lib/postgresql/18/docker, the image's PGDATA.
    const own: ServiceVolume = { type: 'bind', source: '/p/pg_data', target: '/var/lib/postgresql/18/docker', readOnly: false, createHostPath: true };
    expect(secure({ image: 'postgres:18', volumes: [own] }).settings.environment).toEqual({});
    // A second volume below the folder does not hide the one that holds data/pgdata.
    const old: ServiceVolume = { type: 'volume', source: 'data', target: '/var/lib/postgresql/data', readOnly: false, nocopy: false };
    const backups: ServiceVolume = { ...old, source: 'backups', target: '/var/lib/postgresql/backups' };
    expect(secure({ image: 'postgres:16', volumes: [old, backups] }).settings.environment).toEqual({ PGDATA: '/var/lib/postgresql/data/pgdata' });
  });

  it('runs images that must start as root as root, with Docker’s baseline capabilities, and says so', () => {
    const { settings, warnings } = secure({ image: 'gitea/gitea:latest' });
    record('gitea', settings);
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false });
    expect(settings.containerSecurityContext.capabilities?.add).toContain('CHOWN');
    expect(settings.containerSecurityContext.capabilities?.add).not.toContain('NET_RAW');
    expect(settings.podSecurityContext.fsGroup).toBeUndefined();
    expect(settings.level).toBe('baseline');
    expect(warnings).toEqual([expect.objectContaining({ key: 'services.app.image', message: expect.stringMatching(/root/) })]);
  });
});

describe("securityFor: nginx's templates", () => {
  // The image renders /etc/nginx/templates into /etc/nginx/conf.d, which root owns; as uid 101 its
  // entrypoint skipped them ("not writable") and nginx served its default page (pedrolamas/docker-iot-stack,
  // LemmyNet/lemmy's proxy) until 2026-12-06.
  const bind = (source: string, target: string): ServiceVolume => ({ type: 'bind', source, target, readOnly: true, createHostPath: false });

  it('runs nginx as root, as Docker does, where it renders templates into a directory of the image', () => {
    const { settings, warnings } = secure({ image: 'nginx:1.27', volumes: [bind('/p/templates', '/etc/nginx/templates')] });
    record('nginx-templates', settings);
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('its entrypoint renders the templates at /etc/nginx/templates into /etc/nginx/conf.d, which root owns in the image'));
    const own = secure({
      image: 'nginx:1-alpine',
      environment: { NGINX_ENVSUBST_OUTPUT_DIR: '/etc/nginx', NGINX_ENVSUBST_TEMPLATE_DIR: '/tpl/' },
      volumes: [bind('/p/lemmy.conf', '/tpl/lemmy.conf.template')],
    });
    expect(own.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('renders the templates at /tpl into /etc/nginx,'));
  });

  it('keeps the nginx user without templates, or where the output directory is a volume of its own', () => {
    expect(secure({ image: 'nginx:1.27', volumes: [bind('/p/site.conf', '/etc/nginx/conf.d/site.conf')] }).settings.containerSecurityContext.runAsUser).toBe(101);
    const tmpfs: ServiceVolume = { type: 'tmpfs', target: '/etc/nginx/conf.d', readOnly: false };
    expect(secure({ image: 'nginx:1.27', volumes: [bind('/p/templates', '/etc/nginx/templates'), tmpfs] }).settings.containerSecurityContext.runAsUser).toBe(101);
    expect(secure({ image: 'nginxinc/nginx-unprivileged:1.27', volumes: [bind('/p/templates', '/etc/nginx/templates')] }).settings.containerSecurityContext.runAsUser).toBe(101);
    expect(secure({ image: 'nginx:1.27', user: '101', volumes: [bind('/p/templates', '/etc/nginx/templates')] }).settings.containerSecurityContext.runAsUser).toBe(101);
  });
});

describe('securityFor: compose settings', () => {
  it('translates user uid:gid and user names it knows', () => {
    expect(secure({ user: '1000:20' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 20 });
    expect(secure({ image: 'postgres:16', user: 'postgres' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
    expect(secure({ image: 'postgres:16-alpine', user: 'postgres' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 70 });
    const plainUid = secure({ user: '4242' }).settings;
    expect(plainUid.containerSecurityContext.runAsUser).toBe(4242);
    expect(plainUid.containerSecurityContext.runAsGroup).toBeUndefined();
    expect(plainUid.podSecurityContext.fsGroup).toBe(4242);
    expect(secure({ user: 'nobody:nogroup' }).settings.containerSecurityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534 });
  });

  it('warns about user names it cannot resolve', () => {
    const { settings, warnings } = secure({ user: 'appuser' });
    expect(settings.containerSecurityContext.runAsUser).toBe(1000);
    expect(warnings.map((w) => w.key)).toEqual(['services.app.user']);
  });

  it('runs as root when compose says so, at the baseline level', () => {
    const { settings } = secure({ user: 'root' });
    record('user-root', settings);
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(settings.level).toBe('baseline');
  });

  it('maps group_add names to their ids', () => {
    const { settings, warnings } = secure({ groupAdd: ['dialout', 'video', 'plugdev', '1234', 'wheelies'] });
    expect(settings.podSecurityContext.supplementalGroups).toEqual([20, 44, 46, 1234]);
    expect(warnings.map((w) => w.key)).toEqual(['services.app.user', 'services.app.group_add.4']);
  });

  it('adds and drops capabilities as compose says', () => {
    const bind = secure({ capAdd: ['CAP_NET_BIND_SERVICE'] }).settings;
    expect(bind.containerSecurityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(bind.level).toBe('restricted');
    // With a user of its own: an image of unknown user that compose gives capabilities runs as root (image-user.test.ts).
    const admin = secure({ user: '0', capAdd: ['NET_ADMIN', 'sys_time'], capDrop: ['ALL'] }).settings;
    record('cap-admin', admin);
    expect(admin.containerSecurityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN', 'SYS_TIME'] });
    expect(admin.level).toBe('privileged');
    // A non-root user without escalation gains no added capability: they are left out (void-capabilities.ts).
    const voided = secure({ user: '1000', capAdd: ['NET_ADMIN', 'sys_time'], capDrop: ['MKNOD'] });
    record('cap-admin-non-root', voided.settings);
    expect(voided.settings.containerSecurityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(voided.settings.level).toBe('restricted');
    expect(voided.warnings.map((w) => w.key)).toContain('services.app.cap_add');
    const chown = secure({ capAdd: ['CHOWN'] }).settings;
    record('cap-chown', chown);
    expect(chown.level).toBe('baseline');
    const rootDrops = secure({ user: '0', capDrop: ['CHOWN', 'SETUID'] }).settings;
    expect(rootDrops.containerSecurityContext.capabilities?.add).not.toContain('CHOWN');
    expect(rootDrops.containerSecurityContext.capabilities?.add).toContain('SETGID');
    const rootDropsAll = secure({ user: '0', capDrop: ['ALL'], capAdd: ['KILL'] }).settings;
    expect(rootDropsAll.containerSecurityContext.capabilities).toEqual({ drop: ['ALL'], add: ['KILL'] });
  });

  it('makes a container privileged only when compose says so', () => {
    const { settings } = secure({ privileged: true });
    record('privileged', settings);
    expect(settings.containerSecurityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true });
    expect(settings.containerSecurityContext.runAsUser).toBeUndefined();
    expect(settings.level).toBe('privileged');
    expect(secure().settings.containerSecurityContext.privileged).toBeUndefined();
  });

  it('turns read_only into a read-only root with emptyDirs for what the image writes', () => {
    const { settings } = secure({ image: 'nginx:1.25', readOnly: true });
    record('nginx-read-only', settings);
    expect(settings.containerSecurityContext.readOnlyRootFilesystem).toBe(true);
    expect(settings.volumeMounts.map((m) => m.mountPath)).toEqual(['/tmp', '/var/cache/nginx', '/var/run']);
    expect(settings.level).toBe('restricted');
  });

  it('leaves paths a compose volume already mounts to that volume', () => {
    const volumes = [{ type: 'volume' as const, source: 'data', target: '/var/lib/grafana', readOnly: false, nocopy: false }];
    const { settings } = secure({ image: 'grafana/grafana', readOnly: true, volumes });
    expect(settings.volumeMounts.map((m) => m.mountPath)).toEqual(['/tmp', '/var/log/grafana']);
    const mongo = secure({ image: 'mongo', readOnly: true, volumes: [{ type: 'volume', target: '/data', readOnly: false, nocopy: false }] });
    expect(mongo.settings.volumeMounts.map((m) => m.mountPath)).toEqual(['/tmp']);
  });

  it('translates security_opt entries it can and warns about the rest', () => {
    const { settings, warnings } = secure({
      securityOpt: ['no-new-privileges:true', 'label=type:container_t', 'label:level:s0:c100,c200', 'apparmor:unconfined', 'seccomp=/etc/profile.json', 'label:disable'],
    });
    record('security-opt', settings);
    expect(settings.containerSecurityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      seLinuxOptions: { type: 'container_t', level: 's0:c100,c200' },
    });
    expect(settings.level).toBe('restricted');
    expect(warnings.map((w) => w.key)).toEqual([
      'services.app.user', 'services.app.security_opt.3', 'services.app.security_opt.4', 'services.app.security_opt.5',
    ]);
  });

  it('allows privilege escalation and unconfined seccomp only when compose asks', () => {
    const escalate = secure({ securityOpt: ['no-new-privileges=false'] }).settings;
    record('escalate', escalate);
    expect(escalate.containerSecurityContext.allowPrivilegeEscalation).toBe(true);
    expect(escalate.level).toBe('baseline');
    const unconfined = secure({ securityOpt: ['seccomp:unconfined'] }).settings;
    record('unconfined', unconfined);
    expect(unconfined.containerSecurityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(unconfined.level).toBe('privileged');
  });

  it('translates safe sysctls and warns about the others', () => {
    const { settings, warnings } = secure({ sysctls: { 'net.ipv4.tcp_syncookies': '1', 'net.core.somaxconn': '1024' } });
    expect(settings.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.tcp_syncookies', value: '1' }]);
    expect(warnings.map((w) => w.key)).toEqual(['services.app.user', 'services.app.sysctls.net.core.somaxconn']);
  });
});

describe('securityFor: ping without NET_RAW', () => {
  const healthcheck = (...test: string[]) => ({ test, disable: false });

  it('lets a healthcheck or command that runs ping open ICMP datagram sockets, and says so once', () => {
    // The TechHut *arr stack's gluetun: `ping -c 1 www.google.com || exit 1` failed without NET_RAW,
    // so its startup probe never passed and the pod's other containers never started.
    const { settings, warnings } = secure({ image: 'qmcgaw/gluetun:v3', healthcheck: healthcheck('CMD-SHELL', 'ping -c 1 www.google.com || exit 1') });
    record('ping', settings);
    expect(settings.containerSecurityContext.capabilities?.add ?? []).not.toContain('NET_RAW');
    expect(settings.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.ping_group_range', value: '0 2147483647' }]);
    expect(settings.level).toBe('restricted');
    expect(warnings.filter((w) => /runs ping/.test(w.message)).map((w) => w.key)).toEqual(['services.app.healthcheck']);
    for (const fields of [
      { healthcheck: healthcheck('CMD', '/bin/ping', '-c1', 'db') },
      { command: ['sh', '-c', 'until ping -c1 db; do sleep 1; done; exec app'] },
    ]) {
      expect(secure({ image: 'example/app:1', ...fields }).settings.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.ping_group_range', value: '0 2147483647' }]);
    }
  });

  it('sets nothing for ping as an argument (redis-cli ping, a URL path), a disabled check, NET_RAW kept, or a range compose sets', () => {
    for (const fields of [
      { healthcheck: healthcheck('CMD-SHELL', 'wget -q --spider http://localhost:8080/ping || exit 1') },
      { healthcheck: healthcheck('CMD', 'redis-cli', 'ping') },
      { healthcheck: healthcheck('CMD-SHELL', 'redis-cli ping | grep PONG') },
      { healthcheck: { test: ['CMD-SHELL', 'ping -c1 db'], disable: true } },
      { healthcheck: healthcheck('CMD-SHELL', 'ping -c1 db'), capAdd: ['NET_RAW'] },
      { healthcheck: healthcheck('CMD-SHELL', 'ping -c1 db'), sysctls: { 'net.ipv4.ping_group_range': '1000 1000' } },
    ]) {
      const { settings, warnings } = secure({ image: 'example/app:1', ...fields });
      expect(settings.podSecurityContext.sysctls?.filter((s) => s.value !== '1000 1000') ?? []).toEqual([]);
      expect(warnings.filter((w) => /runs ping/.test(w.message))).toEqual([]);
    }
  });
});

describe('securityFor: a data-only Job', () => {
  const volumes = [{ type: 'bind' as const, source: '/p/zbx_env/var/lib/postgresql/data', target: '/var/lib/postgresql/data', readOnly: false, nocopy: false, createHostPath: true }];
  const groupOf = (fields: Parameters<typeof makeService>[1], workload: 'Job' | 'Deployment' = 'Job') =>
    securityFor(contextFor(makeService('data', fields), { workload })).podSecurityContext.fsGroup;

  it("gives the pod of a command that does nothing no group, so that the kubelet leaves the claim it shares alone (zabbix's db_data_pgsql)", () => {
    // busybox's default shell exits at once; as fsGroup 1000 it regrouped the database's PGDATA, which PostgreSQL then refused.
    expect(groupOf({ image: 'busybox', volumes })).toBeUndefined();
    expect(groupOf({ image: 'mysql:5.7', command: ['/bin/true'], volumes })).toBeUndefined();
  });

  it('keeps the group of a Job that works, and of a data-only service kept running', () => {
    expect(groupOf({ image: 'busybox', command: ['sh', '-c', 'cp -r /seed/. /data/'], volumes })).toBe(1000);
    expect(groupOf({ image: 'busybox', volumes }, 'Deployment')).toBe(1000);
  });
});

describe('securityFor: ICMP checks a mounted configuration asks for', () => {
  const bind = (source: string, target: string) => ({ type: 'bind' as const, source, target, readOnly: false, nocopy: false, createHostPath: true });
  const checked = (image: string, volume: ReturnType<typeof bind>, hostFiles: Record<string, ReturnType<typeof hostFile>>) => {
    const context = contextFor(makeService('app', { image, volumes: [volume] }), { project: { hostFiles } });
    return { settings: securityFor(context), warnings: context.warnings };
  };

  it("lets Gatus' icmp:// endpoints and the blackbox exporter's icmp prober ping without NET_RAW, and says so at the mount", () => {
    // TwiN/gatus's postgres-storage example: `url: "icmp://example.org"`, down forever on Kubernetes.
    const gatus = checked('twinproduction/gatus:v5', bind('/p/config', '/config'), {
      '/p/config': hostDirectory({ 'config.yaml': 'endpoints:\n  - name: icmp-ping\n    url: "icmp://example.org"\n    interval: 1m\n' }),
    });
    record('gatus-icmp', gatus.settings);
    expect(gatus.settings.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.ping_group_range', value: '0 2147483647' }]);
    expect(gatus.settings.containerSecurityContext.capabilities?.add ?? []).not.toContain('NET_RAW');
    expect(gatus.warnings.filter((w) => /ICMP checks/.test(w.message)).map((w) => w.key)).toEqual(['services.app.volumes.0']);
    const blackbox = checked('prom/blackbox-exporter:v0.25.0', bind('/p/blackbox.yml', '/etc/blackbox_exporter/config.yml'), {
      '/p/blackbox.yml': hostFile('modules:\n  icmp:\n    prober: icmp\n    timeout: 5s\n'),
    });
    expect(blackbox.settings.podSecurityContext.sysctls).toEqual([{ name: 'net.ipv4.ping_group_range', value: '0 2147483647' }]);
  });

  it('sets nothing for an ICMP check on a commented-out line, another prober or the word in prose', () => {
    for (const content of [
      'endpoints:\n  # - url: "icmp://example.org"\n  - url: "https://example.org"\n',
      'modules:\n  tcp:\n    prober: tcp\n',
      'description: checks icmp and http\n',
    ]) {
      const { settings, warnings } = checked('example/monitor:1', bind('/p/config.yaml', '/config.yaml'), { '/p/config.yaml': hostFile(content) });
      expect(settings.podSecurityContext.sysctls ?? []).toEqual([]);
      expect(warnings.filter((w) => /ICMP/.test(w.message))).toEqual([]);
    }
  });
});

describe('securityFor: options and devices', () => {
  it('lets options.securityContext override the chosen identity and file system', () => {
    const options: ServiceOptions = {
      securityContext: { runAsUser: 5000, runAsGroup: 5001, fsGroup: 6000, readOnlyRootFilesystem: true, writablePaths: ['/cache/'] },
    };
    const { settings } = secure({ image: 'postgres:16' }, options);
    record('options', settings);
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 5000, runAsGroup: 5001, readOnlyRootFilesystem: true });
    expect(settings.podSecurityContext.fsGroup).toBe(6000);
    expect(settings.volumeMounts.map((m) => m.mountPath)).toEqual(['/cache', '/tmp', '/var/run/postgresql']);
  });

  it('runs a root-only image as non-root when the options say so, without the warning', () => {
    const { settings, warnings } = secure({ image: 'gitea/gitea:1.21' }, { securityContext: { runAsUser: 1000 } });
    expect(settings.containerSecurityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
    expect(settings.containerSecurityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(warnings).toEqual([]);
  });

  it('adds device groups and lowers the level for privileged or hostPath device access', () => {
    const groups = secure({ groupAdd: ['dialout'] }, {}, { ...NO_DEVICES, supplementalGroups: [20, 44] }).settings;
    expect(groups.podSecurityContext.supplementalGroups).toEqual([20, 44]);
    const privileged = secure({}, {}, { ...NO_DEVICES, privileged: true }).settings;
    expect(privileged.containerSecurityContext.privileged).toBe(true);
    expect(privileged.level).toBe('privileged');
    const hostPath = secure({}, {}, {
      ...NO_DEVICES,
      volumes: [{ name: 'dev-ttyusb0', hostPath: { path: '/dev/ttyUSB0', type: 'CharDevice' } }],
    }).settings;
    expect(hostPath.level).toBe('privileged');
  });
});

const pssAvailable = existsSync(pssScript);
if (!pssAvailable) console.warn(`[skip] pss.mjs cross-check: ${pssScript} not found`);

describe('securityFor output against the references', () => {
  it('is valid Kubernetes 1.27 for every case above', async () => {
    const manifests = Object.values(produced).map((s, i) => podManifest(`pod-${i}`, podWith(s)) as unknown as Manifest);
    expect(manifests.length).toBeGreaterThan(20);
    expect(await validateManifests(manifests)).toEqual([]);
    expect(Object.keys(produced).length).toBe(manifests.length);
  });

  it.skipIf(!pssAvailable)('passes the strict 1.27 schema of k8s-checks for every case above', () => {
    const pods = Object.fromEntries(Object.values(produced).map((s, i) => [`pod-${i}`, podWith(s)]));
    expect(strictSchemaProblems(pods)).toEqual([]);
  });

  it.skipIf(!pssAvailable)('claims the level pss.mjs finds, for every case above', () => {
    const names = Object.keys(produced);
    const pods = Object.fromEntries(names.map((name, i) => [`pod-${i}`, podWith(produced[name] as SecuritySettings)]));
    const reference = referenceLevels(pods);
    const ours = Object.fromEntries(names.map((name, i) => [`pod-${i}`, (produced[name] as SecuritySettings).level]));
    expect(ours).toEqual(reference);
    expect(new Set(Object.values(reference))).toEqual(new Set(['restricted', 'baseline', 'privileged']));
  });
});
