import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { parseShellWords } from '../../../lib/compose/normalize/shell-words.ts';

const split = (text: string): readonly string[] => parseShellWords(text).words;

describe('splitShellWords', () => {
  // The simple cases of mattn/go-shellwords' own test table, which compose relies on.
  it.each([
    ['var --bar=baz', ['var', '--bar=baz']],
    ['var --bar="baz"', ['var', '--bar=baz']],
    ['var "--bar=baz"', ['var', '--bar=baz']],
    [`var "--bar='baz'"`, ['var', `--bar='baz'`]],
    ['var --bar=`baz`', ['var', '--bar=`baz`']],
    [`var "--bar=\\"baz'"`, ['var', `--bar="baz'`]],
    [`var "--bar=\\'baz\\'"`, ['var', `--bar='baz'`]],
    [`var --bar='\\'`, ['var', '--bar=\\']],
    ['var "--bar baz"', ['var', '--bar baz']],
    ['var --"bar baz"', ['var', '--bar baz']],
    ['var  --"bar baz"', ['var', '--bar baz']],
    ['a "b"', ['a', 'b']],
    ['a " b "', ['a', ' b ']],
    ['a "   "', ['a', '   ']],
    ["a 'b'", ['a', 'b']],
    ["a ' b '", ['a', ' b ']],
    ["a '   '", ['a', '   ']],
  ])('%s', (text, words) => {
    expect(split(text)).toEqual(words);
  });

  it('splits on spaces, tabs and line breaks and ignores runs of them', () => {
    expect(split('  npm\trun \r\n start  ')).toEqual(['npm', 'run', 'start']);
    expect(split('')).toEqual([]);
    expect(split(' \t ')).toEqual([]);
  });

  it('keeps empty quoted words', () => {
    expect(split(`foo "" bar ''`)).toEqual(['foo', '', 'bar', '']);
  });

  it('joins adjacent quoted and unquoted parts into one word', () => {
    expect(split(`a"b c"'d e'f`)).toEqual(['ab cd ef']);
  });

  it('takes the character after a backslash literally, turning \\t and \\n into tab and newline', () => {
    expect(split('foo bar\\  ')).toEqual(['foo', 'bar ']);
    expect(split('a\\"b \\$HOME')).toEqual(['a"b', '$HOME']);
    expect(split('"x\\ty" x\\ny')).toEqual(['x\ty', 'x\ny']);
    expect(split("'a\\tb'")).toEqual(['a\\tb']);
  });

  it('does not expand variables', () => {
    expect(split('echo $HOME ${USER:-me} "$PATH"')).toEqual(['echo', '$HOME', '${USER:-me}', '$PATH']);
  });

  it('keeps $(…) and backquoted text verbatim inside a word', () => {
    expect(split('echo $(echo "foo")')).toEqual(['echo', '$(echo "foo")']);
    expect(split('echo bar=$(date +%s)cm')).toEqual(['echo', 'bar=$(date +%s)cm']);
    expect(split('echo `date; ls` x')).toEqual(['echo', '`date; ls`', 'x']);
    expect(split('echo $(`echo1)')).toEqual(['echo', '$(`echo1)']);
    expect(split('echo `a\\ b`')).toEqual(['echo', '`a\\ b`']);
  });

  it('keeps non-ASCII text intact', () => {
    expect(split('echo "héllo wörld" 🚀')).toEqual(['echo', 'héllo wörld', '🚀']);
  });

  it.each([
    [`foo '`, 'unterminated single quote'],
    ['foo "', 'unterminated double quote'],
    ['foo `', 'unterminated backquote'],
    ['foo \\', 'trailing backslash'],
    ['echo $(echo1', 'unterminated $('],
    ['echo (echo1', '( without $'],
    ['echo $ (x)', '( apart from its $'],
    ['echo )echo1', ') closing nothing'],
    ['a $(b (c))', 'nested parentheses'],
  ])('rejects %j (%s) as an invalid command line', (text) => {
    expect(() => split(text)).toThrow(ComposeError);
    expect(() => split(text)).toThrow(`invalid command line string: ${JSON.stringify(text)}`);
  });
});

describe('parseShellWords', () => {
  it('reports nothing dropped for a plain command', () => {
    expect(parseShellWords('npm start')).toEqual({ words: ['npm', 'start'] });
  });

  it('stops at an unquoted shell operator like compose and reports what it drops', () => {
    expect(parseShellWords('echo foo; seq 1 10')).toEqual({ words: ['echo', 'foo'], dropped: '; seq 1 10' });
    expect(parseShellWords('npm ci && npm start')).toEqual({ words: ['npm', 'ci'], dropped: '&& npm start' });
    expect(parseShellWords('cat a|wc')).toEqual({ words: ['cat', 'a'], dropped: '|wc' });
    expect(parseShellWords('sort <in')).toEqual({ words: ['sort'], dropped: '<in' });
    expect(split('echo foo; seq 1 10')).toEqual(['echo', 'foo']);
  });

  it('drops the file descriptor of a redirection with it', () => {
    expect(parseShellWords('ls -la 2>foo')).toEqual({ words: ['ls', '-la'], dropped: '2>foo' });
    expect(parseShellWords('ls -la x2>foo')).toEqual({ words: ['ls', '-la', 'x2'], dropped: '>foo' });
  });

  it('keeps quoted or escaped operators', () => {
    expect(parseShellWords(`sh -c "a && b" 'c;d' e\\|f`)).toEqual({ words: ['sh', '-c', 'a && b', 'c;d', 'e|f'] });
  });
});

describe('shell quoting round trip', () => {
  it('splits single-quoted words (with \'\\\'\' for quotes) back into the same words', () => {
    const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (words) => {
        expect(split(words.map(quote).join(' '))).toEqual(words);
      }),
    );
  });
});
