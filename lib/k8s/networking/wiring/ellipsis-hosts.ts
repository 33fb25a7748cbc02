/**
 * MinIO's ellipsis notation names the members of a distributed deployment by a range:
 * `minio server http://minio{1...4}/data{1...2}` (minio/minio's own docker-compose example, and
 * MINIO_VOLUMES) stands for the hosts minio1, minio2, minio3 and minio4, each of which resolves its
 * own name to find the endpoints that are its own. No host name is written as such, so until
 * 2026-12-07 none was found: minio1's Service stayed a ClusterIP and no pod was named minio1, so
 * the name resolved to a virtual address on no pod, MinIO found no endpoint of its own and refused
 * to start, and the members, named without a port (MinIO's own, 9000), were not known as a cluster.
 *
 * The hosts are those of a URL (`scheme://name{a...b}suffix[:port]`): a range of decimal numbers,
 * zero-padded as written (`{01...16}`), as MinIO expands them. A range of more than 1,024 hosts is
 * none MinIO runs and is not expanded.
 */
export interface EllipsisHost {
  readonly name: string;
  readonly port?: number;
  /** Where the pattern that names it is written. */
  readonly start: number;
  readonly end: number;
}

const PATTERN = /:\/\/([a-z0-9][a-z0-9-]*)?\{(\d+)\.\.\.(\d+)\}([a-z0-9-]*(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?/gi;

const MOST = 1024;

export function ellipsisHosts(text: string): EllipsisHost[] {
  if (!text.includes('...')) return [];
  const hosts: EllipsisHost[] = [];
  PATTERN.lastIndex = 0;
  for (let match = PATTERN.exec(text); match !== null; match = PATTERN.exec(text)) {
    const [whole, prefix = '', from = '', to = '', suffix = '', port] = match;
    const first = Number(from);
    const last = Number(to);
    if (last < first || last - first >= MOST || (prefix === '' && suffix === '')) continue;
    const width = from.startsWith('0') ? from.length : 0;
    const start = match.index + 3;
    const end = match.index + whole.length;
    const portNumber = port === undefined ? undefined : Number(port);
    for (let index = first; index <= last; index++) {
      const name = `${prefix}${String(index).padStart(width, '0')}${suffix}`;
      hosts.push({ name, ...(portNumber !== undefined && portNumber > 0 && portNumber < 65536 ? { port: portNumber } : {}), start, end });
    }
  }
  return hosts;
}
