/**
 * bin/cdk8s-compose runs a precompiled bundle with a V8 code cache (tools/precompiled.mjs), or a
 * start-up snapshot of it (tools/snapshot.mjs). A stale bundle or snapshot, or a cache made for other
 * code, would run the wrong program, so these runs prove that the bundle and the snapshot follow the
 * sources and that a cache is only used for the exact bundle it was made from.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyRepo } from '../../bench/repo-copy.ts';
import { repoRoot } from '../support/k8s.ts';
import { temporaryDirectory } from '../support/temporary.ts';

const PROJECT = 'services:\n  web:\n    image: nginx:1.25\n';

describe('the precompiled CLI', () => {
  let repo: string;
  let project: string;
  const build = (): string => path.join(repo, '.build');
  const caches = (): string[] => readdirSync(build()).filter((file) => file.startsWith('cli.') && file.endsWith('.cache'));
  const config = () => {
    const run = spawnSync(process.execPath, [path.join(repo, 'bin', 'cdk8s-compose'), 'config'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return run.stdout;
  };

  beforeAll(() => {
    const scratch = temporaryDirectory('precompiled');
    repo = path.join(scratch, 'repo');
    project = path.join(scratch, 'project');
    copyRepo(repoRoot, repo);
    mkdirSync(project);
    writeFileSync(path.join(project, 'compose.yaml'), PROJECT);
    // A file changed less than 50 ms before a build is recorded as unknown (tools/build-inputs.mjs),
    // so the first start would build the bundle twice (Node 22 copies the repository that fast): let
    // the copy settle, as a checkout has.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  });

  it('builds the bundle and a code cache on the first run, then reuses the cache as it is', () => {
    expect(config()).toContain('image: nginx:1.25');
    const [cache] = caches();
    expect(caches()).toHaveLength(1);
    const written = statSync(path.join(build(), cache!)).mtimeMs;
    expect(config()).toContain('image: nginx:1.25');
    // A cache V8 rejected would have been written again.
    expect(caches()).toEqual([cache]);
    expect(statSync(path.join(build(), cache!)).mtimeMs).toBe(written);
  });

  it('rebuilds the bundle when a source is newer and replaces the cache made for the old bundle', () => {
    const [before] = caches();
    const bundleBefore = statSync(path.join(build(), 'cli.cjs')).mtimeMs;
    appendFileSync(path.join(repo, 'lib', 'cli', 'main.ts'), "\n(globalThis as Record<string, unknown>)['changedForTheTest'] = true;\n");
    expect(config()).toContain('image: nginx:1.25');
    expect(statSync(path.join(build(), 'cli.cjs')).mtimeMs).toBeGreaterThan(bundleBefore);
    expect(caches()).toHaveLength(1);
    expect(caches()).not.toEqual([before]);
  });

  it('never starts from a snapshot older than the sources, and rebuilds it', () => {
    const bin = path.join(repo, 'bin', 'cdk8s-compose');
    // Run as a program, the script starts from .build/cli.blob once a plain start has built it.
    const version = () => spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' }).stdout;
    expect(version()).toBe('cdk8s-compose 0.1.0\n');
    const blob = path.join(build(), 'cli.blob');
    const built = statSync(blob).mtimeMs;
    expect(version()).toBe('cdk8s-compose 0.1.0\n');
    expect(statSync(blob).mtimeMs).toBe(built);
    writeFileSync(path.join(repo, 'lib', 'cli', 'version.ts'), "export const VERSION = '0.1.0-edited';\n");
    expect(version()).toBe('cdk8s-compose 0.1.0-edited\n');
    expect(statSync(blob).mtimeMs).toBeGreaterThan(built);
    expect(version()).toBe('cdk8s-compose 0.1.0-edited\n');
  });

  it('notices an edit that leaves the file older than the build (cp -p, tar, rsync -t)', () => {
    const bin = path.join(repo, 'bin', 'cdk8s-compose');
    const version = () => spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' }).stdout;
    const file = path.join(repo, 'lib', 'cli', 'version.ts');
    expect(version()).toBe('cdk8s-compose 0.1.0-edited\n');
    const hourAgo = new Date(Date.now() - 3_600_000);
    writeFileSync(file, "export const VERSION = '0.1.0-older';\n");
    utimesSync(file, hourAgo, hourAgo);
    expect(statSync(file).mtimeMs).toBeLessThan(statSync(path.join(build(), 'cli.blob')).mtimeMs);
    expect(version()).toBe('cdk8s-compose 0.1.0-older\n');
    expect(version()).toBe('cdk8s-compose 0.1.0-older\n');
  });

  it('runs the sources as they are, built in memory, where the bundle cannot be written', () => {
    // A read-only install whose files' owner or mode changed after the build (chown, chmod: a new
    // change time) is out of date and cannot be rebuilt in place. A directory where the bundle goes
    // cannot be written by anyone, root included.
    const copy = path.join(temporaryDirectory('precompiled-read-only'), 'repo');
    copyRepo(repoRoot, copy);
    writeFileSync(path.join(copy, 'lib', 'cli', 'version.ts'), "export const VERSION = '0.1.0-unwritable';\n");
    mkdirSync(path.join(copy, '.build', 'cli.cjs'), { recursive: true });
    for (const start of [[path.join(copy, 'bin', 'cdk8s-compose')], [process.execPath, path.join(copy, 'bin', 'cdk8s-compose')]]) {
      const run = spawnSync(start[0]!, [...start.slice(1), '--version'], { cwd: project, encoding: 'utf8' });
      expect(run).toMatchObject({ status: 0, stdout: 'cdk8s-compose 0.1.0-unwritable\n', stderr: '' });
    }
    const converted = spawnSync(path.join(copy, 'bin', 'cdk8s-compose'), ['config'], { cwd: project, encoding: 'utf8' });
    expect(converted).toMatchObject({ status: 0, stderr: '' });
    expect(converted.stdout).toBe(config());
  });

  it('runs correctly with a damaged cache and writes a good one', () => {
    const [cache] = caches();
    writeFileSync(path.join(build(), cache!), 'not a code cache');
    expect(config()).toContain('image: nginx:1.25');
    expect(statSync(path.join(build(), cache!)).size).toBeGreaterThan(1000);
  });
});
