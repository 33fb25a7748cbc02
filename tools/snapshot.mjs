// A V8 start-up snapshot of the CLI (.build/cli.blob): the heap of a process that has loaded the
// precompiled bundle and converted two small projects, saved by `node --build-snapshot`. A process
// started from it (`node --snapshot-blob .build/cli.blob -- ARGS`, as bin/cdk8s-compose does) skips
// reading, compiling and running the bundle's ~820 KB and the schema validator's set-up.
// The snapshot checks on every start that the files the bundle was built from are unchanged
// (tools/snapshot-main.ts, tools/build-inputs.mjs) and refuses to run otherwise; the plain start then
// rebuilds it here.
import { closeSync, copyFileSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeFile } from '../lib/code-cache.mjs';
import { bundleRecord } from './build-inputs.mjs';
import { ensureBundle } from './precompiled.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const SNAPSHOT_BLOB = join(root, '.build', 'cli.blob');
/** What the blob was built from and by which Node.js; the blob checks the first itself. */
const STAMP = `${SNAPSHOT_BLOB}.json`;
/**
 * Two lines: the V8 flags the blob was built with, as this Node.js knows them (see snapshotFlags),
 * and the `node` that built it, as bin/cdk8s-compose found it on PATH. The script starts the blob
 * only when the `node` it finds is that file, and with those flags: Node refuses a blob another
 * Node.js built, or started with other flags, and prints why on stderr, before any of our code runs.
 */
export const SNAPSHOT_FLAGS_FILE = `${SNAPSHOT_BLOB}.flags`;
const LOCK = `${SNAPSHOT_BLOB}.lock`;
/** The bundle the snapshot was built from, copied while the lock is held. */
const SNAPSHOT_SOURCE = join(root, '.build', 'cli-snapshot.cjs');
/**
 * V8 flags of every start from the snapshot, and of its build (Node refuses a snapshot built with
 * other flags; bin/cdk8s-compose reads them from SNAPSHOT_FLAGS_FILE). The converter runs each of its functions a few times
 * per service: optimizing them after 8× V8's default budget of interpreted work, not before, saves
 * about 10% of the CPU time and 6 MiB at 10 services and 25% at 1,000 (it is spent on a compile
 * that a short run does not pay back), 8% at 5,000 — measured on 2 cores. A young generation of
 * at most 2 MiB per semi-space and an old generation that may grow by 50% between full collections
 * (V8 picks up to 4× on its own for a small heap) keep the garbage that translation promotes from
 * piling up: peak memory at 5,000 services 369 -> 228 MiB, at 1,000 135 -> 100 MiB, when the output
 * text was still held in memory; since it is spilled (lib/k8s/output/yaml-stream.ts), a growth of 50%
 * rather than 30% costs ~8 MiB of peak (~183 MiB at 5,000) and saves ~8% CPU there (larger
 * semi-spaces raise the peak; smaller ones or a smaller growth cost more time than they save memory).
 */
export const SNAPSHOT_FLAGS = ['--interrupt-budget=1048576', '--max-semi-space-size=4', '--heap-growing-percent=50'];

/**
 * SNAPSHOT_FLAGS that this Node.js accepts: V8 12 (Node.js 22) dropped --interrupt-budget (it counts
 * calls instead), and Node exits at once on a flag it does not know.
 */
function snapshotFlags() {
  const accepts = (flags) => spawnSync(process.execPath, [...flags, '-e', '0'], { stdio: 'ignore' }).status === 0;
  return accepts(SNAPSHOT_FLAGS) ? SNAPSHOT_FLAGS : SNAPSHOT_FLAGS.filter((flag) => accepts([flag]));
}
/** A lock older than this was left by a build that died. */
const LOCK_EXPIRY_MS = 120_000;

function stampOf(record) {
  return JSON.stringify({ record, node: process.version, execPath: process.execPath, flags: SNAPSHOT_FLAGS });
}

/** Whether two paths name one file (a symlink names what it points to), as the shell's -ef. */
function sameFile(a, b) {
  const one = statSync(a);
  const other = statSync(b);
  return one.dev === other.dev && one.ino === other.ino;
}

function isFresh(record, node) {
  try {
    return readFileSync(STAMP, 'utf8') === stampOf(record) && statSync(SNAPSHOT_BLOB).isFile() && sameFile(readFileSync(SNAPSHOT_FLAGS_FILE, 'utf8').split('\n')[1], node);
  } catch {
    return false;
  }
}

/** One build at a time: parallel runs (tests) after an edit would otherwise each build one. */
function takeLock() {
  try {
    closeSync(openSync(LOCK, 'wx'));
    return true;
  } catch (error) {
    const held = error?.code === 'EEXIST' ? statSync(LOCK, { throwIfNoEntry: false }) : undefined;
    if (!held || Date.now() - held.mtimeMs < LOCK_EXPIRY_MS) return false;
    rmSync(LOCK, { force: true });
    return takeLock();
  }
}

/**
 * Builds .build/cli.blob unless it is fresh or another process is building it. Returns whether a
 * fresh blob exists. A blob that cannot be built or written (read-only install, a Node.js without
 * user-land snapshots) only leaves the CLI on its plain start. `node`: this Node.js, as the `node`
 * that bin/cdk8s-compose finds on PATH (a symlink to it, or a version manager's shim).
 */
export async function ensureSnapshot(node = process.execPath) {
  const source = await ensureBundle('cli', 'tools/cli-entry.ts');
  if (source === undefined) return false;
  const record = bundleRecord(source);
  if (record === undefined) return false;
  if (isFresh(record, node)) return true;
  if (!takeLock()) return false;
  const partial = `${SNAPSHOT_BLOB}.${process.pid}.partial`;
  // The snapshot is built from a copy of the bundle, which a parallel rebuild cannot replace: its
  // build record (which the snapshot checks on every start) is then that of the code it holds. The
  // copy stays, as the file the snapshot's stack traces name.
  const bundle = SNAPSHOT_SOURCE;
  try {
    copyFileSync(source, bundle);
    const built = bundleRecord(bundle);
    if (built === undefined) return false;
    // The Compose schema's validator is compiled and cached by a plain run first: compiled while the
    // snapshot is built (a fresh install has no cache), it loads Ajv from node_modules, and a snapshot
    // whose build loaded a module from disk cannot start (Node's internal assertion).
    spawnSync(process.execPath, [bundle, 'config', '-f', '-'], { cwd: tmpdir(), input: 'services:\n  warm-up:\n    image: busybox\n', stdio: ['pipe', 'ignore', 'ignore'] });
    const flags = snapshotFlags();
    const build = spawnSync(process.execPath, [...flags, '--snapshot-blob', partial, '--build-snapshot', bundle], {
      cwd: dirname(bundle),
      env: { ...process.env, CDK8S_COMPOSE_SNAPSHOT_BUNDLE: bundle },
      stdio: 'ignore',
    });
    if (build.status !== 0) return false;
    // A blob that cannot start is never installed: the CLI keeps its plain start instead. (The
    // partial blob is in .build/ too, so it finds the repository its record names.)
    const start = spawnSync(process.execPath, [...flags, '--snapshot-blob', partial, '--', '--version'], { stdio: 'ignore' });
    if (start.status !== 0) return false;
    // The flags first: a start between the two writes gives the old blob the new flags, which Node
    // refuses (exit 14 or 9) and the script then starts plainly; never the new blob with old flags.
    if (!storeFile(SNAPSHOT_FLAGS_FILE, `${flags.join(' ')}\n${node}\n`)) return false;
    renameSync(partial, SNAPSHOT_BLOB);
    return storeFile(STAMP, stampOf(built));
  } finally {
    rmSync(partial, { force: true });
    rmSync(LOCK, { force: true });
  }
}
