/** What a build was made from (see build-inputs.mjs). */
export interface BuildRecord {
  readonly root: string;
  readonly files: readonly string[];
  readonly stamps: readonly number[];
}
export function buildFiles(root: string, sources: readonly string[]): string[];
export function recordInputs(files: readonly string[], root: string, startedAt: number): BuildRecord;
export function inputsChanged(record: BuildRecord, root: string): boolean;
export const RECORD_LINE: string;
export function recordOf(source: string): BuildRecord | undefined;
export function bundleRecord(file: string): BuildRecord | undefined;
