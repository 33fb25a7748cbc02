/** Runs `source` as a script with the V8 code cache in `cacheFile` (see code-cache.mjs). */
export function runWithCodeCache(source: string, filename: string, cacheFile: string): unknown;
/** Writes `file` atomically; false when it cannot be written. */
export function storeFile(file: string, contents: string | Uint8Array): boolean;
