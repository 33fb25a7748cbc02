/**
 * Output flags that name a file (`convert -o FILE`, `--report FILE`, `--diagram FILE`) replace a
 * regular file atomically, and write into what is not one, never replacing it: a symbolic link's
 * target, a FIFO, /dev/null, /dev/stdout. Run as root, `--report /dev/null` used to make /dev/null
 * a regular file; the last test checks that in a mount namespace of its own, with a /dev of its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../lib/cli/io.ts';
import { runCli } from '../../lib/cli/main.ts';
import { outputTarget } from '../../lib/cli/output-target.ts';
import { repoRoot } from '../support/k8s.ts';
import { temporaryDirectory } from '../support/temporary.ts';

const COMPOSE = 'name: shop\nservices:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n';
const bin = join(repoRoot, 'bin', 'cdk8s-compose');

function project(): string {
  const directory = temporaryDirectory('output-target');
  writeFileSync(join(directory, 'compose.yaml'), COMPOSE);
  return directory;
}

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd, env: {}, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** The manifests of COMPOSE, as `convert` prints them. */
async function manifests(): Promise<string> {
  const printed = await cli(project(), 'convert', '-q');
  expect(printed.code).toBe(0);
  return printed.stdout;
}

describe('output flags that name a file', () => {
  it('-o - prints to standard output, as the default does, and makes no file named -', async () => {
    const directory = project();
    const result = await cli(directory, 'convert', '-q', '-o', '-');
    expect(result).toEqual({ code: 0, stdout: await manifests(), stderr: '' });
    expect(existsSync(join(directory, '-'))).toBe(false);
  });

  it('-o through a symbolic link writes the file it points to and keeps the link', async () => {
    const directory = project();
    writeFileSync(join(directory, 'release.yaml'), 'previous\n');
    symlinkSync('release.yaml', join(directory, 'current.yaml'));
    const result = await cli(directory, 'convert', '-q', '-o', 'current.yaml');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`wrote ${join(directory, 'release.yaml')}\n`);
    expect(lstatSync(join(directory, 'current.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(directory, 'release.yaml'), 'utf8')).toBe(await manifests());
  });

  it('a symbolic link to nothing is refused, and nothing is written', async () => {
    const directory = project();
    symlinkSync('missing.yaml', join(directory, 'current.yaml'));
    const result = await cli(directory, 'convert', '-q', '-o', 'current.yaml');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^error: -o: \S*current\.yaml is a symbolic link to a file that does not exist\n$/);
    expect(readlinkSync(join(directory, 'current.yaml'))).toBe('missing.yaml');
    expect(existsSync(join(directory, 'missing.yaml'))).toBe(false);
  });

  it('-o a FIFO writes into it, for the process reading it', async () => {
    const directory = project();
    const fifo = join(directory, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString('utf8')));
    const closed = new Promise((done) => reader.on('close', done));
    const result = await cli(directory, 'convert', '-q', '-o', fifo);
    await closed;
    expect(result).toEqual({ code: 0, stdout: '', stderr: `wrote ${fifo}\n` });
    expect(read).toBe(await manifests());
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it.skipIf(!existsSync('/dev/full'))('a device that refuses the write is named in one line', async () => {
    expect(await cli(project(), 'convert', '-q', '-o', '/dev/full')).toEqual({ code: 1, stdout: '', stderr: 'error: /dev/full cannot be written (ENOSPC)\n' });
  });

  it('-o /dev/stdout adds to what standard output is, even a file a shell opened with >>', async () => {
    const directory = project();
    const log = join(directory, 'log.txt');
    writeFileSync(log, 'previous\n');
    const inode = statSync(log).ino;
    const appended = openSync(log, 'a');
    try {
      const run = spawnSync(bin, ['convert', '-q', '-o', '/dev/stdout'], { cwd: directory, stdio: ['ignore', appended, 'pipe'], encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('wrote /dev/stdout\n');
    } finally {
      closeSync(appended);
    }
    expect(readFileSync(log, 'utf8')).toBe(`previous\n${await manifests()}`);
    expect(statSync(log).ino).toBe(inode);
  });

  it('--report - prints the report when -o takes the manifests, and is refused when standard output carries them', async () => {
    const directory = project();
    const beside = await cli(directory, 'convert', '-q', '-o', 'out.yaml', '--report', '-');
    expect(beside.code).toBe(0);
    expect(JSON.parse(beside.stdout)).toMatchObject({ project: 'shop', namespace: 'shop' });
    const clash = await cli(directory, 'convert', '-q', '--report', '-');
    expect(clash).toMatchObject({ code: 2, stdout: '' });
    expect(clash.stderr).toContain('--report -: standard output already carries the manifests; give -o, or a file');
    const both = await cli(directory, 'convert', '-q', '-o', '-', '--diagram', '-');
    expect(both).toMatchObject({ code: 2, stdout: '' });
    expect(both.stderr).toContain('-o - and --diagram - both name standard output; give one a file');
  });

  it('secrets -o - prints to standard output; -o naming a file is refused with one line', async () => {
    const directory = project();
    writeFileSync(join(directory, 'compose.yaml'), `${COMPOSE}    secrets: [token]\nsecrets:\n  token:\n    environment: TOKEN\n`);
    const external = ['secrets', '--format', 'external-secrets', '--secret-store', 'vault'];
    const printed = await cli(directory, ...external, '-o', '-');
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    expect(printed.stdout).toContain('kind: ExternalSecret');
    expect(existsSync(join(directory, '-'))).toBe(false);
    writeFileSync(join(directory, 'afile'), 'keep\n');
    const refused = await cli(directory, ...external, '-o', 'afile');
    expect(refused).toEqual({ code: 1, stdout: '', stderr: `error: -o: ${join(directory, 'afile')} exists and is not a directory\n` });
    expect(readFileSync(join(directory, 'afile'), 'utf8')).toBe('keep\n');
  });

  it('takes character devices and FIFOs as they are, and refuses what no file is written to', () => {
    const directory = project();
    expect(outputTarget('--report', '/dev/null', directory)).toEqual({ kind: 'stream', path: '/dev/null' });
    expect(outputTarget('--report', 'r.json', directory)).toEqual({ kind: 'file', path: join(directory, 'r.json') });
    expect(() => outputTarget('--report', '.', directory)).toThrow(`--report: ${directory} is a directory`);
    expect(() => outputTarget('--report', '/proc/self/status', directory)).toThrow(/is under \/proc, \/sys, \/dev, where no output is written$/);
    expect(() => outputTarget('--diagram', '/dev/new.md', directory)).toThrow('--diagram: /dev is under /proc, /sys, /dev, where no output is written');
  });
});

/** Root, and `unshare` can make a mount namespace: a /dev of the test's own, which a regression may damage. */
function privateDevAvailable(): boolean {
  return process.getuid?.() === 0 && spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status === 0;
}

const privateDev = privateDevAvailable();
if (!privateDev) console.warn('[skip] output flags run as root against /dev: needs root and unshare (a mount namespace)');

describe.skipIf(!privateDev)('output flags, run as root, against /dev', () => {
  it('never replace /dev/null or /dev/stdout, and name a directory they cannot write', () => {
    const directory = project();
    // A tmpfs over /dev in a mount namespace of its own, with the devices and links the runs need.
    const script = `set -e
mount -t tmpfs tmpfs /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/urandom c 1 9
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
run() { if "$@" >/dev/null 2>&1; then echo 'exit 0'; else echo "exit $?"; fi; }
run "$0" convert -q -o out.yaml --report /dev/null --diagram /dev/stdout
run "$0" convert -q -o /dev/null
run "$0" convert -q --format helm -o /dev/null
run "$0" convert -q -o /dev/stderr
stat -c '%n %F' /dev/null /dev/stdout /dev/stderr
mkdir read-only && mount -t tmpfs -o ro tmpfs read-only
"$0" convert -q -o read-only/out.yaml 2>&1 || echo "exit $?"`;
    const run = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, bin], { cwd: directory, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe([
      'exit 0',
      'exit 0',
      'exit 2',
      'exit 0',
      '/dev/null character special file',
      '/dev/stdout symbolic link',
      '/dev/stderr symbolic link',
      // Said before converting, naming the directory (not the temporary file the write would use).
      `error: -o: ${join(directory, 'read-only')} cannot be written (EROFS)`,
      'exit 1',
      '',
    ].join('\n'));
    expect(readFileSync(join(directory, 'out.yaml'), 'utf8')).toContain('kind: Deployment');
  });

  it('on a full disk name the output, keep the old one, and leave no file or directory they made', () => {
    const directory = project();
    // A file system of three 4 KiB pages, two of them taken by the ballast and one by the old output.
    const script = `set -e
mkdir full && mount -t tmpfs -o size=12k tmpfs full
head -c 8192 /dev/zero > full/ballast
echo old > full/out.yaml
run() { "$@" 2>&1 || echo "exit $?"; }
run "$0" convert -q -o full/out.yaml
run "$0" convert -q -o full/new/deeper/
run "$0" convert -q --format helm -o full/chart
cat full/out.yaml
ls -A full`;
    const run = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, bin], { cwd: directory, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe([
      `error: ${join(directory, 'full', 'out.yaml')} cannot be written (ENOSPC)`,
      'exit 1',
      `error: ${join(directory, 'full', 'new', 'deeper', 'shop.k8s.yaml')} cannot be written (ENOSPC)`,
      'exit 1',
      `error: ${join(directory, 'full', 'chart')} cannot be written (ENOSPC)`,
      'exit 1',
      'old',
      'ballast',
      'out.yaml',
      '',
    ].join('\n'));
  });
});
