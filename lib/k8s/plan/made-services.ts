/**
 * `key` of a service made from something else (an ofelia job's service, a top-level job's), as the
 * key it was made from: `sources` maps the made service's name to that key's prefix
 * (`services.app`, `jobs.backup`).
 */
export function sourceKey(key: string, sources: ReadonlyMap<string, string>): string {
  if (sources.size === 0 || !key.startsWith('services.')) return key;
  const end = key.indexOf('.', 'services.'.length);
  const source = sources.get(key.slice('services.'.length, end < 0 ? undefined : end));
  return source === undefined ? key : `${source}${end < 0 ? '' : key.slice(end)}`;
}
