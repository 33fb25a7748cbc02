import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeNow } from '../../lib/cli/io.ts';
import { runCli } from '../../lib/cli/main.ts';
import { writeComposeProject } from '../../bench/generate.ts';
import { repoRoot } from '../support/k8s.ts';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stdout-bytes-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('standard output as bytes', () => {
  // A pipe that does not block (its writer's descriptor is O_NONBLOCK, as a parent's Node.js may leave
  // an inherited one) refuses writes while full: the rest waits for the reader instead of failing or
  // being dropped.
  test.skipIf(process.platform !== 'linux')('writeNow writes everything into a full non-blocking pipe whose reader is slow', async () => {
    const dir = scratch();
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const received = join(dir, 'received');
    // The reader starts late, so the pipe (64 KiB) is full long before it reads.
    const reader = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(received)}, require('fs').readFileSync(${JSON.stringify(fifo)})), 300)`]);
    const readerDone = new Promise((resolve) => reader.on('exit', resolve));
    // A reading end opened here first (non-blocking) lets the non-blocking writing end open, and
    // keeps the pipe from breaking until the reader has it open too; only the reader reads.
    const keep = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const bytes = Buffer.from(Array.from({ length: 40_000 }, (_, index) => `line ${index} ä\n`).join(''));
    writeNow(writer, bytes);
    closeSync(writer);
    closeSync(keep);
    await readerDone;
    expect(readFileSync(received).equals(bytes)).toBe(true);
  });

  test('the program prints the stream it writes with -o, byte for byte, through a pipe', () => {
    const dir = scratch();
    // Large enough for many pieces and a spill file.
    writeComposeProject(dir, 200);
    const bin = join(repoRoot, 'bin', 'cdk8s-compose');
    const written = spawnSync(process.execPath, [bin, 'convert', '-q', '-o', join(dir, 'out.yaml')], { cwd: dir, encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    const printed = spawnSync(process.execPath, [bin, 'convert', '-q'], { cwd: dir, maxBuffer: 1 << 30 });
    expect(printed.status, printed.stderr.toString()).toBe(0);
    expect(printed.stdout.equals(readFileSync(join(dir, 'out.yaml')))).toBe(true);
  });

  // `… | head`: the reader closes the pipe after a few bytes; the command ends quietly, like a Unix
  // filter, whether it writes bytes (convert) or text (config), started as a program or plainly.
  test.skipIf(process.platform === 'win32')('a reader that stops reading ends the command quietly: exit 0, nothing on stderr', () => {
    const dir = scratch();
    writeComposeProject(dir, 300);
    const bin = join(repoRoot, 'bin', 'cdk8s-compose');
    for (const start of [`"${process.execPath}" "${bin}"`, `"${bin}"`]) {
      for (const command of ['convert -q', 'config']) {
        const result = spawnSync('sh', ['-c', `{ ${start} ${command} 2>stderr.txt; echo $? >status.txt; } | head -c 100 >/dev/null`], { cwd: dir });
        expect(result.status).toBe(0);
        expect({ start, command, status: readFileSync(join(dir, 'status.txt'), 'utf8').trim(), stderr: readFileSync(join(dir, 'stderr.txt'), 'utf8') })
          .toEqual({ start, command, status: '0', stderr: '' });
      }
    }
  });

  test('in-process, without a byte writer, the same stream arrives as text', async () => {
    const dir = scratch();
    writeComposeProject(dir, 200);
    let stdout = '';
    const code = await runCli(['convert', '-q'], { stdout: (text) => (stdout += text), stderr: () => {}, cwd: dir, env: {} });
    expect(code).toBe(0);
    expect(await runCli(['convert', '-q', '-o', 'out.yaml'], { stdout: () => {}, stderr: () => {}, cwd: dir, env: {} })).toBe(0);
    expect(stdout).toBe(readFileSync(join(dir, 'out.yaml'), 'utf8'));
  });
});
