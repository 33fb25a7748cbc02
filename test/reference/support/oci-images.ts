/**
 * Test images made byte by byte: an OCI image layout (config blob, gzipped layer, manifests, a
 * multi-platform index) for skopeo to push, and pushes through the distribution API itself.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Blob {
  readonly digest: string;
  readonly size: number;
  readonly bytes: Buffer;
}

export function blob(content: string | Buffer): Blob {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length, bytes };
}

/** A one-file ustar archive: enough of a layer for a registry, which never looks inside. */
function tarWithFile(name: string, content: string): Buffer {
  const body = Buffer.from(content);
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value.padEnd(length, '\0').slice(0, length), offset, 'ascii');
  field(0, 100, name);
  field(100, 8, '0000644');
  field(108, 8, '0000000');
  field(116, 8, '0000000');
  field(124, 12, body.length.toString(8).padStart(11, '0'));
  field(136, 12, '00000000000');
  header.fill(' ', 148, 156);
  field(156, 1, '0');
  field(257, 6, 'ustar');
  field(263, 2, '00');
  const checksum = [...header].reduce((sum, byte) => sum + byte, 0);
  field(148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, padding, Buffer.alloc(1024)]);
}

export interface TestImage {
  readonly config: Blob;
  readonly layer: Blob;
  readonly manifest: Blob;
}

type Flavour = 'oci' | 'docker';

const MEDIA: Readonly<Record<Flavour, { manifest: string; config: string; layer: string; index: string }>> = {
  oci: { manifest: 'application/vnd.oci.image.manifest.v1+json', config: 'application/vnd.oci.image.config.v1+json', layer: 'application/vnd.oci.image.layer.v1.tar+gzip', index: 'application/vnd.oci.image.index.v1+json' },
  docker: { manifest: 'application/vnd.docker.distribution.manifest.v2+json', config: 'application/vnd.docker.container.image.v1+json', layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip', index: 'application/vnd.docker.distribution.manifest.list.v2+json' },
};

/** An image whose config carries `runtime` (the `config` object of an image config: User, ExposedPorts, …). */
export function testImage(flavour: Flavour, platform: { os: string; architecture: string; variant?: string }, runtime: Record<string, unknown>): TestImage {
  const tar = tarWithFile('hello.txt', `hello from ${platform.architecture}\n`);
  const layer = blob(gzipSync(tar));
  const config = blob(JSON.stringify({ ...platform, created: '2024-01-01T00:00:00Z', config: runtime, rootfs: { type: 'layers', diff_ids: [blob(tar).digest] }, history: [{ created_by: 'test' }] }));
  const manifest = blob(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA[flavour].manifest,
      config: { mediaType: MEDIA[flavour].config, digest: config.digest, size: config.size },
      layers: [{ mediaType: MEDIA[flavour].layer, digest: layer.digest, size: layer.size }],
    }),
  );
  return { config, layer, manifest };
}

export function testIndex(flavour: Flavour, images: ReadonlyArray<{ image: TestImage; platform: { os: string; architecture: string; variant?: string } }>): Blob {
  return blob(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA[flavour].index,
      manifests: images.map(({ image, platform }) => ({ mediaType: MEDIA[flavour].manifest, digest: image.manifest.digest, size: image.manifest.size, platform })),
    }),
  );
}

/** An OCI image layout directory whose `index.json` names `index` as `tag`, for `skopeo copy --all oci:DIR:tag`. */
export function writeOciLayout(directory: string, tag: string, index: Blob, images: readonly TestImage[]): void {
  const blobs = path.join(directory, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  for (const item of [index, ...images.flatMap((image) => [image.config, image.layer, image.manifest])]) writeFileSync(path.join(blobs, item.digest.slice('sha256:'.length)), item.bytes);
  writeFileSync(path.join(directory, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    path.join(directory, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MEDIA.oci.index, digest: index.digest, size: index.size, annotations: { 'org.opencontainers.image.ref.name': tag } }] }),
  );
}

/** Pushes an image through the distribution API (monolithic blob uploads, then the manifest). */
export async function pushThroughApi(base: string, repository: string, tag: string, image: TestImage, flavour: Flavour, authorization?: string): Promise<void> {
  const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
  for (const item of [image.config, image.layer]) {
    const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
    if (start.status !== 202) throw new Error(`upload start: ${start.status} ${await start.text()}`);
    const location = new URL(start.headers.get('location')!, base);
    location.searchParams.set('digest', item.digest);
    const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: item.bytes });
    if (put.status !== 201) throw new Error(`upload: ${put.status} ${await put.text()}`);
  }
  await putManifest(base, repository, tag, image.manifest, MEDIA[flavour].manifest, headers);
}

/** Pushes a multi-platform index (OCI) or manifest list (Docker) whose images are pushed already. */
export async function pushIndexThroughApi(base: string, repository: string, tag: string, index: Blob, flavour: Flavour): Promise<void> {
  await putManifest(base, repository, tag, index, MEDIA[flavour].index, {});
}

async function putManifest(base: string, repository: string, reference: string, manifest: Blob, mediaType: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(`${base}/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { ...headers, 'Content-Type': mediaType }, body: manifest.bytes });
  if (response.status !== 201) throw new Error(`manifest: ${response.status} ${await response.text()}`);
}
