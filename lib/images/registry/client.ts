import { createHash } from 'node:crypto';
import { imageConfigFromBlob } from '../image-config.ts';
import type { LockedImage, LockedPlatform } from '../lock-file.ts';
import { registryHost, type ImageReference } from '../reference.ts';
import { basicAuthorization, parseChallenge, tokenUrl } from './auth.ts';
import type { Credentials } from './credentials.ts';

const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');
/** Manifests are small; configs carry history and labels. Anything larger is not an image. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export const LOCKED_PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;

export interface RegistryOptions {
  readonly credentials: (registry: string) => Credentials | undefined;
  /** `os/arch` entries to lock from a multi-platform index. @default LOCKED_PLATFORMS */
  readonly platforms?: readonly string[];
  /** Per request. @default 30 s */
  readonly timeoutMs?: number;
}

/** A registry's refusal or a broken answer, said in one line. */
export class RegistryError extends Error {
  override name = 'RegistryError';
}

interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly platform?: { readonly os?: string; readonly architecture?: string; readonly variant?: string };
}

/**
 * Resolves a reference through the OCI distribution API (anonymous or with the user's docker
 * credentials, answering Bearer and Basic challenges): its digest, and per locked platform the
 * manifest digest and the image config's facts. Every blob is checked against its digest.
 */
export async function resolveImage(reference: ImageReference, options: RegistryOptions): Promise<LockedImage> {
  const session = new RegistrySession(reference, options);
  const top = await session.manifest(reference.digest ?? reference.tag ?? 'latest');
  if (INDEX_TYPES.includes(top.mediaType)) {
    const manifests = (top.json['manifests'] ?? []) as Descriptor[];
    const platforms: Record<string, LockedPlatform> = {};
    for (const wanted of options.platforms ?? LOCKED_PLATFORMS) {
      const entry = manifests.find((descriptor) => platformOf(descriptor.platform) === wanted);
      if (entry) platforms[wanted] = await session.platform(entry.digest);
    }
    if (Object.keys(platforms).length === 0) throw new RegistryError(`${reference.canonical}: the index has none of ${(options.platforms ?? LOCKED_PLATFORMS).join(', ')}`);
    return { digest: top.digest, mediaType: top.mediaType, platforms };
  }
  const single = await session.platformOf(top);
  return { digest: top.digest, mediaType: top.mediaType, platforms: { [single.platform]: single.locked } };
}

/** `linux/arm64` for arm64 whatever its variant (v8 is the only one in use); `linux/arm/v7` keeps it. */
function platformOf(platform: Descriptor['platform']): string {
  if (!platform?.os || !platform.architecture) return 'unknown';
  const variant = platform.architecture === 'arm64' || !platform.variant ? '' : `/${platform.variant}`;
  return `${platform.os}/${platform.architecture}${variant}`;
}

interface Fetched {
  readonly digest: string;
  readonly mediaType: string;
  readonly json: Record<string, unknown>;
}

class RegistrySession {
  private authorization: string | undefined;
  private readonly base: string;

  constructor(
    private readonly reference: ImageReference,
    private readonly options: RegistryOptions,
  ) {
    const host = registryHost(reference.registry);
    // Docker too talks plain HTTP to loopback registries (127.0.0.0/8 is insecure by default).
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
    this.base = `${loopback ? 'http' : 'https'}://${host}/v2/${reference.repository}`;
  }

  async manifest(tagOrDigest: string): Promise<Fetched> {
    const { bytes, contentType } = await this.get(`${this.base}/manifests/${tagOrDigest}`, ACCEPT, MAX_MANIFEST_BYTES);
    const digest = sha256(bytes);
    if (tagOrDigest.includes(':') && tagOrDigest !== digest) throw new RegistryError(`${this.reference.canonical}: manifest ${tagOrDigest} has the digest ${digest}`);
    const json = parseJson(bytes, `${this.reference.canonical}: manifest`);
    const mediaType = typeof json['mediaType'] === 'string' ? json['mediaType'] : contentType;
    if (![...INDEX_TYPES, ...MANIFEST_TYPES].includes(mediaType)) throw new RegistryError(`${this.reference.canonical}: unsupported manifest type ${mediaType || 'none'} (schema 1 images are not supported)`);
    return { digest, mediaType, json };
  }

  async platform(digest: string): Promise<LockedPlatform> {
    const manifest = await this.manifest(digest);
    if (!MANIFEST_TYPES.includes(manifest.mediaType)) throw new RegistryError(`${this.reference.canonical}: ${digest} is not an image manifest`);
    return (await this.platformOf(manifest)).locked;
  }

  async platformOf(manifest: Fetched): Promise<{ platform: string; locked: LockedPlatform }> {
    const config = manifest.json['config'] as Descriptor | undefined;
    if (!config || typeof config.digest !== 'string') throw new RegistryError(`${this.reference.canonical}: manifest ${manifest.digest} has no config`);
    const { bytes } = await this.get(`${this.base}/blobs/${config.digest}`, '*/*', MAX_CONFIG_BYTES);
    if (sha256(bytes) !== config.digest) throw new RegistryError(`${this.reference.canonical}: config blob does not match its digest ${config.digest}`);
    const blob = parseJson(bytes, `${this.reference.canonical}: config`);
    const platform = platformOf({ os: blob['os'] as string, architecture: blob['architecture'] as string, ...(typeof blob['variant'] === 'string' ? { variant: blob['variant'] } : {}) });
    return { platform, locked: { digest: manifest.digest, config: imageConfigFromBlob(blob) } };
  }

  private async get(url: string, accept: string, maxBytes: number): Promise<{ bytes: Buffer; contentType: string }> {
    let response = await this.request(url, accept);
    if (response.status === 401 && (await this.authenticate(response))) response = await this.request(url, accept);
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(`${this.reference.canonical}: ${url} answered ${response.status} ${response.statusText}${response.status === 401 ? ' (no or wrong credentials: docker login, then lock again)' : ''}`);
    }
    return { bytes: await boundedBody(response, maxBytes, url), contentType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim() };
  }

  private request(url: string, accept: string, authorization = this.authorization): Promise<Response> {
    return fetch(url, { headers: { Accept: accept, ...(authorization ? { Authorization: authorization } : {}) }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
  }

  /** Answers the 401's challenge once; false when there is nothing to answer with. */
  private async authenticate(response: Response): Promise<boolean> {
    await response.body?.cancel();
    // Refused although we answered: retrying would not help.
    if (this.authorization) return false;
    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    const credentials = this.options.credentials(this.reference.registry);
    if (challenge?.scheme === 'basic') {
      if (!credentials) return false;
      this.authorization = basicAuthorization(credentials);
      return true;
    }
    if (challenge?.scheme !== 'bearer') return false;
    const url = tokenUrl(challenge, this.reference.repository);
    const tokenResponse = await this.request(url.href, 'application/json', credentials ? basicAuthorization(credentials) : undefined);
    if (!tokenResponse.ok) {
      await tokenResponse.body?.cancel();
      throw new RegistryError(`${this.reference.canonical}: the token service ${url.origin}${url.pathname} answered ${tokenResponse.status}`);
    }
    const body = parseJson(await boundedBody(tokenResponse, MAX_MANIFEST_BYTES, url.href), 'token');
    const token = body['token'] ?? body['access_token'];
    if (typeof token !== 'string' || token === '') throw new RegistryError(`${this.reference.canonical}: the token service gave no token`);
    this.authorization = `Bearer ${token}`;
    return true;
  }
}

async function boundedBody(response: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new RegistryError(`${url}: ${declared} bytes is more than the ${maxBytes} an image's metadata may take`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.length;
      if (total > maxBytes) throw new RegistryError(`${url}: more than the ${maxBytes} bytes an image's metadata may take`);
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new RegistryError(`${what} is not a JSON object`);
}
