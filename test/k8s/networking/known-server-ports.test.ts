import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

/**
 * Servers whose port the stack writes nowhere, named only in depends_on: appwrite's clamav
 * (appwrite/clamav, clamd on 3310) and Lemmy's pict-rs (asonix/pictrs, 8080). Their Services carried
 * no port, and their dependants waited for nothing.
 */
describe('the usual ports of ClamAV and pict-rs', () => {
  it.each([
    ['appwrite/clamav:1.0.7', 3310],
    ['clamav/clamav:1.4', 3310],
    ['asonix/pictrs:0.4.0-beta.19', 8080],
  ])('%s listens on %i: its Service, its readiness probe and the wait of who depends on it', (image, port) => {
    const converted = convertCompose(`services:
  app:
    image: x/app:1
    depends_on: [server]
  server:
    image: ${image}
`);
    expect(converted.object('Service', 'server').spec.ports.map((entry: Json) => entry.port)).toEqual([port]);
    expect(converted.object('Deployment', 'server').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port } });
    const waits = converted.object('Deployment', 'app').spec.template.spec.initContainers.map((init: Json) => init.command.join(' '));
    expect(waits).toEqual([expect.stringContaining(`nc -z -w 2 server ${port}`)]);
  });
});
