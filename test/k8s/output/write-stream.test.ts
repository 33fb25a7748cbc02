import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeFileAtomicFrom } from '../../../lib/k8s/output/write-stream.ts';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'write-stream-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomicFrom', () => {
  test('writes the pieces in order, across batches, with multi-byte characters whole', () => {
    const file = join(scratch(), 'out', 'a.yaml');
    // More than one 64 Ki-character batch, and a piece of two-byte characters at a batch edge.
    const pieces = Array.from({ length: 3000 }, (_, index) => `${'ä'.repeat(index % 50)}doc ${index}\n`);
    writeFileAtomicFrom(file, pieces);
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
    expect(readdirSync(join(file, '..'))).toEqual(['a.yaml']);
  });

  test('a producer that fails leaves the previous file byte-identical and no temporary', () => {
    const dir = scratch();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'old\n');
    function* failing(): Generator<string> {
      yield 'x'.repeat(100_000);
      throw new Error('translation failed');
    }
    expect(() => writeFileAtomicFrom(file, failing())).toThrow('translation failed');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  test('never writes through a file planted under the temporary name', () => {
    const dir = scratch();
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'kept\n');
    symlinkSync(target, join(dir, `.a.yaml.${process.pid}.tmp`));
    // The planted name is this process's own pid: a leftover, removed before the write.
    writeFileAtomicFrom(join(dir, 'a.yaml'), ['new\n']);
    expect(readFileSync(target, 'utf8')).toBe('kept\n');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('new\n');
  });
});
