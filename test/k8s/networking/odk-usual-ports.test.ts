import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * ODK Central's service reaches its mail relay and its XLSForm converter by their built-in defaults
 * alone (`mail:25`, `http://pyxform/`): getodk/central's compose declares no port of either.
 */
const stack = (mail: string): string => `services:
  mail:
    image: ${mail}
  pyxform:
    image: ghcr.io/getodk/pyxform-http:v1.11.1
  service:
    image: ghcr.io/getodk/central-service:v2024.1.0
    depends_on: [mail, pyxform]
    expose: ["8383"]
`;

describe("ODK Central's relay and converter", () => {
  it.each(['itsissa/namshi-smtp:4.92-8.deb10u6', 'namshi/smtp:latest'])('%s gets port 25, pyxform-http 80, on their Services and the waits of who depends on them', (mail) => {
    const converted = convertCompose(stack(mail));
    expect(converted.object('Service', 'mail').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([25]);
    expect(converted.object('Service', 'pyxform').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([80]);
    const waits = converted.object('Deployment', 'service').spec.template.spec.initContainers.map((init: { command: string[] }) => init.command.join(' '));
    expect(waits).toEqual([expect.stringContaining('mail 25'), expect.stringContaining('pyxform 80')]);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/not waited for/);
  });
});
