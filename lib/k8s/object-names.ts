/**
 * Kubernetes spellings of compose names and container paths. Names stay readable (no hash
 * suffixes), so two inputs can meet on the same spelling: `UniqueNames` settles that per pod.
 */

const DNS_LABEL_MAX = 63;

/** A DNS-1123 label (lowercase alphanumerics and `-`, at most 63 characters) spelling `text`. */
export function dnsLabel(text: string, fallback = 'volume'): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, DNS_LABEL_MAX)
    .replace(/^-+|-+$/g, '');
  return label === '' ? fallback : label;
}

/** A ConfigMap or Secret key (`[-._a-zA-Z0-9]+`, not `.` or `..`) spelling a file name. */
export function dataKey(fileName: string): string {
  const key = fileName.replace(/[^-._a-zA-Z0-9]/g, '_');
  return key === '' || key === '.' || key === '..' ? `_${key}` : key;
}

/** The last segment of a container path, the file name a mounted key appears as. */
export function baseName(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments[segments.length - 1] ?? 'root';
}

/** Hands out DNS labels that are unique within one scope by appending `-2`, `-3`, … */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(wanted: string): string {
    let candidate = wanted;
    for (let n = 2; this.taken.has(candidate); n += 1) {
      const suffix = `-${n}`;
      candidate = `${wanted.slice(0, DNS_LABEL_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.taken.add(candidate);
    return candidate;
  }
}
