/**
 * A service another pings by name gets headless Services (lib/k8s/networking/pinged-services.ts):
 * mailcow's nginx-mailcow waits with `until ping redis -c1`, and a ClusterIP answers no ping.
 */
import { describe, expect, it } from 'vitest';
import { pingedHosts } from '../../../lib/k8s/networking/pinged-services.ts';
import { convertCompose } from '../support/compose-text.ts';

describe('pingedHosts', () => {
  it('reads the host of each statement whose program is ping, past options and their values', () => {
    expect(pingedHosts(['/bin/sh', '-c', 'until ping phpfpm -c1 > /dev/null; do sleep 1; done && until ping -c 1 -W 2 redis; do sleep 1; done && exec nginx'])).toEqual(['phpfpm', 'redis']);
    expect(pingedHosts(['ping', '-c', '1', 'db.'])).toEqual(['db']);
    expect(pingedHosts(['busybox', 'ping', '-c1', 'Cache'])).toEqual(['cache']);
  });

  it('ignores ping as an argument of another program', () => {
    expect(pingedHosts(['redis-cli', '-h', 'redis', 'ping'])).toEqual([]);
    expect(pingedHosts(['celery', 'inspect', 'ping', '-d', 'worker'])).toEqual([]);
    expect(pingedHosts(['sh', '-c', 'curl -f http://api/ping'])).toEqual([]);
  });
});

describe('a service another service pings by name (mailcow)', () => {
  const stack = `services:
  redis-mailcow:
    image: redis:7-alpine
    networks:
      default:
        aliases: [redis]
  nginx-mailcow:
    image: nginx:1.27
    command: /bin/sh -c "until ping redis -c1 > /dev/null; do sleep 1; done && exec nginx -g 'daemon off;'"
    ports: ["80:80"]
  web:
    image: example/web:1.0
    healthcheck:
      test: ["CMD-SHELL", "redis-cli -h redis ping | grep PONG"]
`;

  it('has headless Services, its own and its alias, with its ports, and says why once', () => {
    const result = convertCompose(stack);
    for (const name of ['redis-mailcow', 'redis']) {
      const service = result.object('Service', name);
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec.ports).toEqual([expect.objectContaining({ port: 6379 })]);
    }
    expect(result.warningsAt('services.redis-mailcow').filter((warning) => warning.includes('headless'))).toEqual([
      "services.redis-mailcow: its Services are headless, so that its names answer with its pods' addresses: nginx-mailcow pings it, and a ClusterIP is a virtual address that answers no ping",
    ]);
    expect(result.object('Service', 'nginx-mailcow').spec.clusterIP).toBeUndefined();
  });

  it('stays a ClusterIP where nobody runs ping to it (redis-cli ping is no ICMP)', () => {
    const result = convertCompose(stack.replace(/  nginx-mailcow:[\s\S]*?(?=  web:)/, ''));
    expect(result.object('Service', 'redis').spec.clusterIP).toBeUndefined();
    expect(result.object('Service', 'redis-mailcow').spec.clusterIP).toBeUndefined();
  });
});
