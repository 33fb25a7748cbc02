/**
 * The image-files copier's script, run by a real `sh` on temporary folders (its `/target` replaced by
 * one): pods sharing a volume each run it, at once, beside tasks that write into the volume.
 * Docker copies once; a plain `cp -R` still copying overwrote what another pod or frappe_docker's
 * configurator had just written (until 2026-12-07).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imageFilesContainer, type FilesOwner } from '../../../lib/k8s/storage/image-files.ts';
import { convertCompose, type Json } from '../support/compose-text.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function scratch(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'image-files-'));
  directories.push(directory);
  return directory;
}

/** An image's folder: nested folders, hidden files, a symbolic link. */
function imageFolder(files = 60): string {
  const source = path.join(scratch(), 'app');
  mkdirSync(path.join(source, 'sites', 'assets'), { recursive: true });
  for (let index = 0; index < files; index++) writeFileSync(path.join(source, 'sites', 'assets', `f${index}.css`), `body{} /* ${index} */\n`.repeat(200));
  writeFileSync(path.join(source, 'sites', 'apps.txt'), 'frappe\n');
  writeFileSync(path.join(source, '.htaccess'), 'deny\n');
  symlinkSync('sites/apps.txt', path.join(source, 'apps-link'));
  return source;
}

/** The init container's script for the image's folder, with the claim at `target`; its beat shortened from 10 s to 0.1 s. */
function script(source: string, target: string, owner?: FilesOwner): string {
  const container = imageFilesContainer({ name: 'image-files-sites', volume: 'sites', path: source }, 'frappe/erpnext:v15', undefined, {}, owner);
  return String(container.command?.[2]).replaceAll('/target', target).replaceAll('sleep 10;', 'sleep 0.1;');
}

/** Sets a marker's time five minutes back: a copy stopped that long ago refreshes it no more. */
function stale(marker: string): void {
  const then = new Date(Date.now() - 5 * 60_000);
  utimesSync(marker, then, then);
}

function run(text: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', text], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** Every path below `root`, relative, with a file's content (a link's target). */
function tree(root: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) found[name] = `-> ${spawnSync('readlink', [path.join(root, name)]).stdout.toString().trim()}`;
      else if (entry.isDirectory()) {
        found[name] = '/';
        walk(name);
      } else found[name] = readFileSync(path.join(root, name), 'utf8');
    }
  };
  walk('');
  return found;
}

describe('the image-files copy, run by sh', () => {
  it('fills an empty claim with the whole folder, hidden files and links included, and leaves no file of its own', async () => {
    const source = imageFolder();
    const target = scratch();
    expect(await run(script(source, target))).toBe(0);
    expect(tree(target)).toEqual(tree(source));
  });

  it('copies while the claim holds no file only, as Docker fills a volume once', async () => {
    const source = imageFolder();
    const target = scratch();
    expect(await run(script(source, target))).toBe(0);
    writeFileSync(path.join(target, 'sites', 'apps.txt'), 'frappe\nerpnext\n');
    rmSync(path.join(target, '.htaccess'));
    expect(await run(script(source, target))).toBe(0);
    expect(readFileSync(path.join(target, 'sites', 'apps.txt'), 'utf8')).toBe('frappe\nerpnext\n');
    expect(existsSync(path.join(target, '.htaccess'))).toBe(false);
  });

  it('never overwrites a file written into the claim while it copies (a task, or another pod that copied first)', async () => {
    const source = imageFolder();
    const target = scratch();
    // A `cp` that, the first time it is run, lets the configurator write sites/apps.txt first: the
    // claim held no file when the copy began.
    const bin = scratch();
    writeFileSync(
      path.join(bin, 'cp'),
      `#!/bin/sh\n[ -e '${bin}/written' ] || { touch '${bin}/written'; mkdir -p '${target}/sites'; printf 'frappe\\nerpnext\\n' > '${target}/sites/apps.txt'; }\nexec ${spawnSync('sh', ['-c', 'command -v cp']).stdout.toString().trim()} "$@"\n`,
    );
    chmodSync(path.join(bin, 'cp'), 0o755);
    expect(await run(script(source, target), { ...process.env, PATH: `${bin}:${process.env.PATH}` })).toBe(0);
    expect(readFileSync(path.join(target, 'sites', 'apps.txt'), 'utf8')).toBe('frappe\nerpnext\n');
    expect(tree(target)).toEqual({ ...tree(source), 'sites/apps.txt': 'frappe\nerpnext\n' });
  });

  it('run by several pods at once, makes each file once, whole, and leaves none of its own', async () => {
    const source = imageFolder(400);
    const target = scratch();
    const codes = await Promise.all(Array.from({ length: 4 }, () => run(script(source, target))));
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(tree(target)).toEqual(tree(source));
  });

  it('arriving after a copy was stopped midway (its marker stale, its folder left), copies what is missing itself and removes what the stopped copy left', async () => {
    const source = imageFolder();
    const target = scratch();
    mkdirSync(path.join(target, '.image-files.other.tmp', 'sites', 'assets'), { recursive: true });
    writeFileSync(path.join(target, '.image-files.other.tmp', 'sites', 'assets', 'f0.css'), 'body{}');
    mkdirSync(path.join(target, '.image-files.other.copying'));
    stale(path.join(target, '.image-files.other.copying'));
    mkdirSync(path.join(target, 'sites'));
    writeFileSync(path.join(target, 'sites', 'apps.txt'), 'frappe\nerpnext\n');
    expect(await run(script(source, target))).toBe(0);
    expect(tree(target)).toEqual({ ...tree(source), 'sites/apps.txt': 'frappe\nerpnext\n' });
  });

  it('removes the folder a stopped copy left in a claim already filled, whose marker another copy removed (as the previous script did)', async () => {
    const source = imageFolder();
    const target = scratch();
    expect(await run(script(source, target))).toBe(0);
    mkdirSync(path.join(target, '.image-files.old.tmp', 'sites'), { recursive: true });
    writeFileSync(path.join(target, '.image-files.old.tmp', 'sites', 'apps.txt'), 'frappe\n');
    expect(await run(script(source, target))).toBe(0);
    expect(tree(target)).toEqual(tree(source));
  });

  it('leaves the folder and marker of a copy another pod is doing right now, and fills the claim itself', async () => {
    const source = imageFolder();
    const target = scratch();
    mkdirSync(path.join(target, '.image-files.live.tmp', 'sites'), { recursive: true });
    writeFileSync(path.join(target, '.image-files.live.tmp', 'sites', 'apps.txt'), 'frappe\n');
    mkdirSync(path.join(target, '.image-files.live.copying'));
    expect(await run(script(source, target))).toBe(0);
    expect(tree(target)).toEqual({ ...tree(source), '.image-files.live.copying': '/', '.image-files.live.tmp': '/', '.image-files.live.tmp/sites': '/', '.image-files.live.tmp/sites/apps.txt': 'frappe\n' });
  });

  it('killed during its cp, leaves its folder only until a new start finds its marker stale: the new start fills the claim and removes it', async () => {
    const source = imageFolder(400);
    const target = scratch();
    // A cp that copies, then hangs as a large copy would, until the pod is killed.
    const bin = scratch();
    writeFileSync(path.join(bin, 'cp'), `#!/bin/sh\n${spawnSync('sh', ['-c', 'command -v cp']).stdout.toString().trim()} "$@"\nexec sleep 1000\n`);
    chmodSync(path.join(bin, 'cp'), 0o755);
    const killed = spawn('sh', ['-c', script(source, target)], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, stdio: 'ignore', detached: true });
    const left = (): string[] => readdirSync(target).filter((name) => name.startsWith('.image-files.')).sort();
    for (let waited = 0; waited < 200 && !left().some((name) => name.endsWith('.tmp') && existsSync(path.join(target, name, 'sites', 'apps.txt'))); waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(-killed.pid!, 'SIGKILL');
    const marker = left().find((name) => name.endsWith('.copying'))!;
    expect(left()).toEqual([marker, marker.replace(/\.copying$/, '.tmp')]);
    // The new start copies at once; the stopped copy's marker goes stale while it waits (its time set back, as two minutes later).
    const again = run(script(source, target));
    await new Promise((resolve) => setTimeout(resolve, 300));
    stale(path.join(target, marker));
    expect(await again).toBe(0);
    expect(tree(target)).toEqual(tree(source));
  });

  it('leaves an image without the folder alone', async () => {
    const target = scratch();
    expect(await run(script(path.join(scratch(), 'absent'), target))).toBe(0);
    expect(readdirSync(target)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)("hands key material, its modes kept, to the user that reads it (as root, the copier's user)", async () => {
    const source = path.join(scratch(), 'certs');
    mkdirSync(path.join(source, 'node'), { recursive: true });
    writeFileSync(path.join(source, 'node', 'node.key'), '-----BEGIN PRIVATE KEY-----\n');
    chmodSync(path.join(source, 'node', 'node.key'), 0o600);
    chownSync(path.join(source, 'node', 'node.key'), 0, 0);
    writeFileSync(path.join(source, 'node', 'ca.crt'), 'cert\n');
    chmodSync(path.join(source, 'node', 'ca.crt'), 0o644);
    const target = scratch();
    expect(await run(script(source, target, { uid: 1000, gid: 1001 }))).toBe(0);
    const key = statSync(path.join(target, 'node', 'node.key'));
    expect({ uid: key.uid, gid: key.gid, mode: key.mode & 0o777 }).toEqual({ uid: 1000, gid: 1001, mode: 0o600 });
    const certificate = statSync(path.join(target, 'node', 'ca.crt'));
    expect({ uid: certificate.uid, gid: certificate.gid, mode: certificate.mode & 0o777 }).toEqual({ uid: 1000, gid: 1001, mode: 0o644 });
    expect(statSync(path.join(target, 'node')).uid).toBe(1000);
  });
});

describe('the copier of key material', () => {
  it('runs as root with CHOWN and DAC_OVERRIDE alone, no escalation, a read-only root', () => {
    const container = imageFilesContainer({ name: 'image-files-certs', volume: 'certs', path: '/certs/node', privateFor: { readers: ['node'], key: 'services.certgen.volumes.0' } }, 'certgen:1', undefined, {}, { uid: 1000, gid: 1000 });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: false,
      runAsUser: 0,
      runAsGroup: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.command?.[2]).toContain('chown -R -h 1000:1000 "$s"');
  });
});

/**
 * openfrontier/ci-compose's openldap mounts a named volume at /etc/ldap, whose slapd.d Debian's slapd
 * package makes 0750 openldap: the copier, running as nobody or the service's user, cannot read it,
 * and its `exit 1` stopped the pod for good, where a Kubernetes claim without the copy starts empty.
 */
describe('the copier of a configuration folder of /etc', () => {
  const nobody = (text: string): Promise<number> => run(`exec setpriv --reuid=65534 --regid=65534 --clear-groups sh -c '${text.replaceAll("'", `'\\''`)}'`);
  const etc = (): { source: string; target: string } => {
    const source = path.join(scratch(), 'ldap');
    mkdirSync(path.join(source, 'slapd.d'), { recursive: true });
    writeFileSync(path.join(source, 'ldap.conf'), 'BASE dc=example\n');
    writeFileSync(path.join(source, 'slapd.d', 'cn=config.ldif'), 'dn: cn=config\n');
    chmodSync(path.join(source, 'slapd.d'), 0o750);
    chownSync(path.join(source, 'slapd.d'), 0, 0);
    chmodSync(path.dirname(source), 0o755);
    const target = scratch();
    chmodSync(target, 0o777);
    return { source, target };
  };
  const etcScript = (source: string, target: string, emptyWhenUnreadable: boolean): string =>
    String(imageFilesContainer({ name: 'image-files-ldap', volume: 'ldap', path: source, ...(emptyWhenUnreadable ? { emptyWhenUnreadable: true } : {}) }, 'osixia/openldap:1.5.0', undefined, {}).command?.[2])
      .replaceAll('/target', target)
      .replaceAll('sleep 10;', 'sleep 0.1;');

  it.skipIf(process.getuid?.() !== 0)('leaves the volume empty where it cannot read all of the folder, and the pod starts', async () => {
    const { source, target } = etc();
    expect(await nobody(etcScript(source, target, true))).toBe(0);
    expect(readdirSync(target)).toEqual([]);
    // Another folder still stops the pod: its application would be missing.
    const other = etc();
    expect(await nobody(etcScript(other.source, other.target, false))).not.toBe(0);
  });

  it('is asked for by a named volume over an /etc folder, not by one over an application folder', () => {
    const stack = convertCompose(`services:
  openldap:
    image: osixia/openldap:1.5.0
    volumes: ['ldap-etc:/etc/ldap', 'app:/var/www/html']
volumes: {ldap-etc: {}, app: {}}
`);
    const copiers = stack.object('Deployment', 'openldap').spec.template.spec.initContainers.filter((container: Json) => String(container.name).startsWith('image-files-'));
    expect(copiers.map((container: Json) => [container.name, String(container.command[2]).includes('the volume starts empty')])).toEqual([
      ['image-files-ldap-etc', true],
      ['image-files-app', false],
    ]);
    expect(stack.warningsAt('services.openldap.volumes.0')).toContain(
      "services.openldap.volumes.0: volume 'ldap-etc' (openldap) is filled with the image's files at /etc/ldap while its claim holds no file, as Docker fills a new named volume: an init container running the service's image copies them, since Kubernetes leaves a new claim empty (where it cannot read all of them, a folder only the program's user may read, the volume starts empty) (set volume nocopy: true to start it empty)",
    );
  });
});
