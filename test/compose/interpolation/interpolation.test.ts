import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { interpolate, type Lookup } from '../../../lib/compose/interpolation/interpolation.ts';

const env: Record<string, string> = { USER: 'jenny', EMPTY: '', PORT: '8080', DB_PASSWORD: 's3cret' };
const lookup: Lookup = (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
const value = (template: string): string => interpolate(template, lookup).value;

describe('interpolate', () => {
  it('leaves text without $ alone', () => {
    expect(interpolate('plain text', lookup)).toEqual({ value: 'plain text', variables: [], unset: [] });
  });

  it('substitutes $VAR and ${VAR}; an unbraced name ends at the first character outside [_a-zA-Z0-9]', () => {
    expect(value('$USER:${PORT}')).toBe('jenny:8080');
    expect(value('$USER-x $USERx ${USER}x')).toBe('jenny-x  jennyx');
    expect(value('$_ $1')).toBe(' $1');
  });

  it('turns $$ into a literal $ and keeps a $ that starts nothing', () => {
    expect(value('$$USER $${USER} cost: 5$ a $ b $} $')).toBe('$USER ${USER} cost: 5$ a $ b $} $');
    expect(value('$$$USER')).toBe('$jenny');
  });

  it('distinguishes unset from empty in :- and -', () => {
    expect(value('${MISSING:-d} ${EMPTY:-d} ${USER:-d}')).toBe('d d jenny');
    expect(value('${MISSING-d}|${EMPTY-d}|${USER-d}')).toBe('d||jenny');
  });

  it('distinguishes unset from empty in :+ and +', () => {
    expect(value('${MISSING:+r}|${EMPTY:+r}|${USER:+r}')).toBe('||r');
    expect(value('${MISSING+r}|${EMPTY+r}|${USER+r}')).toBe('|r|r');
  });

  it('requires a value with :? (non-empty) and ? (set), with compose-go messages', () => {
    expect(value('${USER:?x} ${EMPTY?x}')).toBe('jenny ');
    expect(() => value('${EMPTY:?set it}')).toThrow('required variable EMPTY is missing a value: set it');
    expect(() => value('${MISSING?}')).toThrow(/^required variable MISSING is missing a value$/);
    expect(() => value('${MISSING:?}')).toThrow(/^required variable MISSING is missing a value$/);
  });

  it('throws a ComposeError without location, leaving the location to the caller', () => {
    try {
      value('${DB_HOST:?database host}');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ComposeError);
      expect((error as ComposeError).location).toBeUndefined();
    }
  });

  it('interpolates defaults, alternatives and error messages themselves, to any depth', () => {
    expect(value('${A:-${B:-${C:-deep}}}')).toBe('deep');
    expect(value('${A:-$USER@${PORT}}')).toBe('jenny@8080');
    expect(value('${USER:+user=$USER}')).toBe('user=jenny');
    expect(() => value('${A:?set A, e.g. ${USER}}')).toThrow(
      'required variable A is missing a value: set A, e.g. jenny',
    );
  });

  it('accepts balanced braces inside a default', () => {
    expect(value('${A:-{"k":{"n":1}}}!')).toBe('{"k":{"n":1}}!');
  });

  it.each(['${', '${}', '${ USER}', '${USER }', '${USER!}', '${1X}', '${USER:x}', '${A:-{}', 'ok ${A:-${B}'])(
    'rejects the malformed template %j, quoting it',
    (template) => {
      expect(() => value(template)).toThrow(`invalid interpolation format in ${JSON.stringify(template)}`);
    },
  );

  it('reports the first error of a template', () => {
    expect(() => value('${A:?first} ${B:?second}')).toThrow(/: first$/);
  });

  it('does not evaluate unused defaults: their errors and variables do not count', () => {
    expect(interpolate('${USER:-${BAD:?never}}', lookup)).toEqual({
      value: 'jenny',
      variables: [{ name: 'USER', value: 'jenny' }],
      unset: [],
    });
    expect(interpolate('${A:+${A},}B', lookup)).toEqual({
      value: 'B',
      variables: [{ name: 'A', value: '' }],
      unset: [],
    });
  });

  it('lists each variable use with the text its expression produced, defaults applied', () => {
    const result = interpolate('postgres://app:${DB_PASSWORD}@${DB_HOST:-db}:${PORT}/${MISSING}', lookup);
    expect(result.value).toBe('postgres://app:s3cret@db:8080/');
    expect(result.variables).toEqual([
      { name: 'DB_PASSWORD', value: 's3cret' },
      { name: 'DB_HOST', value: 'db', defaulted: true },
      { name: 'PORT', value: '8080' },
      { name: 'MISSING', value: '', unset: true },
    ]);
  });

  it('lists inner expressions before the outer one that uses them', () => {
    expect(interpolate('${A:-$USER}', lookup).variables).toEqual([
      { name: 'USER', value: 'jenny' },
      { name: 'A', value: 'jenny', defaulted: true },
    ]);
  });

  it('reports only unset variables used without a default, once per use', () => {
    expect(interpolate('$X ${X} ${Y:-d} ${Z-} ${W:+a} ${A:-${B}}', lookup).unset).toEqual(['X', 'X', 'B']);
  });

  it('looks names up case-sensitively', () => {
    expect(value('${user:-none}')).toBe('none');
  });

  it('gives back any text whose $ signs are doubled, looking nothing up', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(interpolate(text.replaceAll('$', '$$$$'), lookup)).toEqual({ value: text, variables: [], unset: [] });
      }),
    );
  });
});
