/**
 * ConfigMaps as client-side and server-side apply take them (test/cluster/apply-size.test.ts holds
 * the same rules against the real API server): one over 256 KiB of last-applied annotation is
 * warned about at the compose key that makes it, and text server-side apply cannot carry goes in
 * binaryData.
 */
import { describe, expect, test } from 'vitest';
import { applySafeData } from '../../../lib/k8s/config-and-secrets/apply-safe-data.ts';
import { ANNOTATIONS_LIMIT, clientSideApplyAnnotationBytes } from '../../../lib/k8s/config-and-secrets/apply-size.ts';
import { find, plan } from '../names/support.ts';
import { composeFile } from '../robustness/compose-files.ts';

const COMPOSE = 'services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./dashboards:/var/lib/grafana/dashboards:ro\n';

function converted(sizes: readonly number[]) {
  const files = Object.fromEntries(sizes.map((size, index) => [`dashboards/d${index}.json`, `{"a": "<b & c>"}\n${'x'.repeat(size)}\n`]));
  return plan(composeFile(COMPOSE, files));
}

describe('ConfigMaps too large for client-side kubectl apply', () => {
  test('are warned about once, at the mount that makes them, with their size', () => {
    const translation = converted([150_000, 150_000]);
    const warnings = translation.warnings.filter((warning) => warning.message.includes('client-side kubectl apply'));
    expect(warnings).toEqual([
      {
        key: 'services.grafana.volumes.0',
        location: expect.objectContaining({ line: 5, column: 9 }),
        message:
          "ConfigMap 'grafana-var-lib-grafana-dashboards' is too large for client-side kubectl apply (its last-applied copy makes 294 KiB of annotations; " +
          "the API server allows 256 KiB) and would be refused: apply with 'kubectl apply --server-side' (Argo CD: the ServerSideApply=true sync option; Flux applies server-side)",
      },
    ]);
  });

  test('are not warned about up to the limit, which counts what kubectl adds and what Go escapes', () => {
    const translation = converted([100_000]);
    const configMap = find<{ kind: string; metadata: { name: string } }>(translation, 'ConfigMap', 'grafana-var-lib-grafana-dashboards');
    expect(translation.warnings.some((warning) => warning.message.includes('client-side kubectl apply'))).toBe(false);
    const bytes = clientSideApplyAnnotationBytes(configMap as never);
    // The key, the JSON with `"annotations":{},`, `<`, `&`, `>` as \u003c… (5 bytes more each), a line break.
    expect(bytes).toBe('kubectl.kubernetes.io/last-applied-configuration'.length + JSON.stringify(configMap).length + '"annotations":{},'.length + 3 * 5 + 1);
    expect(bytes).toBeLessThan(ANNOTATIONS_LIMIT);
  });
});

describe('text server-side apply cannot carry', () => {
  test('moves to binaryData, byte for byte; other text stays data', () => {
    const odd = 'a\x7fb\x81c\u0085d';
    const { data, binaryData } = applySafeData({ 'plain.txt': 'fine\n', 'odd.txt': odd }, { 'logo.png': 'iVBORw0K' });
    expect({ ...data }).toEqual({ 'plain.txt': 'fine\n' });
    expect({ ...binaryData }).toEqual({ 'logo.png': 'iVBORw0K', 'odd.txt': Buffer.from(odd).toString('base64') });
    const untouched = { 'plain.txt': 'fine\n' };
    expect(applySafeData(untouched, {}).data).toBe(untouched);
  });

  test('a bind-mounted file with DEL and C1 controls is planned in binaryData', () => {
    const file = composeFile('services:\n  app:\n    image: x/app:1\n    volumes:\n      - ./motd:/etc/motd:ro\n', { motd: 'hello\x7f\x9b\n' });
    const configMap = find<{ data?: unknown; binaryData?: Record<string, string> }>(plan(file), 'ConfigMap', 'app-etc-motd');
    expect(configMap.data).toBeUndefined();
    expect(Buffer.from(configMap.binaryData?.['motd'] ?? '', 'base64').toString('utf8')).toBe('hello\x7f\x9b\n');
  });
});
