/**
 * `init: true`: Docker's init reaps the zombies of what the application spawns. The pod's pause
 * process does so when the pod shares one process namespace; it was reported as not translated.
 */
import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

describe('init: true', () => {
  it("shares the pod's process namespace, so that its pause process reaps zombies as PID 1; without init, it does not", () => {
    const converted = convertCompose(`services:
  browser:
    image: browserless/chrome:1.61
    init: true
    expose: ["3000"]
  api:
    image: x/api:1
    init: false
    expose: ["8080"]
`);
    expect(converted.object('Deployment', 'browser').spec.template.spec.shareProcessNamespace).toBe(true);
    expect(converted.object('Deployment', 'api').spec.template.spec.shareProcessNamespace).toBeUndefined();
    expect(converted.warnings.filter((warning) => warning.key?.endsWith('.init') === true)).toEqual([]);
  });

  it("is the pod's when a service joined to it asks for it", () => {
    const converted = convertCompose(`services:
  vpn:
    image: qmcgaw/gluetun:v3
    expose: ["8888"]
  downloader:
    image: x/downloader:1
    init: true
    network_mode: service:vpn
`);
    expect(converted.object('Deployment', 'vpn').spec.template.spec.shareProcessNamespace).toBe(true);
  });
});
