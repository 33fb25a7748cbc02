/**
 * The size at which client-side `kubectl apply` (the README's command, and Argo CD's default sync)
 * is refused, on the real API server: a ConfigMap whose last-applied copy makes annotations of
 * exactly 256 KiB is admitted, one byte more is refused ("metadata.annotations: Too long"), and
 * `convert` warns for that one and not for the other (lib/k8s/config-and-secrets/apply-size.ts).
 * Server-side apply admits both. Before the warning, a bind-mounted folder of Grafana dashboards
 * over 256 KiB converted silently and never came up; and a file with U+2028 in it made manifests
 * kubectl could not read at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ANNOTATIONS_LIMIT, clientSideApplyAnnotationBytes } from '../../lib/k8s/config-and-secrets/apply-size.ts';
import type { KubernetesManifest } from '../../lib/k8s/plan/plan.ts';
import { composeUnit, type Unit } from '../../tools/cluster/units.ts';
import { adminKubectl } from './support.ts';

const kubectl = adminKubectl();
const directories: string[] = [];
const namespaces: string[] = [];

afterAll(async () => {
  await kubectl(['delete', 'namespace', ...namespaces, '--wait=false', '--ignore-not-found']);
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** A dashboard of `length` characters, with what Go's JSON encoder escapes and JSON.stringify does not: `<`, `&`, U+2028. */
function dashboard(length: number): string {
  const head = '{"expr": "rate(a[5m]) < 1 && b > \\"c\\"", "note": "\u2028"}\n';
  return `${head}${'x'.repeat(length - head.length - 1)}\n`;
}

async function converted(namespace: string, length: number, content = dashboard(length), secret = false): Promise<Unit> {
  const directory = mkdtempSync(join(tmpdir(), 'apply-size-'));
  directories.push(directory);
  // Namespaces of one length: the namespace is written in the ConfigMap.
  namespaces.push(namespace);
  writeFileSync(join(directory, 'dashboard.json'), content);
  // Another text: a bind-mounted file that holds a secret of the project becomes a Secret itself.
  if (secret) writeFileSync(join(directory, 'banner.txt'), `token ${content}`);
  const secrets = secret ? '    secrets: [banner]\nsecrets:\n  banner:\n    file: ./banner.txt\n' : '';
  writeFileSync(join(directory, 'compose.yaml'), `services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./dashboard.json:/etc/grafana/dashboard.json:ro\n${secrets}`);
  return composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
}

function configMapOf(unit: Unit): KubernetesManifest & { readonly data: Record<string, string> } {
  const found = parseAllDocuments(unit.manifests).map((document) => document.toJS()).find((manifest) => manifest?.kind === 'ConfigMap');
  if (!found) throw new Error(`${unit.name}: no ConfigMap`);
  return found;
}

const TOO_LARGE = /ConfigMap 'grafana-etc-grafana-dashboard-json' is too large for client-side kubectl apply/;

describe('client-side kubectl apply of a large ConfigMap, on a real API server', () => {
  it('admits annotations of exactly 256 KiB and refuses one byte more, as convert warns', async () => {
    // The length of the file that makes the annotations exactly the limit: each character of it is one byte of them.
    const probe = 200_000;
    const exact = probe + ANNOTATIONS_LIMIT - clientSideApplyAnnotationBytes(configMapOf(await converted('apply-size-probe', probe)));
    const atLimit = await converted('apply-size-exact', exact);
    const over = await converted('apply-size-above', exact + 1);
    expect(clientSideApplyAnnotationBytes(configMapOf(atLimit))).toBe(ANNOTATIONS_LIMIT);
    expect(atLimit.warnings).not.toMatch(TOO_LARGE);
    expect(over.warnings).toMatch(TOO_LARGE);

    const clientSide = async (unit: Unit) => kubectl(['apply', '-f', '-'], unit.manifests);
    const admitted = await clientSide(atLimit);
    expect(admitted.stderr).toBe('');
    expect(admitted.code).toBe(0);
    const refused = await clientSide(over);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('The ConfigMap "grafana-etc-grafana-dashboard-json" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes');

    const serverSide = await kubectl(['apply', '--server-side', '--field-manager', 'cdk8s-compose', '-f', '-'], over.manifests);
    expect(serverSide.stderr).toBe('');
    expect(serverSide.code).toBe(0);
  });

  it('carries a file with DEL, C1 controls and U+0085, U+2028, U+2029 byte for byte, in a ConfigMap and a Secret, applied either way', async () => {
    // The API server reads a server-side apply's patch with a YAML reader that refuses DEL and C1
    // controls raw and reads U+0085 as a line break: such a file goes in binaryData.
    const content = 'motd\x7f \x81 \u0085 \u2028 \u2029 <&>\n';
    for (const [namespace, args] of [['apply-odd-client', ['apply']], ['apply-odd-server', ['apply', '--server-side', '--field-manager', 'cdk8s-compose']]] as const) {
      const unit = await converted(namespace, 0, content, true);
      expect((await kubectl([...args, '-f', '-'], unit.manifests)).stderr).toBe('');
      // The Secret as `secrets` prints it, for `… | kubectl apply -f -`.
      expect((await kubectl([...args, '-f', '-'], unit.secrets)).stderr).toBe('');
      const stored = async (kind: string, name: string) => {
        const got = await kubectl(['get', kind, name, '-n', namespace, '-o', 'json']);
        if (got.code !== 0) throw new Error(`${kind} ${name}: ${got.stderr}`);
        return JSON.parse(got.stdout) as { binaryData?: Record<string, string>; data?: Record<string, string> };
      };
      const configMap = await stored('configmap', 'grafana-etc-grafana-dashboard-json');
      expect(configMap.data).toBeUndefined();
      expect(Buffer.from(configMap.binaryData?.['dashboard.json'] ?? '', 'base64').toString('utf8')).toBe(content);
      const secret = await stored('secret', 'banner');
      expect(Buffer.from(secret.data?.['banner'] ?? '', 'base64').toString('utf8')).toBe(`token ${content}`);
    }
  });
});
