import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * Servers of the self-hosted AI stacks whose port compose rarely writes: n8n (5678), Ollama (11434)
 * and FoundationDB (4500, found by its clients through the cluster file).
 */
describe('usual ports of n8n, Ollama and FoundationDB', () => {
  // n8n-io/self-hosted-ai-starter-kit publishes 5678 and 443; n8n listens on 5678 unless N8N_PORT says otherwise.
  it('n8n publishing 5678 and 443 is probed on 5678, its own port, not on 443', () => {
    const converted = convertCompose(`services:
  n8n:
    image: n8nio/n8n:latest
    ports:
      - 5678:5678
      - 443:443
`);
    expect(converted.object('Deployment', 'n8n').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 5678 } });
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/readiness probe on port 443/);
  });

  it('an Ollama nobody dials with a port gets 11434 on its Service and its probe', () => {
    const converted = convertCompose(`services:
  ollama:
    image: ollama/ollama:0.5.7
  webui:
    image: ghcr.io/open-webui/open-webui:main
    depends_on: [ollama]
    ports: ["3000:8080"]
`);
    expect(converted.object('Service', 'ollama').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([11434]);
    expect(converted.object('Deployment', 'ollama').spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 11434 } });
  });

  // firecrawl: foundationdb declares no port, and foundationdb-init depends on it.
  it('a FoundationDB server gets 4500 on its Service, and who depends on it waits for that port', () => {
    const converted = convertCompose(`services:
  foundationdb:
    image: foundationdb/foundationdb:7.3.63
    environment:
      FDB_NETWORKING_MODE: container
  api:
    image: x/api:1
    depends_on: [foundationdb]
`);
    expect(converted.object('Service', 'foundationdb').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([4500]);
    const waits = converted.object('Deployment', 'api').spec.template.spec.initContainers.map((init: { name: string; command: string[] }) => [init.name, init.command.join(' ')]);
    expect(waits).toEqual([['wait-for-foundationdb', expect.stringContaining('nc -z -w 2 foundationdb 4500')]]);
  });
});
