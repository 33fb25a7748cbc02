import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * Home Assistant's and Scrypted's install guides run them on the host network, where compose needs
 * no port declared (HenkVanHoek/frigate-ha-docker-compose, koush/scrypted's docker-compose.yml).
 */
const stack = (image: string): string => `services:
  hub:
    image: ${image}
    network_mode: host
    privileged: true
    volumes: ["./config:/config"]
`;

describe('home automation hubs on the host network', () => {
  it.each([
    ['ghcr.io/home-assistant/home-assistant:2024.6', [8123]],
    ['homeassistant/home-assistant:stable', [8123]],
    ['lscr.io/linuxserver/homeassistant:2024.6.0', [8123]],
    ['homeassistant/armhf-homeassistant', [8123]],
    ['ghcr.io/home-assistant/raspberrypi4-homeassistant:stable', [8123]],
    ['ghcr.io/koush/scrypted:v0.123.0', [10443, 11080]],
    ['ghcr.io/esphome/esphome:2024.6.0', [6052]],
    ['homebridge/homebridge:2024-06-27', [8581]],
  ])('%s gets its web port on its Service and its readiness probe', (image, ports) => {
    const converted = convertCompose(stack(image));
    expect(converted.object('Service', 'hub').spec.ports.map((entry: { port: number }) => entry.port)).toEqual(ports);
    expect(converted.object('Deployment', 'hub').spec.template.spec.containers[0].readinessProbe).toEqual(expect.objectContaining({ tcpSocket: { port: ports[0] } }));
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/none is declared or known/);
  });

  it('gives Frigate its internal port 5000, which Home Assistant uses, beside the UI and streams it publishes', () => {
    const converted = convertCompose(`services:
  frigate:
    image: ghcr.io/blakeblackshear/frigate:0.14.1
    privileged: true
    ports: ["8971:8971", "8554:8554", "8555:8555/tcp", "8555:8555/udp"]
`);
    expect(converted.object('Service', 'frigate').spec.ports.map((entry: { port: number; protocol: string }) => `${entry.port}/${entry.protocol}`)).toEqual(['5000/TCP', '8554/TCP', '8555/TCP', '8555/UDP', '8971/TCP']);
  });

  it('leaves images of other names alone', () => {
    const converted = convertCompose('services:\n  hub:\n    image: example/armhf-homeassistant-exporter:1\n');
    expect(converted.object('Service', 'hub').spec.ports ?? []).toEqual([]);
  });
});
