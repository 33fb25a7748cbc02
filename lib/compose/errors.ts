import type { SourceLocation } from './model.ts';

/**
 * The one error type bad Compose input ends in. `message` is complete on its own; the CLI prints
 * `file:line:column: message` and exits 1, never a stack trace.
 */
export class ComposeError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
    /** Dotted key path of the offending key, e.g. `services.web.ports.0`. */
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ComposeError';
  }

  /** `file:line:column: message (key)`, the form every tool reports it in. */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    const key = this.key && !this.message.includes(this.key) ? ` (at ${this.key})` : '';
    return `${where}${this.message}${key}`;
  }
}

/** Gives a location-less error (a file that cannot be read, say) the location and key that caused it. */
export function locateError(error: unknown, location: SourceLocation | undefined, key: string): unknown {
  if (!(error instanceof ComposeError) || error.location) return error;
  return new ComposeError(error.message.startsWith(key) ? error.message : `${key}: ${error.message}`, location, key);
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
