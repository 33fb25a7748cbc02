import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../../lib/compose/model.ts';
import { makeChart } from '../../support/k8s.ts';
import { makeDeploy, makeProject, makeService } from '../../support/model.ts';
import { convertCompose } from '../support/compose-text.ts';

const at = (line: number) => ({ file: '/project/compose.yaml', line, column: 5 });

function warningFor(warnings: readonly Diagnostic[], key: string): Diagnostic | undefined {
  return warnings.find((w) => w.key === key);
}

describe('untranslated keys', () => {
  test('each untranslated service key is a located warning; translated keys are silent', () => {
    const service = makeService('web', {
      containerName: 'my-web',
      restart: 'unless-stopped',
      logging: { driver: 'json-file', options: {} },
      raw: {
        image: 'example/web:1.0',
        build: '.',
        container_name: 'my-web',
        restart: 'unless-stopped',
        logging: { driver: 'json-file' },
        ports: ['80:80'],
        environment: { A: 'b' },
        healthcheck: { test: 'true' },
        'x-custom': 1,
        made_up_key: true,
      },
    });
    const locations = {
      'services.web.container_name': at(3),
      'services.web.restart': at(4),
      'services.web.logging': at(5),
      'services.web.build': at(6),
    };
    const { warnings } = makeChart(makeProject([service], { locations }));
    expect(warningFor(warnings, 'services.web.container_name')).toEqual({
      message: "container_name 'my-web' names nothing on Kubernetes: no other service uses it as a host name (pods are named after the service)",
      key: 'services.web.container_name',
      location: at(3),
    });
    expect(warningFor(warnings, 'services.web.restart')?.message).toMatch(/Kubernetes restarts containers always/);
    expect(warningFor(warnings, 'services.web.logging')?.location).toEqual(at(5));
    expect(warningFor(warnings, 'services.web.build')?.message).toMatch(/build is ignored: the image 'example\/web:1.0' is run/);
    expect(warningFor(warnings, 'services.web.made_up_key')?.message).toBe('made_up_key is not translated');
    for (const key of ['image', 'ports', 'environment', 'healthcheck', 'x-custom']) {
      expect(warningFor(warnings, `services.web.${key}`), key).toBeUndefined();
    }
  });

  test("a container_name that is the service's own name is not said to name nothing", () => {
    // apache/druid's distribution compose: `postgres` with `container_name: postgres`, which the
    // others reach as `jdbc:postgresql://postgres:5432/druid`; "no other service uses it" was false.
    const postgres = makeService('postgres', { image: 'postgres:16', containerName: 'postgres', raw: { image: 'postgres:16', container_name: 'postgres' } });
    const broker = makeService('broker', { image: 'example/broker:1', environment: { DB_URI: 'jdbc:postgresql://postgres:5432/druid' }, raw: { image: 'example/broker:1' } });
    const { warnings } = makeChart(makeProject([postgres, broker], { locations: { 'services.postgres.container_name': at(3) } }));
    expect(warningFor(warnings, 'services.postgres.container_name')).toEqual({
      message: "container_name 'postgres' is the service's own name, which its Service answers to; no pod is named so (pods are named after the service, with a suffix)",
      key: 'services.postgres.container_name',
      location: at(3),
    });
  });

  test("a container_name that is the service's own name, which Kubernetes cannot hold, is said to be answered as the Service's name only", () => {
    // apache/nifi's nifi-docker compose (rw18va): `node1.nifi` with `container_name: node1.nifi`, whose
    // Service is node1-nifi; "which its Service answers to" contradicted the rename warning.
    const node = makeService('node1.nifi', { image: 'apache/nifi:1.28.1', containerName: 'node1.nifi', raw: { image: 'apache/nifi:1.28.1', container_name: 'node1.nifi' } });
    const { warnings } = makeChart(makeProject([node]));
    expect(warningFor(warnings, 'services.node1.nifi.container_name')?.message).toBe(
      "container_name 'node1.nifi' is the service's own name, which its Service answers to as 'node1-nifi' only (a Service name is a DNS label); no pod is named so (pods are named after the service, with a suffix)",
    );
  });

  test("a run-once task's container_name is not said to be its Service's name, which a Job without ports has not", () => {
    // tabular-io/docker-spark-iceberg's mc: `container_name: mc`, a script that ends with exit (a Job).
    const mc = makeService('mc', { image: 'minio/mc:1', containerName: 'mc', user: '1000', deploy: makeDeploy({ mode: 'replicated-job' }), raw: { image: 'minio/mc:1', container_name: 'mc', deploy: { mode: 'replicated-job' } } });
    const { warnings } = makeChart(makeProject([mc]));
    expect(warningFor(warnings, 'services.mc.container_name')?.message).toBe(
      "container_name 'mc' is the service's own name; no pod is named so (it runs as a Job, whose pods are named after the service, with a suffix)",
    );
  });

  test("dns naming a service's fixed address says which service the pods no longer resolve through", () => {
    // Mailu's admin resolves through the stack's unbound, pinned at 192.168.203.254.
    const result = convertCompose(`services:
  admin:
    image: ghcr.io/mailu/admin:2024.06
    dns: [192.168.203.254]
  resolver:
    image: ghcr.io/mailu/unbound:2024.06
    networks: {default: {ipv4_address: 192.168.203.254}}
  other:
    image: ghcr.io/mailu/admin:2024.06
    dns: 1.1.1.1
networks:
  default:
    ipam: {config: [{subnet: 192.168.203.0/24}]}
`);
    expect(result.warningsAt('services.admin.dns')).toEqual([
      "services.admin.dns: dns is not translated: pods use the cluster DNS, not service 'resolver', whose fixed address it names (a pod's nameserver is an address, and a Service's is assigned by the cluster: set the pod's dnsPolicy: None and dnsConfig with it once assigned)",
    ]);
    expect(result.warningsAt('services.other.dns')).toEqual(['services.other.dns: dns is not translated: pods use the cluster DNS']);
  });

  test('restart: always is silent, and a Job honours restart keys', () => {
    // A user, so that the image's unknown user is not reported either.
    const always = makeService('a', { restart: 'always', user: '1000', raw: { image: 'x', restart: 'always' } });
    const job = makeService('b', { restart: 'no', user: '1000', deploy: makeDeploy({ mode: 'replicated-job' }), raw: { image: 'x', restart: 'no', deploy: { mode: 'replicated-job' } } });
    const { warnings } = makeChart(makeProject([always, job]));
    expect(warnings).toEqual([]);
  });

  test('deploy sub-keys without a translation are reported', () => {
    const service = makeService('web', {
      deploy: makeDeploy({ updateConfig: { failureAction: 'rollback' }, restartPolicy: { condition: 'on-failure', delay: 5000 } }),
      raw: { image: 'x', deploy: { update_config: { failure_action: 'rollback' }, restart_policy: { condition: 'on-failure', delay: '5s' }, rollback_config: { parallelism: 1 } } },
    });
    const keys = makeChart(makeProject([service])).warnings.map((w) => w.key);
    expect(keys).toEqual(expect.arrayContaining([
      'services.web.deploy.update_config.failure_action',
      'services.web.deploy.restart_policy.condition',
      'services.web.deploy.restart_policy.delay',
      'services.web.deploy.rollback_config',
    ]));
  });

  test('top-level network and volume keys, found through their locations', () => {
    const project = makeProject([makeService('web')], {
      locations: {
        'networks.back': at(20),
        'networks.back.ipam': at(21),
        'networks.back.ipam.config': at(22),
        'networks.back.internal': at(23),
        'networks.back.driver': at(24),
        'volumes.data.driver_opts': at(30),
        'volumes.data.name': at(31),
        'secrets.token.file': at(40),
        'secrets.token.template_driver': at(41),
      },
      networks: { back: { name: 'demo_back', external: false, internal: true, driver: 'macvlan', attachable: false, labels: {}, extensions: {} } },
    });
    const warnings = makeChart(project).warnings;
    expect(warningFor(warnings, 'networks.back.ipam')?.location).toEqual(at(21));
    expect(warningFor(warnings, 'networks.back.driver')?.message).toMatch(/network driver 'macvlan' is not translated/);
    expect(warningFor(warnings, 'volumes.data.driver_opts')?.location).toEqual(at(30));
    expect(warningFor(warnings, 'secrets.token.template_driver')?.location).toEqual(at(41));
    expect(warningFor(warnings, 'secrets.token.file')).toBeUndefined();
    expect(warningFor(warnings, 'networks.back.internal')).toBeUndefined();
    expect(warningFor(warnings, 'networks.back.ipam.config')).toBeUndefined();
  });

  test('only <section>.<name>.<attribute> keys of the top-level sections are checked, in key order', () => {
    const project = makeProject([makeService('web', { user: '1000' })], {
      locations: {
        'volumes.zeta.driver_opts': at(50),
        'services.web.networks.back.ipam': at(51),
        'services.web.volumes.0.type': at(52),
        'x-networks.back.ipam': at(53),
        'networksx.back.ipam': at(54),
        'configs.app.driver': at(55),
        'networks.back.ipam.config.0': at(56),
        'networks.back.x-note': at(57),
        'networks.back.ipam': at(58),
        'networks.back': at(59),
      },
    });
    const keys = makeChart(project).warnings.map((w) => w.key);
    expect(keys).toEqual(['configs.app.driver', 'networks.back.ipam', 'volumes.zeta.driver_opts']);
  });

  test('a top-level name with dots is one name: its attributes are checked, and the name is no attribute', () => {
    // nextcloud/docker's with-nginx-proxy examples declare `vhost.d:`; until 2026-12-06 that was
    // "volumes.vhost.d is not translated" (attribute `d` of a volume `vhost`), and the attributes
    // of `vhost.d` went unchecked.
    const result = convertCompose(`services:
  proxy:
    image: nginx:1.27
    volumes: [vhost.d:/etc/nginx/vhost.d, certs:/etc/nginx/certs]
    networks: [proxy.tier]
volumes:
  vhost.d:
    labels: {a: b}
  certs:
networks:
  proxy.tier:
    driver_opts: {x: y}
`);
    expect(result.warnings.map((w) => `${w.key}: ${w.message}`).filter((line) => /^(volumes|networks)\./.test(line))).toEqual([
      'networks.proxy.tier.driver_opts: network driver_opts are not translated: the cluster network plugin decides',
      'volumes.vhost.d.labels: volume labels are not translated: Kubernetes claims carry the chart\'s labels',
    ]);
  });

  test('loader warnings come first and are kept', () => {
    const loaderWarning = { message: 'version is obsolete', key: 'version', location: at(1) };
    expect(makeChart(makeProject([makeService('web')], { warnings: [loaderWarning] })).warnings[0]).toEqual(loaderWarning);
  });
});

describe('top-level names with dots', () => {
  // hatchet's volume `hatchet_rabbitmq.conf:` was read as the volume `hatchet_rabbitmq` with an
  // attribute `conf`, reported as "volumes.hatchet_rabbitmq.conf is not translated".
  test('are split at the declared name: an entry without attributes says nothing, and its attributes are decided as any', () => {
    const { warnings } = convertCompose(`services:
  rabbitmq:
    image: rabbitmq:3-management
    volumes:
      - hatchet_rabbitmq.conf:/etc/rabbitmq/rabbitmq.conf
      - data.v1:/var/lib/rabbitmq
volumes:
  hatchet_rabbitmq.conf:
  data.v1:
    labels:
      tier: data
`);
    const topLevel = warnings.filter((warning) => warning.key?.startsWith('volumes.'));
    expect(topLevel.map((warning) => warning.message)).not.toContainEqual(expect.stringMatching(/is not translated$/));
    expect(topLevel.map((warning) => warning.key)).toEqual(['volumes.data.v1.labels']);
  });
});

// Kubernetes' lifecycle.stopSignal is dropped by a 1.37 API server without its alpha gate
// (test/cluster/stop-signal.test.ts): stop_signal stays reported, with what stops the container
// instead; until 2026-12-07 the report said Kubernetes sends SIGTERM, whatever the image's STOPSIGNAL.
describe('stop_signal', () => {
  test('is reported with the signal, what the runtime sends instead, and why lifecycle.stopSignal is not used', () => {
    const converted = convertCompose('services:\n  web:\n    image: nginx:1.27\n    stop_signal: SIGQUIT\n');
    expect(converted.warningsAt('services.web.stop_signal')).toEqual([
      "services.web.stop_signal: stop_signal SIGQUIT is not translated: the container runtime stops the container with its image's STOPSIGNAL (SIGTERM if it sets none); Kubernetes' lifecycle.stopSignal needs the ContainerStopSignals feature gate, alpha and off by default through 1.37, without which the API server drops it silently: set STOPSIGNAL in the image, or have a preStop hook send the signal",
    ]);
    const container = converted.object('Deployment', 'web').spec.template.spec.containers[0];
    expect(container.lifecycle).toBeUndefined();
  });
});
