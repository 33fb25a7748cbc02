import { ComposeError } from '../errors.ts';
import type { VariableUse } from '../model.ts';

/** Resolves a variable; `undefined` means unset, `''` means set but empty. */
export type Lookup = (name: string) => string | undefined;

export interface Interpolated {
  readonly value: string;
  /** Every variable that was looked up, with the text its whole expression produced, in evaluation order. */
  readonly variables: readonly VariableUse[];
  /**
   * Variables used without a default (`$VAR`, `${VAR}`) that are unset and became `''`: compose warns
   * "The VAR variable is not set. Defaulting to a blank string." for each.
   */
  readonly unset: readonly string[];
}

type Operator = ':-' | '-' | ':+' | '+' | ':?' | '?';

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
/** Defaults nest by recursion; a bound keeps a crafted value from exhausting the stack. */
const MAX_NESTING = 100;
const OPERATOR = /^:?[-+?]/;

/**
 * Compose interpolation of one scalar: `$VAR ${VAR} ${VAR:-d} ${VAR-d} ${VAR:?err} ${VAR?err}
 * ${VAR:+r} ${VAR+r}`, nested expressions inside defaults, `$$` for a literal `$`. A `$` that starts
 * nothing (`a $ b`, `$}`) stays as written, like compose. Defaults, alternatives and error messages
 * are only evaluated when they are used, so an unused `${B}` inside them is neither looked up nor
 * reported. Throws a `ComposeError` without location (the caller knows where the scalar was).
 */
export function interpolate(template: string, lookup: Lookup): Interpolated {
  const variables: VariableUse[] = [];
  const unset: string[] = [];

  const invalid = (): ComposeError =>
    new ComposeError(
      `invalid interpolation format in ${JSON.stringify(template)}: you may need to escape any $ with another $`,
    );

  const substitute = (text: string, depth: number): string => {
    if (depth > MAX_NESTING) {
      throw new ComposeError(`invalid interpolation format in ${JSON.stringify(template)}: nested more than ${MAX_NESTING} levels deep`);
    }
    let out = '';
    let index = 0;
    for (;;) {
      const dollar = text.indexOf('$', index);
      if (dollar < 0) return out + text.slice(index);
      out += text.slice(index, dollar);
      const next = text[dollar + 1];
      if (next === '$') {
        out += '$';
        index = dollar + 2;
      } else if (next === '{') {
        const close = closingBrace(text, dollar + 2);
        if (close < 0) throw invalid();
        out += braced(text.slice(dollar + 2, close), depth);
        index = close + 1;
      } else {
        const name = NAME.exec(text.slice(dollar + 1))?.[0];
        out += name === undefined ? '$' : plain(name);
        index = dollar + 1 + (name?.length ?? 0);
      }
    }
  };

  const record = (name: string, value: string, defaulted = false): string => {
    variables.push(defaulted ? { name, value, defaulted } : { name, value });
    return value;
  };

  const plain = (name: string): string => {
    const value = lookup(name);
    if (value !== undefined) return record(name, value);
    unset.push(name);
    variables.push({ name, value: '', unset: true });
    return '';
  };

  const braced = (inner: string, depth: number): string => {
    const name = NAME.exec(inner)?.[0];
    if (name === undefined) throw invalid();
    const rest = inner.slice(name.length);
    if (rest === '') return plain(name);
    const operator = OPERATOR.exec(rest)?.[0] as Operator | undefined;
    if (operator === undefined) throw invalid();
    const argument = rest.slice(operator.length);
    const value = lookup(name);
    const present = operator.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    switch (operator) {
      case ':-':
      case '-':
        return present ? record(name, value ?? '') : record(name, substitute(argument, depth + 1), true);
      case ':+':
      case '+':
        return record(name, present ? substitute(argument, depth + 1) : (value ?? ''));
      case ':?':
      case '?': {
        if (present) return record(name, value ?? '');
        const message = substitute(argument, depth + 1);
        throw new ComposeError(`required variable ${name} is missing a value${message ? `: ${message}` : ''}`);
      }
    }
  };

  return { value: substitute(template, 0), variables, unset };
}

/**
 * Index of the `}` closing a `${` whose body starts at `start`, or -1. Every `{` inside counts, so a
 * default may hold balanced braces such as JSON (`${X:-{"a":1}}`).
 */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}
