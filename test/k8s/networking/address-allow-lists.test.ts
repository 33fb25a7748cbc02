/**
 * Settings that list the private ranges a service lets in (a relay's networks, trusted proxies, an
 * allow-list) are reported once: pods connect from the cluster's pod range, which they may not hold
 * (lib/k8s/networking/address-allow-lists.ts). Appwrite's smtp relays for RELAY_NETWORKS.
 */
import { describe, expect, test } from 'vitest';
import { composeFile as project } from '../robustness/compose-files.ts';
import { plan } from '../names/support.ts';

const allowListWarnings = (file: string): string[] =>
  plan(file).warnings.filter((w) => /lets in the address range/.test(w.message)).map((w) => `${w.key}: ${w.message.slice(0, w.message.indexOf(', as a relay'))}`);

describe('settings that list the address ranges a service lets in', () => {
  test("Appwrite's RELAY_NETWORKS and a trusted proxy range of Docker's pools are reported, once each, at their key", () => {
    const file = project(`services:
  smtp:
    image: appwrite/smtp:1.0.0
    environment:
      - MAILNAME=appwrite
      - RELAY_NETWORKS=:192.168.0.0/24:10.0.0.0/16
  app:
    image: x/app:1
    environment:
      TRUSTED_PROXIES: 172.16.0.0/12
`);
    expect(allowListWarnings(file)).toEqual([
      'services.smtp.environment.RELAY_NETWORKS: RELAY_NETWORKS lets in the address ranges 192.168.0.0/24, 10.0.0.0/16',
      'services.app.environment.TRUSTED_PROXIES: TRUSTED_PROXIES lets in the address range 172.16.0.0/12 (172.16.0.0/12 holds the address pools Docker gives its networks)',
    ].sort());
  });

  test("nginx's set_real_ip_from in a mounted file is reported, not on a commented-out line", () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
  proxy:
    image: nginx:1.27
    volumes: ["./commented.conf:/etc/nginx/conf.d/default.conf:ro"]
`, { 'nginx.conf': 'server {\n  set_real_ip_from 172.18.0.0/16;\n  real_ip_header X-Forwarded-For;\n}\n', 'commented.conf': 'server {\n  # set_real_ip_from 172.18.0.0/16;\n}\n' });
    expect(allowListWarnings(file)).toEqual([
      "services.web.volumes.0: the file's set_real_ip_from lets in the address range 172.18.0.0/16 (172.16.0.0/12 holds the address pools Docker gives its networks)",
    ]);
  });

  test('ordinary values are not: every private block, every address, public ranges, single addresses, other variables, a network subnet of its own', () => {
    const file = project(`services:
  app:
    image: x/app:1
    environment:
      TRUSTED_PROXIES: 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16
      ALLOWEDIPS: 0.0.0.0/0
      ALLOWED_HOSTS: example.com
      ALLOW_FROM: 8.8.8.0/24
      RELAY_HOST: 10.0.0.5
      PIHOLE_REVERSE_DNS: 192.168.178.0/24
      TRUST_PROXY: 172.18.0.0/16
networks:
  default:
    ipam:
      config: [{subnet: 172.18.0.0/16}]
`);
    expect(allowListWarnings(file)).toEqual([]);
    // The network's own subnet is compose-subnets.ts's, said once.
    expect(plan(file).warnings.filter((w) => w.message.includes('172.18.0.0/16')).map((w) => w.key)).toEqual(['services.app.environment.TRUST_PROXY']);
  });
});
