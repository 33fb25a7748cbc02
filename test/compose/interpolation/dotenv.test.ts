import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDotenv, readDotenv } from '../../../lib/compose/interpolation/dotenv.ts';
import { ComposeError } from '../../../lib/compose/errors.ts';
import type { Lookup } from '../../../lib/compose/interpolation/interpolation.ts';

const none: Lookup = () => undefined;
const parse = (text: string, lookup: Lookup = none): Record<string, string> =>
  Object.fromEntries(parseDotenv(text, '/p/.env', lookup));

/** Expects parsing to fail with a ComposeError having these properties. */
const expectFailure = (text: string, expected: Partial<ComposeError>): void => {
  expect(() => parseDotenv(text, '/p/.env', none)).toThrow(
    expect.objectContaining({ name: 'ComposeError', ...expected }),
  );
};

describe('parseDotenv', () => {
  it('reads KEY=VALUE and YAML-style KEY: VALUE lines, trimming around the separator', () => {
    expect(parse('A=1\nB = 2\nC: 3\nD:4\n')).toEqual({ A: '1', B: '2', C: '3', D: '4' });
  });

  it('skips blank lines and # comment lines, also indented ones and CRLF line ends', () => {
    expect(parse('# top\r\n\r\n  # indented\r\nA=1\r\n\t\r\nB=2')).toEqual({ A: '1', B: '2' });
  });

  it('accepts an export prefix but not as part of a longer key', () => {
    expect(parse('export A=1\nexport\tB=2\nexportC=3\nexport.D=4')).toEqual({
      A: '1',
      B: '2',
      exportC: '3',
      'export.D': '4',
    });
  });

  it('accepts letters, digits, _, ., -, [ and ] in keys', () => {
    expect(parse('a.b-c_d[0]=x\nÉTÉ=y\n1A=z')).toEqual({ 'a.b-c_d[0]': 'x', ÉTÉ: 'y', '1A': 'z' });
  });

  it('ignores a UTF-8 byte-order mark', () => {
    expect(parse('\uFEFFA=1')).toEqual({ A: '1' });
  });

  it('cuts unquoted values at " #" only and trims them', () => {
    expect(parse('A=x # note\nB=x#y\nC=  spaced out  \nD=\nE=#')).toEqual({
      A: 'x',
      B: 'x#y',
      C: 'spaced out',
      D: '',
      E: '#',
    });
  });

  it('keeps single-quoted values literal except for \\\'', () => {
    expect(parse(`A='$HOME \\n # x'\nB='it\\'s'`)).toEqual({ A: '$HOME \\n # x', B: "it's" });
  });

  it('decodes escapes in double quotes, leaving unknown ones as written', () => {
    expect(parse(String.raw`A="tab\there\nline \"q\" back\\slash \x41 \u00e9 \q"`)).toEqual({
      A: 'tab\there\nline "q" back\\slash \\x41 \\u00e9 \\q',
    });
    expect(parse(String.raw`A="\0101\0" B="\012"`)).toEqual({ A: 'A\\', B: '\\12' });
  });

  it('reads quoted values over several lines', () => {
    expect(parse('A="one\ntwo"\nB=\'x\ny\'\nC=3')).toEqual({ A: 'one\ntwo', B: 'x\ny', C: '3' });
  });

  it('ends a quoted value at the first quote after an even run of backslashes', () => {
    expect(parse(String.raw`A="x\\" B="y\"z"`)).toEqual({ A: 'x\\', B: 'y"z' });
  });

  it('interpolates unquoted and double-quoted values but not single-quoted ones', () => {
    const lookup: Lookup = (name) => (name === 'HOME' ? '/home/me' : undefined);
    expect(parse(`A=$HOME/a\nB="\${HOME}/b"\nC='$HOME/c'\nD=\${NOPE:-dflt}`, lookup)).toEqual({
      A: '/home/me/a',
      B: '/home/me/b',
      C: '$HOME/c',
      D: 'dflt',
    });
  });

  it('keeps $ literal when written $$ or, in double quotes, \\$', () => {
    expect(parse(String.raw`A=$$x
B="\$x $$y"`)).toEqual({ A: '$x', B: '$x $y' });
  });

  it('lets later keys use earlier ones, but the lookup wins over the file', () => {
    expect(parse('A=1\nB=${A}2\nA=3\nC=$A')).toEqual({ A: '3', B: '12', C: '3' });
    expect(parse('A=1\nB=$A', (name) => (name === 'A' ? 'outer' : undefined))).toEqual({ A: '1', B: 'outer' });
  });

  it('inherits a bare KEY from the lookup and leaves it out when unset', () => {
    const lookup: Lookup = (name) => (name === 'SET' ? 'v' : name === 'EMPTY' ? '' : undefined);
    expect(parseDotenv('SET\nEMPTY\nUNSET\nexport LAST', '/p/.env', lookup)).toEqual(
      new Map([
        ['SET', 'v'],
        ['EMPTY', ''],
      ]),
    );
    expect(parse('LAST', () => 'x')).toEqual({ LAST: 'x' });
  });

  it('keeps the last value of a repeated key', () => {
    expect(parse('A=1\nA=2')).toEqual({ A: '2' });
  });

  it('reports an unterminated quote with file, line, column and key', () => {
    expectFailure('A=1\nB = "open\nC=3', {
      message: 'unterminated quoted value for B',
      location: { file: '/p/.env', line: 2, column: 5 },
      key: 'B',
    });
  });

  it('reports a bad character in a key where it is', () => {
    expectFailure('A=1\n  lol$wut=2', {
      message: 'unexpected character "$" in variable name',
      location: { file: '/p/.env', line: 2, column: 6 },
    });
  });

  it('reports a key with a space in it', () => {
    expectFailure('A="multi\nline"\nNOT A KEY\n', {
      message: 'key cannot contain a space: "NOT A KEY"',
      location: { file: '/p/.env', line: 3, column: 1 },
    });
  });

  it('reports interpolation errors at the value, with the key', () => {
    expectFailure('A=1\nB=${NEEDED:?set NEEDED}', {
      message: 'required variable NEEDED is missing a value: set NEEDED',
      location: { file: '/p/.env', line: 2, column: 3 },
      key: 'B',
    });
    expectFailure('C="${"', { message: expect.stringMatching(/^invalid interpolation format in "\$\{"/) as string });
  });
});

describe('quoting round trip', () => {
  const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/);

  it('reads back any value written in double quotes with \\, \" and \$ escaped', () => {
    const escape = (value: string): string => value.replace(/[\\"$]/g, (char) => `\\${char}`);
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ unit: 'binary' })), (entries) => {
        const text = Object.entries(entries)
          .map(([name, value]) => `${name}="${escape(value)}"`)
          .join('\n');
        expect(parse(text)).toEqual(entries);
      }),
    );
  });

  it('reads back any value without quotes or backslashes written in single quotes', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ unit: 'binary' }).map((v) => v.replace(/['\\]/g, ''))), (entries) => {
        const text = Object.entries(entries)
          .map(([name, value]) => `export ${name}='${value}'`)
          .join('\n');
        expect(parse(text)).toEqual(entries);
      }),
    );
  });
});

describe('readDotenv: the variables each value used', () => {
  // rw14ra repro 09: `DB_CONN=${POSTGRES_PASSWORD}` in an env_file was not recorded, so a weak
  // password (changeme) stayed a plain env value of the Deployment.
  const uses = (text: string, lookup: Lookup = none): Record<string, { name: string; value: string }[]> =>
    Object.fromEntries([...readDotenv(text, '/p/app.env', lookup).uses].map(([key, used]) => [key, used.map(({ name, value }) => ({ name, value }))]));

  it('records a key of the file and a variable of the caller substituted into a value', () => {
    const text = 'POSTGRES_PASSWORD=changeme\nDB_CONN=${POSTGRES_PASSWORD}\nPGOPTS="-c password=${POSTGRES_PASSWORD}"\nTOKEN_URL=x${API_TOKEN}\nPLAIN=1\nQUOTED=\'${POSTGRES_PASSWORD}\'\n';
    expect(uses(text, (name) => (name === 'API_TOKEN' ? 't0k' : undefined))).toEqual({
      DB_CONN: [{ name: 'POSTGRES_PASSWORD', value: 'changeme' }],
      PGOPTS: [{ name: 'POSTGRES_PASSWORD', value: 'changeme' }],
      TOKEN_URL: [{ name: 'API_TOKEN', value: 't0k' }],
    });
  });

  it("carries what a key of the file used into the values built from it, but not what the caller's variable of that name hides", () => {
    const text = 'DB_PASSWORD=s\nDSN=pg://u:${DB_PASSWORD}@db\nURL=${DSN}/app\n';
    expect(uses(text).URL).toEqual([{ name: 'DSN', value: 'pg://u:s@db' }, { name: 'DB_PASSWORD', value: 's' }]);
    // The caller's DSN wins over the file's (compose-go's order), and brings none of the file's uses.
    expect(uses(text, (name) => (name === 'DSN' ? 'pg://db' : undefined)).URL).toEqual([{ name: 'DSN', value: 'pg://db' }]);
  });

  it('forgets the uses of a key written again without a variable', () => {
    expect(uses('P_PASSWORD=a\nX=${P_PASSWORD}\nX=plain\n')).toEqual({});
  });
});
