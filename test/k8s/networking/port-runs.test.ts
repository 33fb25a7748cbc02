import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';
import { LISTED_RUN_LIMIT, longPortRuns } from '../../../lib/k8s/networking/port-runs.ts';

/**
 * firezone's relay publishes its TURN port and the range it gives out to clients,
 * `49152-65535/udp`: listed port by port, its Service and Deployment outgrew what the API server
 * accepts (2 MiB) and were refused. The range is left off the container and the Service, once said.
 */
const relay = (range: string, exposure = ''): string => `services:
  relay:
    image: ghcr.io/firezone/relay:1.4.5
    ports:
      - "3478/udp"
      - "${range}"
${exposure}`;

const ports = (object: { spec: { ports?: { port: number; protocol: string }[] } }): string[] => (object.spec.ports ?? []).map((port) => `${port.port}/${port.protocol}`);

describe('long runs of ports', () => {
  it('are listed on neither the container nor the Service, and said once', () => {
    const converted = convertCompose(relay('49152-65535/udp'));
    expect(ports(converted.object('Service', 'relay'))).toEqual(['3478/UDP']);
    const container = converted.object('Deployment', 'relay').spec.template.spec.containers[0];
    expect(container.ports.map((port: { containerPort: number }) => port.containerPort)).toEqual([3478]);
    const said = converted.warnings.filter((warning) => warning.message.includes('49152-65535/udp'));
    expect(said.map((warning) => warning.message)).toEqual([expect.stringMatching(/^port range 49152-65535\/udp \(16384 ports\) is listed on neither the container nor the Service: .*its own address/)]);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/49153/);
  });

  it('stay off a LoadBalancer too', () => {
    const converted = convertCompose(relay('49152-65535/udp', '    x-kubernetes:\n      exposure: LoadBalancer\n'));
    const published = converted.objects('Service').filter((object: { spec: { type?: string } }) => object.spec.type === 'LoadBalancer');
    expect(published.map(ports)).toEqual([['3478/UDP']]);
  });

  // tiredofit/docker-freepbx's example publishes its RTP media range 18000-18100/udp: 101 ports, far
  // below what the API server refuses; the warning said otherwise until 2026-12-07.
  it("of a little over a hundred ports are said for what they outgrow: load balancers, not the API server", () => {
    const converted = convertCompose(relay('18000-18100/udp'));
    const [said] = converted.warnings.filter((warning) => warning.message.includes('18000-18100/udp')).map((warning) => warning.message);
    expect(said).toContain("(101 ports) is listed on neither the container nor the Service: Kubernetes has no port ranges, and a run this long is one handed out at run time (RTP media, a TURN relay's), which listed port by port takes more ports than most clouds' load balancers take (and from a few thousand ports on, makes objects larger than the API server accepts)");
  });

  it('of a hundred ports or fewer stay listed (coturn\'s usual relay range)', () => {
    const converted = convertCompose(relay('49160-49200/udp'));
    expect(ports(converted.object('Service', 'relay'))).toHaveLength(42);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/listed on neither/);
  });

  it('are found by protocol, each run on its own', () => {
    const run = (first: number, count: number, protocol: 'tcp' | 'udp') => Array.from({ length: count }, (_, index) => ({ port: first + index, protocol }));
    expect(longPortRuns([...run(1000, LISTED_RUN_LIMIT + 1, 'udp'), ...run(1000, LISTED_RUN_LIMIT, 'tcp'), ...run(5000, 3, 'udp'), ...run(6000, 200, 'udp')])).toEqual([
      { protocol: 'udp', first: 1000, last: 1000 + LISTED_RUN_LIMIT },
      { protocol: 'udp', first: 6000, last: 6199 },
    ]);
  });
});
