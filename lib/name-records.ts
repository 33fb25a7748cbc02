/**
 * Objects keyed by names from the user's project: services, volumes, secrets and their keys,
 * variables, labels, files.
 *
 * V8 gives an object built from `{}` the hidden class reached by adding its keys in order from the
 * one class every `{}` starts with, and a hidden class keeps at most 1,536 transitions to others.
 * Objects whose first key is a name (`{svc-0042: …}` for `depends_on`, `{svc-0042-token: …}` for a
 * Secret's data, Ajv's record of the keys it validated) each add one: a project with a few thousand
 * names fills the table, and every object shape met for the first time after that — a container, a
 * probe, a normalized volume — gets a hidden class of its own per object. That costs a new class and
 * descriptor array per object, and every read of such objects turns megamorphic: at 5,000 services
 * ~15% of the conversion (issue 22; test/k8s/hidden-classes.test.ts). A record without a prototype
 * is a dictionary from birth and never enters that tree; `record.__proto__ = value` is then an
 * ordinary key, as it should be for a name.
 *
 * The same per-object classes come, in Node.js 20, from a literal that starts with a spread
 * (`{ ...service, dependsOn }`) once its site has feedback: copies of that kind use Object.assign.
 */
export function nameRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** A name record of `entries`, in their order (a later one wins, as with Object.fromEntries). */
export function nameRecordOf<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const record = nameRecord<V>();
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** A name record with the entries of each of `records` in turn (a later one wins, as with a spread). */
export function mergedNameRecord<V>(...records: readonly (Readonly<Record<string, V>> | undefined)[]): Record<string, V> {
  return Object.assign(nameRecord<V>(), ...records);
}
