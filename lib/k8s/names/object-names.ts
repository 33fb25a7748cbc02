/**
 * Kubernetes spellings of compose names and container paths. Names stay readable (no hash
 * suffixes), so two inputs can meet on the same spelling: name-registry.ts settles that.
 */

const DNS_LABEL_MAX = 63;

/**
 * The one spelling of text as a DNS-1123 label: lowercase alphanumerics, every other run of
 * characters one `-`, none at either end, at most `maxLength` characters (63 for a label; callers
 * that add a prefix, a suffix or a hash pass less, or `Infinity` to shorten themselves).
 */
export function dnsLabel(text: string, fallback = 'volume', maxLength = DNS_LABEL_MAX): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
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
