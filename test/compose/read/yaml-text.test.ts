import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { loadProject } from '../../../lib/compose/load.ts';
import { MAX_YAML_PIECES } from '../../../lib/compose/read/yaml-text.ts';
import { temporaryDirectory } from '../../support/temporary.ts';

/*
 * The characters and encodings compose-go's YAML reader takes (test/reference/fixtures holds the
 * same cases against compose-go itself): UTF-8, UTF-16 after a byte order mark, and no control
 * character but tab, line feed and carriage return.
 */
const bin = fileURLToPath(new URL('../../../bin/cdk8s-compose', import.meta.url));
const TEXT = 'services:\n  web:\n    image: "nginx:1.27"\n    command: ["echo", "grüße ☃"]\n';

const directory = temporaryDirectory('yaml-text');

function loadBytes(bytes: Uint8Array): ReturnType<typeof loadProject> {
  writeFileSync(path.join(directory, 'compose.yaml'), bytes);
  return loadProject({ cwd: directory, environment: {} });
}

function loadError(bytes: Uint8Array): { readonly message: string; readonly line?: number; readonly column?: number } {
  try {
    loadBytes(bytes);
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    return { message: error.message, line: error.location?.line, column: error.location?.column };
  }
  throw new Error('the file loaded');
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const bytes = Buffer.from(`\ufeff${text}`, 'utf16le');
  return order === 'le' ? bytes : bytes.swap16();
}

describe('the text of a compose file', () => {
  const expected = loadBytes(Buffer.from(TEXT)).services;

  it('is read from UTF-16, little- or big-endian, after its byte order mark (PowerShell 5 writes it with >)', () => {
    expect(expected['web']?.command).toEqual(['echo', 'grüße ☃']);
    expect(loadBytes(utf16(TEXT, 'le')).services).toEqual(expected);
    expect(loadBytes(utf16(TEXT, 'be')).services).toEqual(expected);
  });

  it('drops a UTF-8 byte order mark, and keeps DEL, C1 controls and a byte order mark inside the text', () => {
    expect(loadBytes(Buffer.from(`\ufeff${TEXT}`)).services).toEqual(expected);
    const kept = loadBytes(Buffer.from('services:\n  web:\n    image: nginx\n    command: ["a\x7fb\u0081c\ufeffd"]\n'));
    expect(kept.services['web']?.command).toEqual(['a\x7fb\u0081c\ufeffd']);
  });

  it.each([
    ['a NUL', 'services:\n  web:\n    image: ngi\0nx\n', 3, 15, 'control character U+0000 is not allowed'],
    ['a vertical tab in a comment', 'services: # a\vb\n  web:\n    image: nginx\n', 1, 14, 'control character U+000B is not allowed'],
    ['an escape character', 'services:\n  web:\n    image: nginx\n    command: "\x1b[0m"\n', 4, 15, 'control character U+001B is not allowed'],
    ['U+FFFF', 'services:\n  web:\n    image: nginx\uffff\n', 3, 17, 'noncharacter U+FFFF is not allowed'],
  ])('refuses %s where it is', (_what, text, line, column, message) => {
    expect(loadError(Buffer.from(text))).toEqual({ message: `invalid YAML: ${message}`, line, column });
  });

  it('refuses bytes that are not UTF-8, at the first of them, and names it', () => {
    const bytes = Buffer.concat([Buffer.from('services:\n  web:\n    image: ngi'), Buffer.from([0xe9]), Buffer.from('nx\n')]);
    expect(loadError(bytes)).toEqual({ message: 'invalid YAML: not UTF-8 text (byte 0xe9); save the file as UTF-8', line: 3, column: 15 });
    const surrogate = Buffer.concat([Buffer.from('\ufeffservices: {}\n# é'), Buffer.from([0xed, 0xa0, 0x80])]);
    expect(loadError(surrogate)).toEqual({ message: 'invalid YAML: not UTF-8 text (byte 0xed); save the file as UTF-8', line: 2, column: 4 });
    expect(loadError(Buffer.concat([Buffer.from('services: {}\n# '), Buffer.from([0xe2, 0x98])])).message).toBe(
      'invalid YAML: not UTF-8 text (it ends inside a character); save the file as UTF-8',
    );
  });

  it('refuses UTF-16 without its byte order mark, with a hint, and UTF-16 that is cut or has a lone surrogate', () => {
    expect(loadError(Buffer.from(TEXT, 'utf16le'))).toEqual({
      message: 'invalid YAML: control character U+0000 is not allowed (UTF-16 without a byte order mark? save the file as UTF-8)',
      line: 1,
      column: 2,
    });
    const cut = utf16(TEXT, 'le').subarray(0, 21);
    expect(loadError(cut).message).toBe('invalid YAML: not UTF-16 text, which its byte order mark announces; save the file as UTF-8');
    const lone = Buffer.concat([utf16('services: {}\n#', 'be'), Buffer.from([0xdc, 0x00])]);
    expect(loadError(lone)).toMatchObject({ line: 2, column: 2 });
  });

  it('holds at most a million lines, flow items and flow collections, so that memory stays bounded', () => {
    const items = (count: number) => Array.from({ length: count }, () => 'a').join(',');
    // 3 line breaks and the opening bracket come before the items: the limit is passed at the last comma.
    const over = `services:\n  web:\n    image: nginx\n    command: [${items(MAX_YAML_PIECES - 2)}]\n`;
    expect(loadError(Buffer.from(over))).toEqual({
      message: "the file is too large to convert: more than 1,000,000 lines, flow items and flow collections (docker compose's loader stops at 100,000 YAML nodes)",
      line: 4,
      column: '    command: ['.length + 2 * (MAX_YAML_PIECES - 3) - 1 + 1,
    });
    const nested = `services:\n  web:\n    image: nginx\n    command: ${'['.repeat(MAX_YAML_PIECES)}${']'.repeat(MAX_YAML_PIECES)}\n`;
    expect(loadError(Buffer.from(nested))).toMatchObject({ line: 4, column: '    command: '.length + (MAX_YAML_PIECES - 3) + 1 });
    const long = `# ${'a long comment, '.repeat(MAX_YAML_PIECES / 8)}\n${TEXT}`;
    expect(long.length).toBeGreaterThan(2 * MAX_YAML_PIECES);
    expect(loadBytes(Buffer.from(long)).services['web']?.command).toEqual(['echo', 'grüße ☃']);
  });

  it('is decoded the same way from standard input', () => {
    const cwd = temporaryDirectory('yaml-text-stdin');
    const run = (input: Buffer) => spawnSync(bin, ['config', '-f', '-'], { input, encoding: 'utf8', cwd });
    const fromUtf16 = run(utf16(TEXT, 'le'));
    expect(fromUtf16.stderr).toBe('');
    expect(fromUtf16.stdout).toBe(run(Buffer.from(TEXT)).stdout);
    expect(fromUtf16.stdout).toContain('grüße ☃');
    const refused = run(Buffer.from('services:\n  web:\n    image: ngi\0nx\n'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^error: .*\/-:3:15: invalid YAML: control character U\+0000 is not allowed\n$/);
  });
});
