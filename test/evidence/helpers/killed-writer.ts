/**
 * A child program for the kill-point tests: writes one output with the atomic writer and kills
 * itself with SIGKILL right after its Nth file-system step — each mkdir, write, rename, removal and
 * the exchange; a recursive removal of a folder is also killed half-way, after its first file.
 * Without a kill point it prints how many steps the write took.
 *
 *   node --import tsx killed-writer.ts dir|dir-renames|file OUTPUT KILL_AT CONTENT
 *
 * `dir` writes {a.txt, sub/b.txt, sub/deep/c.txt} with CONTENT as writeDirectoryAtomic does;
 * `dir-renames` the same where the atomic exchange is unavailable; `file` writes OUTPUT itself.
 */
import childProcess from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

const [mode, output, killAtText, content] = process.argv.slice(2);
if (!mode || !output || !killAtText || content === undefined) throw new Error('usage: killed-writer.ts MODE OUTPUT KILL_AT CONTENT');
const killAt = Number(killAtText);
let steps = 0;

function step(): void {
  steps++;
  if (steps === killAt) process.kill(process.pid, 'SIGKILL');
}

function after<A extends unknown[], R>(original: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    const result = original(...args);
    step();
    return result;
  };
}

/** The first file below `dir`, depth first, for a removal killed half-way. */
function firstFile(dir: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? firstFile(path) : path;
    if (found) return found;
  }
  return undefined;
}

const rmSync = fs.rmSync;
fs.rmSync = (path, options) => {
  if (options?.recursive && fs.existsSync(path) && fs.statSync(path).isDirectory()) {
    const file = firstFile(String(path));
    if (file) {
      fs.unlinkSync(file);
      step();
    }
  }
  rmSync(path, options);
  step();
};
fs.mkdirSync = after(fs.mkdirSync) as typeof fs.mkdirSync;
fs.writeFileSync = after(fs.writeFileSync);
fs.renameSync = after(fs.renameSync);
const spawnSync = childProcess.spawnSync;
childProcess.spawnSync = ((...args: Parameters<typeof spawnSync>) => {
  if (mode === 'dir-renames') return { status: 1, signal: null, output: [], pid: 0, stdout: '', stderr: '' };
  const result = spawnSync(...args);
  step();
  return result;
}) as typeof spawnSync;
// The writer imports these functions by name: make those bindings see the wrappers.
syncBuiltinESMExports();

const { writeDirectoryAtomic, writeFileAtomic } = await import('../../../lib/k8s/output/atomic-write.ts');
if (mode === 'file') {
  writeFileAtomic(output, content);
} else {
  writeDirectoryAtomic(
    [
      { path: 'a.txt', content },
      { path: 'sub/b.txt', content },
      { path: 'sub/deep/c.txt', content },
    ],
    output,
  );
}
process.stdout.write(`${steps}\n`);
