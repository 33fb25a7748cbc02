/**
 * Kubernetes spellings of compose names and container paths. Names stay readable (no hash
 * suffixes), so two inputs can meet on the same spelling: name-registry.ts settles that.
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
