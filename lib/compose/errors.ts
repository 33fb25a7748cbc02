import type { SourceLocation } from './model.ts';
import type { SecretRedactor } from './sensitivity.ts';

/** Each error's message before shortening, so that a secret is redacted whole before it is cut. */
const unshortened = new WeakMap<ComposeError, string>();

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
    super(shortenMessage(message));
    this.name = 'ComposeError';
    unshortened.set(this, message);
  }

  /** The message as given, before shortening. */
  get fullMessage(): string {
    return unshortened.get(this) ?? this.message;
  }

  /** The same error with the secret values `redactor` knows hidden (`invalid size "<redacted>"`). */
  redactedBy(redactor: SecretRedactor): ComposeError {
    const message = redactor.redact(this.fullMessage);
    return message === this.fullMessage ? this : new ComposeError(message, this.location, this.key);
  }

  /** `file:line:column: message (key)`, the form every tool reports it in. */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    const message = this.message;
    const key = this.key && !message.includes(this.key) ? ` (at ${shortenMessage(this.key)})` : '';
    return `${where}${message}${key}`;
  }
}

/** Gives a location-less error (a file that cannot be read, say) the location and key that caused it. */
export function locateError(error: unknown, location: SourceLocation | undefined, key: string): unknown {
  if (!(error instanceof ComposeError) || error.location) return error;
  const message = error.fullMessage;
  return new ComposeError(message.startsWith(key) ? message : `${key}: ${message}`, location, key);
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

const MAX_QUOTED_VALUE = 80;
const MAX_MESSAGE = 1000;

/**
 * Messages echo input values, and input may hold a 64 MiB scalar: quoted values keep their first
 * characters, and a message still too long (a huge unquoted key, say) keeps its start and end.
 */
export function shortenMessage(message: string): string {
  let shortened = '';
  let from = 0;
  for (let open = message.indexOf('"'); open >= 0; open = message.indexOf('"', from)) {
    const close = closingQuote(message, open);
    if (close < 0) break;
    const value = message.slice(open + 1, close);
    shortened += message.slice(from, open + 1) + (value.length > MAX_QUOTED_VALUE ? `${value.slice(0, MAX_QUOTED_VALUE)}…` : value);
    shortened += '"';
    from = close + 1;
  }
  shortened += message.slice(from);
  if (shortened.length <= MAX_MESSAGE) return shortened;
  const half = MAX_MESSAGE / 2;
  return `${shortened.slice(0, half)}…${shortened.slice(-half)}`;
}

/** Skips `\"`, which JSON.stringify writes for a quote inside the value. */
function closingQuote(message: string, open: number): number {
  for (let index = open + 1; index < message.length; index++) {
    if (message[index] === '\\') index++;
    else if (message[index] === '"') return index;
  }
  return -1;
}
