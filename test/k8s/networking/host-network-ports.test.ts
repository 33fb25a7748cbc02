import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

// searxng-docker: Caddy, the front door, serves the host's 80 and 443 from the host network and declares no port.
const stack = (caddy: string) => `services:
  caddy:
    image: caddy:2-alpine
    network_mode: host
${caddy}
  searxng:
    image: searxng/searxng:2024.6.30-39aafac93
    ports: ["127.0.0.1:8080:8080"]
`;

describe('a service on the host network', () => {
  it('that declares no port is told that its Service carries none, and how to declare them', () => {
    const converted = convertCompose(stack('    environment: {SEARXNG_HOSTNAME: "http://localhost:80"}'));
    expect(converted.object('Service', 'caddy').spec.ports ?? []).toEqual([]);
    expect(converted.warningsAt('services.caddy.network_mode')).toContainEqual(
      expect.stringMatching(/on the host network the service listens on ports compose need not declare, and none is declared or known: its Service carries no port, so no pod reaches it .* declare the ports it serves with ports: \(to expose them\) or expose:/),
    );
    // Services on their own network are not told.
    expect(converted.warningsAt('services.searxng').join('\n')).not.toMatch(/need not declare/);
  });

  it('that declares its ports is not told, and its Service carries them', () => {
    const converted = convertCompose(stack('    expose: ["80", "443"]'));
    expect(converted.object('Service', 'caddy').spec.ports.map((port: { port: number }) => port.port)).toEqual([80, 443]);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/need not declare/);
  });
});
