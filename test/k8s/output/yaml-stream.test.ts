import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../../lib/k8s/output/atomic-write.ts';
import { emitCanonicalDocument } from '../../../lib/k8s/output/canonical-manifest.ts';
import { sortManifests } from '../../../lib/k8s/output/manifest-order.ts';
import { YamlSpool, yamlDocuments, type RenderedManifest } from '../../../lib/k8s/output/yaml-stream.ts';
import type { KubernetesManifest } from '../../../lib/k8s/plan/plan.ts';

const KINDS = ['Service', 'Deployment', 'ConfigMap', 'Namespace', 'PersistentVolumeClaim'];

/** Objects of several kinds in planning order (not output order), some texts with multi-byte characters. */
function objects(count: number, payload = (index: number) => `${'ä€𝄞'.repeat(index % 7)}value ${index}`): KubernetesManifest[] {
  return Array.from({ length: count }, (_, index) => ({
    apiVersion: 'v1',
    kind: KINDS[index % KINDS.length]!,
    metadata: { name: `object-${String(count - index).padStart(5, '0')}`, namespace: 'shop' },
    data: { text: payload(index) },
  }));
}

/** The stream as it was written before the spill: each canonical document, sorted, `---` between. */
function expectedStream(manifests: readonly KubernetesManifest[]): string {
  return sortManifests(manifests).map((manifest) => emitCanonicalDocument(manifest)).join('---\n');
}

function streamOf(rendered: readonly RenderedManifest[]): string {
  return Array.from(yamlDocuments(rendered), (piece) => piece.toString('utf8')).join('');
}

/** The spill files this process has open: unlinked ones show as `… (deleted)` (Linux; elsewhere none are seen). */
function deletedOpenFiles(): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((target) => target.includes('cdk8s-compose-') && target.endsWith(' (deleted)'));
}

let scratch = '';
let savedTmpdir: string | undefined;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'yaml-spool-'));
  savedTmpdir = process.env['TMPDIR'];
  // os.tmpdir() reads TMPDIR on every call: the spill goes where the test can look.
  process.env['TMPDIR'] = scratch;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmpdir;
  rmSync(scratch, { recursive: true, force: true });
});

describe('YamlSpool', () => {
  test('a small output stays in memory: no spill file is made', () => {
    const spool = new YamlSpool();
    const manifests = objects(20);
    const rendered = manifests.map(spool.render);
    expect(deletedOpenFiles()).toEqual([]);
    expect(streamOf(rendered)).toBe(expectedStream(manifests));
    spool.close();
  });

  test('a large output goes through an unlinked spill file and reads back byte for byte, in output order', () => {
    const spool = new YamlSpool();
    // About 2 MiB of text: several spill batches.
    const manifests = objects(12_000);
    const rendered = manifests.map(spool.render);
    // The spill is open but has no name: nothing to see in the temporary directory, nothing to leave behind.
    expect(readdirSync(scratch)).toEqual([]);
    if (existsSync('/proc/self/fd')) expect(deletedOpenFiles()).toHaveLength(1);
    expect(streamOf(rendered)).toBe(expectedStream(manifests));
    expect(rendered[5]!.yaml().toString('utf8')).toBe(emitCanonicalDocument(manifests[5]!));
    expect(rendered.at(-1)!.yaml().toString('utf8')).toBe(emitCanonicalDocument(manifests.at(-1)!));
    spool.close();
    expect(deletedOpenFiles()).toEqual([]);
  });

  test('without a usable temporary directory the texts stay in memory and read back the same', () => {
    process.env['TMPDIR'] = join(scratch, 'missing');
    const spool = new YamlSpool();
    const manifests = objects(12_000, (index) => (index === 7 ? `${'x'.repeat(700_000)}é` : `value ${index}`));
    const rendered = manifests.map(spool.render);
    expect(deletedOpenFiles()).toEqual([]);
    expect(streamOf(rendered)).toBe(expectedStream(manifests));
    expect(rendered[7]!.yaml().toString('utf8')).toBe(emitCanonicalDocument(manifests[7]!));
    spool.close();
  });

  test('a document larger than a batch is spilled and read back whole', () => {
    const spool = new YamlSpool();
    const manifests = objects(9, (index) => (index % 3 === 0 ? `${'x'.repeat(700_000)}é${index}` : `small ${index}`));
    const rendered = manifests.map(spool.render);
    const pieces = [...yamlDocuments(rendered)].map((piece) => piece.length);
    expect(Math.max(...pieces)).toBeGreaterThan(700_000);
    expect(streamOf(rendered)).toBe(expectedStream(manifests));
    spool.close();
  });

  test('every piece holds whole documents, so each decodes on its own (multi-byte characters are never split)', () => {
    const spool = new YamlSpool();
    const manifests = objects(3000);
    const rendered = manifests.map(spool.render);
    const pieces = Array.from(yamlDocuments(rendered), (piece) => piece.toString('utf8'));
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece).toMatch(/^(---\n)?apiVersion: v1\n[^]*\n$/);
    expect(pieces.join('')).toBe(expectedStream(manifests));
    spool.close();
  });

  test('no documents, no output', () => {
    expect([...yamlDocuments([])]).toEqual([]);
  });

  test('the atomic writer takes the reused pieces: the file is the stream', () => {
    const spool = new YamlSpool();
    const manifests = objects(8000);
    const rendered = manifests.map(spool.render);
    const file = join(scratch, 'out', 'shop.k8s.yaml');
    writeFileAtomic(file, yamlDocuments(rendered));
    spool.close();
    expect(readFileSync(file, 'utf8')).toBe(expectedStream(manifests));
    expect(readdirSync(scratch)).toEqual(['out']);
    expect(readdirSync(join(scratch, 'out'))).toEqual(['shop.k8s.yaml']);
  });
});
