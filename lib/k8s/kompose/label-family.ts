import type { Service } from '../../compose/model.ts';
import type { ServiceOptions, VolumeOptions } from '../options/options.ts';

/** The kompose.* labels of one service, as a family of labels reads them. */
export interface KomposeLabels {
  readonly service: Service;
  /** The value of a label the service sets, else undefined. */
  value(label: string): string | undefined;
  /** Reports something about one label, at `services.<service>.labels.<label>`. */
  warn(label: string, message: string): void;
  /** Sets service options from a label: kept if the x-kubernetes schema takes them, else reported. */
  options(label: string, options: ServiceOptions): void;
  /** Sets options of a top-level volume from a label, checked like `options`. */
  volume(label: string, volume: string, options: VolumeOptions): void;
}

/** What one family of Kompose's labels becomes here. */
export interface LabelFamily {
  /** The labels Kompose documents in this family, each with what it becomes (docs/kompose-labels.md). */
  readonly labels: Readonly<Record<string, string>>;
  /** Translates or reports the family's labels the service sets. */
  translate(labels: KomposeLabels): void;
}

/** A label's whole-number value, or undefined (reported) when it is none. */
export function integerLabel(labels: KomposeLabels, label: string): number | undefined {
  const value = labels.value(label);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^-?[0-9]+$/.test(trimmed)) return Number(trimmed);
  labels.warn(label, `'${value}' is not a whole number; the label is not translated`);
  return undefined;
}

/** Kompose's boolean spellings. */
export function booleanLabel(value: string): boolean {
  return ['true', 'yes', '1', 'on'].includes(value.trim().toLowerCase());
}

/** A label's value looked up, case-insensitively, in the table of values Kompose takes. */
export function lookup<T>(table: Readonly<Record<string, T>>, value: string): T | undefined {
  const key = value.trim().toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
