/**
 * `record[key]` only when the record itself has `key`: compose names such as `constructor` or
 * `toString` are valid, and a plain lookup would find Object.prototype's members instead.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
