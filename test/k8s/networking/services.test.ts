import { describe, expect, test } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import type { PortMapping, Service } from '../../../lib/compose/model.ts';
import type { ComposeKubernetesOptions } from '../../../lib/k8s/options/options.ts';
import { findObject, findObjects, makeChart, synthManifests, type Manifest } from '../../support/k8s.ts';
import { makeDeploy, makeProject, makeService } from '../../support/model.ts';
import { convertCompose } from '../support/compose-text.ts';

// Synthesized manifests are plain JSON; tests walk them freely.
type Json = any;
const spec = (doc: Manifest): Json => doc['spec'];

const port = (target: number, extra: Partial<PortMapping> = {}): PortMapping => ({ target, protocol: 'tcp', mode: 'ingress', ...extra });

function translate(services: Service[], options?: ComposeKubernetesOptions) {
  const chart = makeChart(makeProject(services), options ? { options } : {});
  return { chart, docs: synthManifests(chart), warnings: chart.warnings.map((w) => w.message).join('\n') };
}

describe('ClusterIP Service', () => {
  test('every container port of ports and expose, named, on the Service and the container alike', () => {
    const dns = makeService('dns', {
      ports: [port(53, { published: 53, protocol: 'udp' }), port(53, { published: 53 }), port(8080, { published: 80, appProtocol: 'http' })],
      expose: [{ port: 9100, protocol: 'tcp' }, { port: 8080, protocol: 'tcp' }],
    });
    const { docs } = translate([dns]);
    const service = findObject(docs, 'Service', 'dns');
    expect(spec(service).type).toBe('ClusterIP');
    expect(spec(service).ports).toEqual([
      { name: 'tcp-53', port: 53, targetPort: 'tcp-53', protocol: 'TCP' },
      { name: 'udp-53', port: 53, targetPort: 'udp-53', protocol: 'UDP' },
      { name: 'tcp-8080', port: 8080, targetPort: 'tcp-8080', protocol: 'TCP', appProtocol: 'http' },
      { name: 'tcp-9100', port: 9100, targetPort: 'tcp-9100', protocol: 'TCP' },
    ]);
    const container = spec(findObject(docs, 'Deployment', 'dns')).template.spec.containers[0];
    expect(container.ports).toEqual([
      { name: 'tcp-53', containerPort: 53, protocol: 'TCP' },
      { name: 'udp-53', containerPort: 53, protocol: 'UDP' },
      { name: 'tcp-8080', containerPort: 8080, protocol: 'TCP' },
      { name: 'tcp-9100', containerPort: 9100, protocol: 'TCP' },
    ]);
    expect(container.ports.every((p: { name: string }) => p.name.length <= 15)).toBe(true);
    expect(findObjects(docs, 'Service')).toHaveLength(1);
  });

  test('expanded port ranges each get a port', () => {
    const ranged = makeService('rtp', { ports: [10000, 10001, 10002].map((p) => port(p, { published: p, protocol: 'udp' })) });
    expect(spec(findObject(translate([ranged]).docs, 'Service', 'rtp')).ports.map((p: { name: string }) => p.name)).toEqual(['udp-10000', 'udp-10001', 'udp-10002']);
  });

  test('no port known → a headless Service without ports, so the name resolves and every port works; endpoint_mode dnsrr → headless', () => {
    const { docs } = translate([makeService('worker'), makeService('api', { expose: [{ port: 80, protocol: 'tcp' }], deploy: makeDeploy({ endpointMode: 'dnsrr' }) })]);
    expect(findObjects(docs, 'Service').map((s) => s.metadata.name)).toEqual(['worker', 'api']);
    expect(spec(findObject(docs, 'Service', 'worker'))).toEqual({ clusterIP: 'None', selector: spec(findObject(docs, 'Service', 'worker')).selector });
    expect(spec(findObject(docs, 'Service', 'api')).clusterIP).toBe('None');
    expect(spec(findObject(docs, 'Service', 'api')).ports).toHaveLength(1);
  });
});

describe('exposure', () => {
  const web = makeService('web', { ports: [port(80, { published: 8080 }), port(9090, { published: 9090, hostIp: '127.0.0.1' })] });

  test('none by default: only the ClusterIP Service, and a note that published ports stay inside', () => {
    const { docs, chart } = translate([web]);
    expect(findObjects(docs, 'Service').map((s) => s.metadata.name)).toEqual(['web']);
    expect(findObjects(docs, 'Ingress')).toEqual([]);
    // The image's unknown user is reported too (security tests); only the ports matter here.
    expect(chart.warnings.filter((w) => w.key !== 'services.web.user').map((w) => `${w.key}: ${w.message}`)).toEqual([
      'services.web: readiness probe on port 80 of 80, 9090, the one it most likely serves (add a healthcheck to decide)',
      'services.web.ports: published port 8080 stays inside the cluster; set x-kubernetes.exposure (LoadBalancer, NodePort or Ingress) to reach it from outside',
    ]);
  });

  test("the note writes each port as compose does: librenms' syslog-ng publishes 514 on tcp and udp", () => {
    const result = convertCompose(`services:
  syslogng:
    image: librenms/librenms:24.1.0
    ports: [{target: 514, published: 514, protocol: tcp}, {target: 514, published: 514, protocol: udp}]
`);
    expect(result.warningsAt('services.syslogng.ports')).toEqual([
      'services.syslogng.ports: published ports 514, 514/udp stay inside the cluster; set x-kubernetes.exposure (LoadBalancer, NodePort or Ingress) to reach them from outside',
    ]);
  });

  test('LoadBalancer: <name>-public with the published ports; loopback ports stay inside with a warning', () => {
    const { docs, warnings } = translate([web], { defaults: { exposure: 'LoadBalancer' } });
    const lb = findObject(docs, 'Service', 'web-public');
    expect(spec(lb).type).toBe('LoadBalancer');
    expect(spec(lb).ports).toEqual([{ name: 'tcp-80', port: 8080, targetPort: 'tcp-80', protocol: 'TCP' }]);
    expect(warnings).toMatch(/port 9090 is published on 127\.0\.0\.1 only/);
  });

  test('NodePort keeps a published port in range and lets Kubernetes choose otherwise', () => {
    const service = makeService('game', { ports: [port(25565, { published: 30565 }), port(8080, { published: 80 }), port(7000)] });
    const { docs, warnings } = translate([service], { services: { game: { exposure: 'NodePort' } } });
    const ports = spec(findObject(docs, 'Service', 'game-public')).ports;
    expect(spec(findObject(docs, 'Service', 'game-public')).type).toBe('NodePort');
    expect(ports.find((p: Json) => p.name === 'tcp-25565').nodePort).toBe(30565);
    expect(ports.find((p: Json) => p.name === 'tcp-8080').nodePort).toBeUndefined();
    expect(ports.find((p: Json) => p.name === 'tcp-7000')).toMatchObject({ port: 7000 });
    expect(warnings).toMatch(/published port 80 is outside the NodePort range/);
  });

  test('Ingress with host from the domain, class and TLS', () => {
    const { docs } = translate([web], {
      ingress: { className: 'nginx', domain: 'example.com', tlsSecretName: 'wildcard-tls' },
      services: { web: { exposure: 'Ingress' } },
    });
    const ingress = findObject(docs, 'Ingress', 'web');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(spec(ingress)).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      tls: [{ hosts: ['web.example.com'], secretName: 'wildcard-tls' }],
    });
  });

  test('Ingress on a service without published ports is an error; a project-wide default skips it', () => {
    const worker = makeService('worker', { expose: [{ port: 80, protocol: 'tcp' }] });
    expect(() => translate([worker], { services: { worker: { exposure: 'Ingress' } } })).toThrow(ComposeError);
    expect(() => translate([worker], { services: { worker: { exposure: 'Ingress' } } })).toThrow(/needs published ports/);
    expect(findObjects(translate([worker], { defaults: { exposure: 'Ingress' } }).docs, 'Ingress')).toEqual([]);
    const loopback = makeService('admin', { ports: [port(80, { published: 80, hostIp: '127.0.0.1' })] });
    expect(() => translate([loopback], { services: { admin: { exposure: 'Ingress' } } })).toThrow(/needs published ports/);
  });

  test('an ingress.port that is not published is an error', () => {
    expect(() => translate([web], { services: { web: { exposure: 'Ingress', ingress: { port: 81 } } } })).toThrow(/ingress\.port 81 is not one of the published TCP container ports \(80\)/);
  });
});

describe('network aliases', () => {
  test('each alias is one more ClusterIP Service for the same pods', () => {
    const db = makeService('db', {
      expose: [{ port: 5432, protocol: 'tcp' }],
      networks: {
        back: { aliases: ['database', 'pg', 'db', 'Not_A_Label', 'web'], ipv4Address: '172.20.0.5' },
        front: { aliases: ['pg'] },
      },
    });
    const { docs, chart } = translate([db, makeService('web')]);
    expect(findObjects(docs, 'Service').map((s) => s.metadata.name).sort()).toEqual(['database', 'db', 'pg', 'web']);
    expect(spec(findObject(docs, 'Service', 'pg'))).toEqual(spec(findObject(docs, 'Service', 'db')));
    const messages = chart.warnings.map((w) => `${w.key}: ${w.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      "services.db.networks.back.aliases: network alias 'Not_A_Label' gets no Service: it is not a DNS label, and no file of the project names it, so nothing is rewritten: where an image or its own defaults use the name (an S3 client asking for a bucket by virtual host), it does not resolve on Kubernetes; make them use 'db'",
      "services.db.networks.back.aliases: network alias 'web' gets no Service: it is the name of a service; references to it are rewritten to 'db'",
    ]));
  });
});

describe('a network alias that is no DNS label and no file names', () => {
  // revoltchat/self-hosted gives minio `revolt-uploads.minio` and the legacy bucket names for the S3
  // client inside Revolt's images (virtual-hosted buckets, MINIO_DOMAIN=minio). No file of the project
  // names them; the warning said references to them were rewritten, though there were none to rewrite.
  test('says that nothing is rewritten and that the image must be made to use the Service name', () => {
    const result = convertCompose(`services:
  minio:
    image: minio/minio:RELEASE.2024-11-07T00-52-20Z
    command: server /data
    environment: {MINIO_DOMAIN: minio}
    networks:
      default:
        aliases: [revolt-uploads.minio, minio-api]
  autumn:
    image: ghcr.io/revoltchat/autumn:20241128-3
  createbuckets:
    image: minio/mc:RELEASE.2024-11-05T11-29-45Z
    entrypoint: ["sh", "-c", "mc alias set minio http://minio:9000 u p && mc mb minio/revolt-uploads"]
`);
    expect(result.warningsAt('services.minio.networks')).toEqual([
      "services.minio.networks.default.aliases: network alias 'revolt-uploads.minio' gets no Service: it is not a DNS label, and no file of the project names it, so nothing is rewritten: where an image or its own defaults use the name (an S3 client asking for a bucket by virtual host), it does not resolve on Kubernetes; make them use 'minio'",
    ]);
    expect(result.object('Service', 'minio-api').spec.selector['app.kubernetes.io/name']).toBe('minio');
  });
});

describe('a links alias that is no DNS label', () => {
  // jeboehm/docker-mailserver links `virus:virus.local`, the name its filter image's rspamd keeps for
  // ClamAV: no Service answers to it, and nothing said so (the same name as a network alias was said).
  test('is reported at the linking service, and says nothing is rewritten where no file names it', () => {
    const result = convertCompose(`services:
  filter:
    image: jeboehm/mailserver-filter:4.0.0
    links:
      - virus:virus.local
  virus:
    image: jeboehm/mailserver-virus:4.0.0
    expose: ["3310"]
`);
    expect(result.warningsAt('services.filter.links')).toEqual([
      "services.filter.links: link alias 'virus.local' of 'virus' gets no Service: it is not a DNS label, and no file of the project names it, so nothing is rewritten: where the image of 'filter' or its own defaults use the name, it does not resolve on Kubernetes; make them use 'virus'",
    ]);
  });

  test('says references are rewritten where the linking service names it', () => {
    const result = convertCompose(`services:
  filter:
    image: jeboehm/mailserver-filter:4.0.0
    environment: {CLAMAV_HOST: virus.local}
    links:
      - virus:virus.local
  virus:
    image: jeboehm/mailserver-virus:4.0.0
    expose: ["3310"]
`);
    expect(result.warningsAt('services.filter.links')).toEqual([
      "services.filter.links: link alias 'virus.local' of 'virus' gets no Service: it is not a DNS label; references to it are rewritten to 'virus'",
    ]);
    expect(result.object('Deployment', 'filter').spec.template.spec.containers[0].env).toContainEqual({ name: 'CLAMAV_HOST', value: 'virus' });
  });

  test('a links alias that is a DNS label gets its Service and no warning', () => {
    const result = convertCompose(`services:
  web:
    image: example/web:1.0
    links:
      - db:database
  db:
    image: postgres:17
`);
    expect(result.warningsAt('services.web.links')).toEqual([]);
    expect(result.object('Service', 'database').spec.selector['app.kubernetes.io/name']).toBe('db');
  });
});

// owncloud/ocis' ocis_ldap example: Traefik holds the alias `ocis.owncloud.test`, the Host its labels
// route to ocis, so that ocis reaches its public URL through the proxy. Rewritten to 'traefik',
// OCIS_URL (the URL ocis gives browsers, and its OpenID issuer) became https://traefik (until 2026-12-06).
describe('a network alias that is a public host name the proxy routes', () => {
  const stack = (rule: string) => `services:
  traefik:
    image: traefik:v2.6.6
    ports: ["443:443"]
    networks:
      ocis-net:
        aliases: [ocis.owncloud.test, internal.proxy]
  ocis:
    image: owncloud/ocis:5.0.9
    environment:
      OCIS_URL: https://ocis.owncloud.test
      PROXY_URL: https://internal.proxy
    networks: [ocis-net]
    labels:
      - "traefik.enable=true"
      - "traefik.http.routers.ocis.rule=${rule}"
  caddy-routed:
    image: example/app:1.0
    labels: {caddy: "https://files.example.com:443"}
networks:
  ocis-net: {}
`;

  test('keeps references to it and says where the name resolves; other aliases are translated as before', () => {
    const result = convertCompose(stack('Host(`ocis.owncloud.test`)'));
    const env = result.object('Deployment', 'ocis').spec.template.spec.containers[0].env;
    // internal.proxy, of two labels, is the pod's hostname and subdomain (wiring/pod-domain-names.ts).
    expect(env).toEqual(expect.arrayContaining([
      { name: 'OCIS_URL', value: 'https://ocis.owncloud.test' },
      { name: 'PROXY_URL', value: 'https://internal.proxy' },
    ]));
    expect(result.warningsAt('services.traefik.networks').map((warning) => warning.replace(/ keeps its name: .*/, ' keeps its name'))).toEqual([
      "services.traefik.networks.ocis-net.aliases: network alias 'internal.proxy' keeps its name",
      "services.traefik.networks.ocis-net.aliases: network alias 'ocis.owncloud.test' is a host name the proxy labels of the project route, which clients outside use: references to it are kept, so in the cluster it resolves through DNS to wherever the name points (point it at the Ingress or LoadBalancer), not to 'traefik'",
    ]);
  });

  test('in the rules Traefik v2 writes with several hosts, and in caddy-docker-proxy site addresses', () => {
    const several = convertCompose(stack('Host(`www.example.org`, `ocis.owncloud.test`) && PathPrefix(`/`)'));
    expect(several.object('Deployment', 'ocis').spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'OCIS_URL', value: 'https://ocis.owncloud.test' }]));
    const caddy = convertCompose(stack('PathPrefix(`/`)').replace('aliases: [ocis.owncloud.test, internal.proxy]', 'aliases: [files.example.com, ocis.owncloud.test]'));
    expect(caddy.warningsAt('services.traefik.networks').map((warning) => /'(.*?)' (is a host name|gets no Service)/.exec(warning)?.slice(1, 3).join(' '))).toEqual([
      'files.example.com is a host name',
      'ocis.owncloud.test gets no Service',
    ]);
  });
});

// amidaware/tacticalrmm: nats holds the alias API_HOST, the name its certificate carries, so that the
// containers reach it directly; tactical-nginx, which publishes 80 and 443, serves that name. Rewritten
// to 'tactical-nats', API_HOST became nginx's server name, the frontend's API URL and Django's
// ALLOWED_HOSTS (until 2026-12-07).
describe("a network alias that is a host name the project's web front is given", () => {
  const stack = (published: string, apiHost = 'api.example.com') => `services:
  tactical-nats:
    image: tacticalrmm/tactical-nats:0.20.1
    environment:
      API_HOST: ${apiHost}
    ports: ["4222:4222"]
    networks:
      proxy:
        aliases: [api.example.com]
  tactical-frontend:
    image: tacticalrmm/tactical-frontend:0.20.1
    environment:
      API_HOST: ${apiHost}
    networks: [proxy]
  tactical-nginx:
    image: tacticalrmm/tactical-nginx:0.20.1
    environment:
      API_HOST: ${apiHost}
    ports: [${published}]
    networks: [proxy]
networks:
  proxy: {}
`;
  const apiHosts = (result: ReturnType<typeof convertCompose>) =>
    ['tactical-nats', 'tactical-frontend', 'tactical-nginx'].map((name) => result.object('Deployment', name).spec.template.spec.containers[0].env.find((entry: { name: string }) => entry.name === 'API_HOST').value);

  test('keeps references to it and says which front serves it', () => {
    const result = convertCompose(stack('"80:8080", "443:4443"'));
    expect(apiHosts(result)).toEqual(['api.example.com', 'api.example.com', 'api.example.com']);
    expect(result.warningsAt('services.tactical-nats.networks')).toEqual([
      "services.tactical-nats.networks.proxy.aliases: network alias 'api.example.com' is a host name the project's web front serves ('tactical-nginx', which publishes port 80, is given it in API_HOST), which clients outside use: references to it are kept, so in the cluster it resolves through DNS to wherever the name points (point it at the Ingress or LoadBalancer), not to 'tactical-nats'",
    ]);
  });

  test('is rewritten as before where no service publishes the host\'s port 80 or 443, or only on loopback, or the front is given it inside a longer value', () => {
    for (const result of [convertCompose(stack('"8080:8080"')), convertCompose(stack('"127.0.0.1:443:4443"')), convertCompose(stack('"443:4443"', 'https://api.example.com/'))]) {
      expect(apiHosts(result)[0]).not.toContain('api.example.com');
      expect(result.warningsAt('services.tactical-nats.networks')).toEqual([expect.stringContaining("network alias 'api.example.com' gets no Service")]);
    }
  });
});

describe('addresses compose pins', () => {
  test('ipv4_address, ipv6_address and priority are each reported once, at their own key', () => {
    const result = convertCompose(`services:
  dns:
    image: mvance/unbound:1.21.1
    networks:
      net: {ipv4_address: 172.22.1.254, ipv6_address: "fd00::54", priority: 10}
networks:
  net:
    enable_ipv6: true
    ipam: {config: [{subnet: 172.22.1.0/24}, {subnet: "fd00::/64"}]}
`);
    expect(result.warningsAt('services.dns.networks.net')).toEqual([
      'services.dns.networks.net.ipv4_address: ipv4_address is not translated: the cluster assigns pod addresses; reach the pod through its Service',
      'services.dns.networks.net.ipv6_address: ipv6_address is not translated: the cluster assigns pod addresses; reach the pod through its Service',
      'services.dns.networks.net.priority: network priority is not translated: a pod has one network interface',
    ]);
  });
});
