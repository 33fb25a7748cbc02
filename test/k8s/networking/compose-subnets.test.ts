/**
 * A compose network's ipam subnet written in a setting: PeerTube trusts its nginx by
 * PEERTUBE_TRUST_PROXY=[..., "172.18.0.0/16"], the subnet its compose file pins; pods never get such
 * addresses. Until 2026-12-07 only `ipam` itself was said to be untranslated.
 */
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { composeFile as project } from '../robustness/compose-files.ts';
import { plan } from '../names/support.ts';

const subnetWarnings = (file: string) => plan(file).warnings.filter((w) => /the subnet compose gives network/.test(w.message));

describe('compose network subnets', () => {
  test('are read from ipam.config', () => {
    const file = project(`services:
  app: {image: x/app:1}
networks:
  default:
    ipam:
      config: [{subnet: 172.18.0.0/16}, {subnet: "fdab:e4b3:21a2:ef1b::/64"}, {gateway: 172.18.0.1}]
`);
    expect(loadProject({ files: [file], environment: {} }).networks['default']?.subnets).toEqual(['172.18.0.0/16', 'fdab:e4b3:21a2:ef1b::/64']);
  });

  test('written in a setting or a mounted file are said once per service and subnet, with every place', () => {
    const file = project(`services:
  peertube:
    image: chocobozzz/peertube:production-bookworm
    environment:
      PEERTUBE_TRUST_PROXY: '["127.0.0.1", "loopback", "172.18.0.0/16"]'
      PROXY_IP: 172.18.0.42
      OTHER: 172.19.0.0/16 10.1.2.3 1.172.18.0.5
  web:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
networks:
  default:
    ipam:
      config: [{subnet: 172.18.0.0/16}]
`, { 'nginx.conf': 'server {\n  # set_real_ip_from 172.18.0.0/16;\n  set_real_ip_from 172.18.1.0/24;\n}\n' });
    const warnings = subnetWarnings(file);
    expect(warnings.map((w) => w.key)).toEqual(['services.peertube.environment.PEERTUBE_TRUST_PROXY', 'services.web.volumes.0']);
    expect(warnings[0]?.message).toMatch(/^172\.18\.0\.0\/16 \(services\.peertube\.environment\.PEERTUBE_TRUST_PROXY\) is the subnet compose gives network 'default' \(ipam\), which no pod gets, nor 172\.18\.0\.42 \(services\.peertube\.environment\.PROXY_IP\):/);
    // The commented-out line of the file is no setting; its other line is.
    expect(warnings[1]?.message).toMatch(/^172\.18\.1\.0\/24 \(services\.web\.volumes\.0\) lies in 172\.18\.0\.0\/16,/);
  });

  test("name the service an address is compose's fixed address of (awesome-compose's pihole reaches cloudflared by it)", () => {
    const file = project(`services:
  cloudflared:
    image: cloudflare/cloudflared:2024.6.1
    networks: {dns-net: {ipv4_address: 172.20.0.2}}
  pihole:
    image: pihole/pihole:2024.07.0
    environment: ["PIHOLE_DNS_=172.20.0.2#5054;1.1.1.1"]
    networks: [dns-net]
networks:
  dns-net:
    ipam:
      config: [{subnet: 172.20.0.0/24}]
`);
    expect(subnetWarnings(file).map((w) => w.message)).toEqual([
      expect.stringMatching(/^172\.20\.0\.2 \(services\.pihole\.environment\.PIHOLE_DNS_\), the fixed address compose gives service 'cloudflared', lies in 172\.20\.0\.0\/24, the subnet/),
    ]);
  });

  test('say nothing without ipam subnets, or for addresses outside them', () => {
    const file = project(`services:
  app:
    image: x/app:1
    environment: {TRUSTED: 172.18.0.0/16, WIDE: 0.0.0.0/0}
networks:
  default:
    ipam:
      config: [{subnet: 10.5.0.0/16}]
`);
    expect(subnetWarnings(file)).toEqual([]);
  });
});
