import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * grafana/loki's production compose: Prometheus discovers loki-read (3 replicas) by `dns_sd_configs`
 * of type A, which compose answers with every replica's address; a ClusterIP Service answers with one.
 */
const stack = (prometheusYaml: string, readDeploy = '    deploy:\n      replicas: 3\n'): ReturnType<typeof convertCompose> =>
  convertCompose(`services:
  loki-read:
    image: grafana/loki:2.6.1
    command: -config.file=/etc/loki/loki.yaml -target=read
    ports: ["3100"]
${readDeploy}  promtail:
    image: grafana/promtail:2.6.1
    ports: ["9080:9080"]
  prometheus:
    image: prom/prometheus:v2.27.0
    volumes:
      - ./prometheus.yaml:/etc/prometheus/prometheus.yml
`, { 'prometheus.yaml': prometheusYaml });

const LOKI = `global:
  scrape_interval: 5s

scrape_configs:
  - job_name: 'loki'
    dns_sd_configs:
      - names:
          - loki-read
        type: A
        port: 3100
  - job_name: 'promtail'
    dns_sd_configs:
      - names: ['promtail']
        type: A
        port: 9080
`;

const said = (converted: ReturnType<typeof convertCompose>): string[] =>
  converted.warningsAt('services.prometheus').filter((warning) => /dns_sd_configs/.test(warning));

describe("Prometheus' DNS discovery of a scaled service", () => {
  it('says that a ClusterIP Service answers with one address, at the file that names it, and how to make it headless', () => {
    expect(said(stack(LOKI))).toEqual([
      "services.prometheus.volumes.0: Prometheus discovers 'loki-read' by DNS (dns_sd_configs, type A), which under compose answers with the address of each of its 3 replicas; its Service 'loki-read' answers with one virtual address that reaches one pod per connection, so Prometheus scrapes a different pod at each scrape as if it were one target: set deploy.endpoint_mode: dnsrr on 'loki-read' for a headless Service that answers with every pod",
    ]);
    // A flow list names it too.
    expect(said(stack(LOKI.replace("names:\n          - loki-read", "names: ['loki-read', 'other']")))).toHaveLength(1);
  });

  it('says nothing for one replica, a headless Service, SRV records, static targets or a commented-out block', () => {
    expect(said(stack(LOKI, ''))).toEqual([]);
    expect(said(stack(LOKI, '    deploy:\n      replicas: 3\n      endpoint_mode: dnsrr\n'))).toEqual([]);
    expect(said(stack(LOKI.replaceAll('type: A', 'type: SRV')))).toEqual([]);
    expect(said(stack(LOKI.replace(/type: A\n/g, '')))).toEqual([]);
    expect(said(stack("scrape_configs:\n  - job_name: loki\n    static_configs:\n      - targets: ['loki-read:3100']\n"))).toEqual([]);
    expect(said(stack('scrape_configs:\n  - job_name: loki\n    # dns_sd_configs:\n    #   - names: [loki-read]\n    #     type: A\n'))).toEqual([]);
  });
});
