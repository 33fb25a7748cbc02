import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../../lib/k8s/output/atomic-write.ts';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'write-stream-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  test('writes the pieces in order, across batches', () => {
    const file = join(scratch(), 'out', 'a.yaml');
    // More than one 64 KiB batch.
    const texts = Array.from({ length: 3000 }, (_, index) => `${'ä'.repeat(index % 50)}doc ${index}\n`);
    writeFileAtomic(file, texts.map((text) => Buffer.from(text)));
    expect(readFileSync(file, 'utf8')).toBe(texts.join(''));
    expect(readdirSync(join(file, '..'))).toEqual(['a.yaml']);
  });

  test('a producer may reuse one buffer for its pieces: each is taken before the next is asked for', () => {
    const file = join(scratch(), 'a.yaml');
    const texts = Array.from({ length: 3000 }, (_, index) => `${'é'.repeat(index % 40)}doc ${index}\n`);
    texts.push(`${'x'.repeat(200_000)}\n`, 'after the large one\n');
    function* reusing(): Generator<Buffer> {
      let buffer = Buffer.alloc(1000);
      for (const text of texts) {
        if (Buffer.byteLength(text) > buffer.length) buffer = Buffer.alloc(Buffer.byteLength(text));
        yield buffer.subarray(0, buffer.write(text));
        buffer.fill('!');
      }
    }
    writeFileAtomic(file, reusing());
    expect(readFileSync(file, 'utf8')).toBe(texts.join(''));
  });

  test('a producer that fails leaves the previous file byte-identical and no temporary', () => {
    const dir = scratch();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'old\n');
    function* failing(): Generator<Buffer> {
      yield Buffer.alloc(100_000, 'x');
      throw new Error('translation failed');
    }
    expect(() => writeFileAtomic(file, failing())).toThrow('translation failed');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  test('never writes through a file planted under the temporary name', () => {
    const dir = scratch();
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'kept\n');
    symlinkSync(target, join(dir, `.a.yaml.${process.pid}.tmp`));
    // The planted name is this process's own pid: a leftover, removed before the write.
    writeFileAtomic(join(dir, 'a.yaml'), [Buffer.from('new\n')]);
    expect(readFileSync(target, 'utf8')).toBe('kept\n');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('new\n');
  });
});
