/**
 * Issue 17: one bounded reader for every input path. Regular files only (a FIFO, a device or
 * /dev/zero is never opened for reading), a size limit, and — for paths a compose file names —
 * inside the project once `..` and symlinks are resolved. Each case ends in one located
 * ComposeError (or, for bind mounts read at conversion, one warning), never a hang.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_EXTENDS_DEPTH } from '../../../lib/compose/merge/extends.ts';
import { MAX_INCLUDE_DEPTH } from '../../../lib/compose/merge/include.ts';
import { inputBoundary, inspectInput, MAX_INPUT_BYTES, MAX_PAYLOAD_BYTES, readInputText } from '../../../lib/compose/read/input-files.ts';
import { loadProject, type LoadOptions } from '../../../lib/compose/load.ts';
import { MAX_ALIASED_TEXT } from '../../../lib/compose/read/yaml-file.ts';
import { composeErrorOf, writeTree } from '../support/project.ts';

const SERVICE = 'services:\n  web:\n    image: nginx\n';


/** A project directory (inside a scratch folder the tests use as the working directory's parent). */
function project(files: Readonly<Record<string, string>>): { directory: string; load: (options?: LoadOptions) => ReturnType<typeof loadProject> } {
  const directory = path.join(writeTree({}), 'project');
  mkdirSync(directory);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), content);
  }
  return { directory, load: (options = {}) => loadProject({ cwd: directory, environment: {}, ...options }) };
}

function fifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

describe('the bounded reader', () => {
  it('refuses devices, FIFOs, system paths, escapes and oversized files before reading them', () => {
    const { directory } = project({ 'ok.txt': 'fine' });
    fifo(path.join(directory, 'pipe'));
    symlinkSync('/dev/zero', path.join(directory, 'zero'));
    symlinkSync('/etc/passwd', path.join(directory, 'passwd'));
    writeFileSync(path.join(directory, 'big'), '');
    truncateSync(path.join(directory, 'big'), MAX_PAYLOAD_BYTES + 1);
    const within = { within: directory };
    expect(inspectInput(path.join(directory, 'ok.txt'), within)).toMatchObject({ ok: true });
    expect(inspectInput('/dev/zero')).toMatchObject({ ok: false, problem: 'system' });
    expect(inspectInput('/proc/self/environ')).toMatchObject({ ok: false, problem: 'system' });
    expect(inspectInput('/sys/kernel/notes')).toMatchObject({ ok: false, problem: 'system' });
    expect(inspectInput(path.join(directory, 'zero'), within)).toMatchObject({ ok: false, problem: 'system' });
    expect(inspectInput(path.join(directory, 'pipe'), within)).toMatchObject({ ok: false, problem: 'not-regular' });
    expect(inspectInput(path.join(directory, 'passwd'), within)).toMatchObject({ ok: false, problem: 'outside' });
    expect(inspectInput(path.join(directory, '../../../../../etc/passwd'), within)).toMatchObject({ ok: false, problem: 'outside' });
    expect(inspectInput(path.join(directory, 'big'), { ...within, maxBytes: MAX_PAYLOAD_BYTES })).toMatchObject({ ok: false, problem: 'too-large' });
    expect(inspectInput(path.join(directory, 'missing'), within)).toMatchObject({ ok: false, problem: 'missing' });
    expect(inspectInput(directory, within)).toMatchObject({ ok: false, problem: 'directory' });
    expect(composeErrorOf(() => readInputText(path.join(directory, 'pipe'), 'env file')).message).toBe(`env file ${path.join(directory, 'pipe')} is not a regular file`);
    expect(readInputText(path.join(directory, 'ok.txt'), 'env file', within)).toBe('fine');
  });

  it('bounds the working directory as the project boundary only when the project lies below it, and never at /', () => {
    expect(inputBoundary('/repo', '/repo/app')).toBe('/repo');
    expect(inputBoundary('/elsewhere', '/repo/app')).toBe('/repo/app');
    expect(inputBoundary('/', '/repo/app')).toBe('/repo/app');
  });

  it('states its limits', () => {
    expect(MAX_INPUT_BYTES).toBe(64 * 1024 * 1024);
    expect(MAX_PAYLOAD_BYTES).toBe(1024 * 1024);
    expect(MAX_ALIASED_TEXT).toBe(16 * 1024 * 1024);
    expect([MAX_INCLUDE_DEPTH, MAX_EXTENDS_DEPTH]).toEqual([64, 64]);
  });
});

describe('every input path goes through it', () => {
  const pointers: readonly (readonly [string, string, (target: string) => string, RegExp])[] = [
    ['env_file', 'env file', (target) => `services:\n  web:\n    image: nginx\n    env_file: ${target}\n`, /^services\.web\.env_file\.0: env file /],
    ['include', 'compose file', (target) => `include:\n  - ${target}\n${SERVICE}`, /^include\.0: compose file /],
    ['include env_file', 'env file', (target) => `include:\n  - path: other.yaml\n    env_file: ${target}\n${SERVICE}`, /^include\.0\.env_file: env file /],
    ['extends', 'compose file', (target) => `services:\n  web:\n    extends: {file: ${target}, service: base}\n`, /^services\.web\.extends\.file: compose file /],
    ['secret file', 'secret file', (target) => `${SERVICE}secrets:\n  s:\n    file: ${target}\n`, /^secrets\.s\.file: secret file /],
    ['config file', 'config file', (target) => `${SERVICE}configs:\n  c:\n    file: ${target}\n`, /^configs\.c\.file: config file /],
  ];

  it.each(pointers)('%s: /dev/zero, a FIFO, a symlink out and ../ out each end in one located error', (_name, what, compose, prefix) => {
    const { directory, load } = project({ 'other.yaml': SERVICE.replace('web', 'other') });
    fifo(path.join(directory, 'pipe'));
    symlinkSync('/etc/passwd', path.join(directory, 'link'));
    const cases: readonly (readonly [string, RegExp])[] = [
      ['/dev/zero', /is under \/proc, \/sys, \/dev, which are never read$/],
      ['./pipe', /is not a regular file$/],
      ['./link', /is outside .*, the directory files named by the project must lie in \(run from a directory above both: the working directory is the limit when the project lies below it\)$/],
      ['../../../../../../etc/passwd', /is outside .*, the directory files named by the project must lie in \(run from a directory above both: the working directory is the limit when the project lies below it\)$/],
    ];
    for (const [target, reason] of cases) {
      writeFileSync(path.join(directory, 'compose.yaml'), compose(target));
      // A secret file outside the project is never read, only referenced (issue 19: the manifests need no secret material).
      if (what === 'secret file' && reason.source.includes('outside')) {
        expect(load().secrets['s']).toMatchObject({ missing: 'outside' });
        expect(load().secrets['s']?.value).toBeUndefined();
        continue;
      }
      const error = composeErrorOf(() => load());
      expect(error.message).toMatch(prefix);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain(what);
      expect(error.location?.file).toBe(path.join(directory, 'compose.yaml'));
      expect(error.message).not.toContain('root:');
    }
  });

  it('-f and --env-file may name files anywhere, but not devices or FIFOs', () => {
    const { directory, load } = project({ 'compose.yaml': SERVICE });
    fifo(path.join(directory, 'pipe'));
    expect(composeErrorOf(() => load({ files: ['/dev/zero'] })).message).toBe('compose file /dev/zero is under /proc, /sys, /dev, which are never read');
    expect(composeErrorOf(() => load({ files: ['pipe'] })).message).toBe(`compose file ${path.join(directory, 'pipe')} is not a regular file`);
    expect(composeErrorOf(() => load({ envFiles: ['/dev/zero'] })).message).toBe('env file /dev/zero is under /proc, /sys, /dev, which are never read');
    expect(composeErrorOf(() => load({ envFiles: ['pipe'] })).message).toBe(`env file ${path.join(directory, 'pipe')} is not a regular file`);
    const outside = writeTree({ 'elsewhere.env': 'TAG=1\n' });
    expect(load({ envFiles: [path.join(outside, 'elsewhere.env')] }).services['web']).toBeDefined();
  });

  it('refuses files over the limits without reading them', () => {
    const { directory, load } = project({ 'compose.yaml': `${SERVICE}secrets:\n  s:\n    file: ./big.txt\n` });
    writeFileSync(path.join(directory, 'big.txt'), '');
    truncateSync(path.join(directory, 'big.txt'), MAX_PAYLOAD_BYTES + 1);
    expect(composeErrorOf(() => load()).message).toMatch(/^secrets\.s\.file: secret file .*big\.txt is larger than 1 MiB$/);
    writeFileSync(path.join(directory, 'huge.yaml'), '');
    truncateSync(path.join(directory, 'huge.yaml'), MAX_INPUT_BYTES + 1);
    expect(composeErrorOf(() => load({ files: ['huge.yaml'] })).message).toMatch(/^compose file .*huge\.yaml is larger than 64 MiB$/);
  });

  it('bind mounts: /proc/self/environ, a symlink to /etc/passwd, ../ escapes and FIFOs are recorded as such, never read', () => {
    const { directory, load } = project({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    volumes:\n      - /proc/self/environ:/env.txt\n      - ./link:/etc/p\n      - ../../../../../../etc/hostname:/h\n      - ./pipe:/pipe\n      - ./conf/app.conf:/app.conf\n',
      'conf/app.conf': 'listen 80\n',
    });
    symlinkSync('/etc/passwd', path.join(directory, 'link'));
    fifo(path.join(directory, 'pipe'));
    const loaded = load({ environment: { PLANTED: 'planted-secret-value' } });
    const kinds = Object.fromEntries(Object.entries(loaded.hostFiles).map(([file, host]) => [path.relative(directory, file), host.kind]));
    expect(kinds).toEqual({ [path.relative(directory, '/proc/self/environ')]: 'outside', link: 'outside', [path.relative(directory, '/etc/hostname')]: 'outside', pipe: 'special', 'conf/app.conf': 'file' });
    // The translation reports each once; the loader only records what it did not read.
    expect(loaded.warnings.filter((warning) => warning.key?.startsWith('services.web.volumes'))).toEqual([]);
    expect(JSON.stringify(loaded)).not.toContain('planted-secret-value');
  });
});

describe("a build's Dockerfile beside a folder of its context that the service mounts", () => {
  it('is read with the host files, as what the build copies decides whether the folder is code; not when the context itself is mounted', () => {
    const { directory, load } = project({
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes: [./customs:/customs]\n  api:\n    build: {context: ./api, dockerfile: build/Containerfile}\n    volumes: [./api:/srv]\n',
      Dockerfile: 'FROM odoo:17\n',
      'customs/addon/__init__.py': '',
      'api/build/Containerfile': 'FROM python:3.12\n',
    });
    const loaded = load();
    const read = Object.keys(loaded.hostFiles).map((file) => path.relative(directory, file)).sort();
    expect(read).toEqual(['Dockerfile', 'api', 'customs']);
    expect(loaded.hostFiles[path.join(directory, 'Dockerfile')]).toMatchObject({ kind: 'file', content: 'FROM odoo:17\n' });
  });
});

describe('nesting and alias limits end in one located error', () => {
  it('2,000 chained includes', () => {
    const files: Record<string, string> = { 'compose.yaml': `include: [inc-1.yaml]\n${SERVICE}` };
    for (let index = 1; index < 2000; index++) files[`inc-${index}.yaml`] = `include: [inc-${index + 1}.yaml]\nservices:\n  s${index}:\n    image: x\n`;
    files['inc-2000.yaml'] = 'services:\n  last:\n    image: x\n';
    const error = composeErrorOf(() => project(files).load());
    expect(error.message).toBe(`include.0: includes nested more than ${MAX_INCLUDE_DEPTH} levels deep`);
    expect(error.location).toMatchObject({ line: 1, column: 11 });
  });

  it.each(['last first', 'first first'])('20,000 chained extends, declared %s', (order) => {
    const services = [['  s0:', '    image: x']];
    for (let index = 1; index <= 20_000; index++) services.push([`  s${index}:`, `    extends: s${index - 1}`]);
    if (order === 'last first') services.reverse();
    const error = composeErrorOf(() => project({ 'compose.yaml': `services:\n${services.flat().join('\n')}\n` }).load());
    expect(error.message).toMatch(new RegExp(`^services\\.s\\d+\\.extends: extends chained more than ${MAX_EXTENDS_DEPTH} services deep$`));
    expect(error.location?.file).toMatch(/compose\.yaml$/);
  });

  it('a 1 MB string aliased 400 (or 700) times', () => {
    for (const count of [400, 700]) {
      const aliases = Array.from({ length: count }, (_, index) => `      A${index}: *big`).join('\n');
      const compose = `x-big: &big "${'a'.repeat(1_000_000)}"\nservices:\n  web:\n    image: nginx\n    environment:\n${aliases}\n`;
      const error = composeErrorOf(() => project({ 'compose.yaml': compose }).load());
      expect(error.message).toBe('invalid YAML: aliases copy more than 16 MiB of text');
      const first = Math.floor(MAX_ALIASED_TEXT / 1_000_000);
      expect(error.location).toMatchObject({ line: 6 + first, column: 7 + `A${first}: `.length });
    }
  });

  it('small anchors shared by many services stay fine', () => {
    const services = Array.from({ length: 500 }, (_, index) => `  s${index}:\n    <<: *common\n`).join('');
    const loaded = project({ 'compose.yaml': `x-common: &common\n  image: nginx\n  environment: {A: "1"}\nservices:\n${services}` }).load();
    expect(Object.keys(loaded.services)).toHaveLength(500);
  });
});
