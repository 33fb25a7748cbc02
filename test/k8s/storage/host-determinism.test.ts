/**
 * Issue 13 item 3: paths outside the project are never read, so the same project converted on a
 * machine with another /tmp, another time zone and another environment gives byte-identical output.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../evidence/helpers/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'host-determinism-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  for (const run of ['first', 'second']) rmSync(join(tmpdir(), `host-determinism-${run}.txt`), { force: true });
});

/** A folder outside the project, at the same path in both runs, whose content changes between them. */
const outside = join(scratch, 'machine');
const project = join(scratch, 'project');

function machine(run: string): void {
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(join(outside, 'etc'), { recursive: true });
  writeFileSync(join(outside, 'etc', 'app.conf'), `machine = ${run}\n`);
  writeFileSync(join(outside, `only-on-${run}.txt`), run);
  writeFileSync(join(tmpdir(), `host-determinism-${run}.txt`), `tmp-marker-${run}`);
}

describe('conversion never reads the converting machine', () => {
  it('gives byte-identical output with another /tmp, outside folder, time zone and environment', async () => {
    mkdirSync(join(project, 'conf'), { recursive: true });
    writeFileSync(join(project, 'conf', 'app.conf'), 'listen 80\n');
    symlinkSync(join(outside, 'etc'), join(project, 'escape'));
    writeFileSync(
      join(project, 'compose.yaml'),
      [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    volumes:',
        '      - ./conf:/etc/nginx/conf.d:ro',
        '      - /tmp:/host/tmp:ro',
        `      - ${outside}:/machine:ro`,
        `      - ${outside}/etc/app.conf:/etc/app.conf:ro`,
        '      - ./escape:/escape:ro',
        '      - ../machine:/up:ro',
        '      - /etc/localtime:/etc/localtime:ro',
        '      - /etc/timezone:/etc/timezone:ro',
        '      - /proc/self/environ:/environ:ro',
        '',
      ].join('\n'),
    );
    machine('first');
    const first = await runCliCaptured(['convert', '--stdout'], project, { TZ: 'UTC', LANG: 'C', HOME: '/root' });
    machine('second');
    const second = await runCliCaptured(['convert', '--stdout'], project, { TZ: 'Asia/Tokyo', LANG: 'de_DE.UTF-8', HOME: '/home/other', PLANTED: 'planted-value' });
    expect(first.code, first.stderr).toBe(0);
    expect(second.stdout === first.stdout, 'output differs between machines').toBe(true);
    expect(first.stdout).toContain('listen 80');
    expect(first.stdout).not.toMatch(/machine = |only-on-|tmp-marker-|planted-value|hostPath/);
    // One warning per mount outside the project, none from the loader on top.
    const warned = first.stderr.split('\n').filter((line) => /compose\.yaml:(\d+)/.test(line) && /never read|not mounted/.test(line));
    expect(warned).toHaveLength(8);
  });
});

/**
 * A compose file below the folder it is run from reaches `../common`: the claim and the ConfigMap
 * it refers to were named after the converting machine's absolute path (`tmp-…-common-custom-conf`),
 * so the same project copied elsewhere renamed them (a new, empty disk on the next sync) and the
 * Job that mounts the claim got a new hash.
 */
describe('names of host paths above the compose file', () => {
  function copyOfProject(root: string): void {
    mkdirSync(join(root, 'deploy'), { recursive: true });
    mkdirSync(join(root, 'common'), { recursive: true });
    writeFileSync(join(root, 'common', 'app.conf'), 'listen 80\n');
    writeFileSync(
      join(root, 'deploy', 'compose.yaml'),
      [
        'services:',
        '  init:',
        '    image: busybox:1.36',
        '    command: ["sh", "-c", "echo hi > /scripts/x"]',
        '    volumes:',
        '      - ../common/scripts:/scripts',
        '  app:',
        '    image: nginx:1.27',
        '    depends_on:',
        '      init:',
        '        condition: service_completed_successfully',
        '    volumes:',
        '      - ../common/scripts:/scripts',
        '      - ../common/custom.conf:/etc/nginx/conf.d/custom.conf',
        '      - ../common/app.conf:/etc/nginx/conf.d/app.conf:ro',
        '',
      ].join('\n'),
    );
  }

  /** Converts a copy of the project made by `copy` in two folders of different depth; asserts the outputs are the same, and returns the first. */
  async function convertedInTwoPlaces(label: string, copy: (root: string) => void): Promise<Awaited<ReturnType<typeof runCliCaptured>>> {
    const here = join(scratch, `${label}-one`, 'stack');
    const there = join(scratch, `${label}-two`, 'deeper', 'stack');
    copy(here);
    copy(there);
    const first = await runCliCaptured(['convert', '-f', 'deploy/compose.yaml', '--stdout'], here, { TZ: 'UTC', LANG: 'C', HOME: '/root' });
    const second = await runCliCaptured(['convert', '-f', 'deploy/compose.yaml', '--stdout'], there, { TZ: 'UTC', LANG: 'C', HOME: '/root' });
    expect(first.code, first.stderr).toBe(0);
    expect(second.stdout === first.stdout, 'output differs between the two copies').toBe(true);
    // The warnings and the objects to create name host paths as the project does, not as the machine does.
    expect(second.stderr).toBe(first.stderr);
    return first;
  }

  it('come from the path relative to the project directory, so a copy elsewhere converts byte for byte the same', async () => {
    const first = await convertedInTwoPlaces('one', copyOfProject);
    // Nothing named after where the copy lies (`tmp-host-determinism-…-one-stack-common-…`).
    expect(first.stdout).not.toMatch(/tmp-host-determinism/);
    // `..` is spelled `up`: `../common/scripts` is `up-common-scripts`, never `common-scripts`, which `./common/scripts` would be.
    expect(first.stdout).toContain('claimName: host-up-common-scripts');
    expect(first.stdout).toContain('name: up-common-custom-conf');
    expect(first.stderr).toContain("create ConfigMap 'up-common-custom-conf'");
    // The command to create it names the file as the compose file does (it was `FILE` until 2026-12-06).
    expect(first.stderr).toContain('kubectl create configmap up-common-custom-conf -n deploy --from-file=custom.conf=../common/custom.conf');
  });

  it('come from the path as an included or extended file writes it, relative to its own folder', async () => {
    // The included file's ./scripts and the extended service's ../common/data are outside the
    // project directory (stack/deploy): the loader rebases them, and their names must not become
    // absolute paths of the machine.
    const copy = (root: string): void => {
      mkdirSync(join(root, 'deploy'), { recursive: true });
      mkdirSync(join(root, 'common'), { recursive: true });
      writeFileSync(join(root, 'deploy', 'compose.yaml'), ['include:', '  - ../common/compose.yaml', 'services:', '  app:', '    image: nginx:1.27', '    extends: {file: ../common/base.yaml, service: base}', ''].join('\n'));
      writeFileSync(join(root, 'common', 'compose.yaml'), ['services:', '  worker:', '    image: busybox:1.36', '    volumes: [./scripts:/scripts]', '  helper:', '    image: busybox:1.36', '    volumes: [./scripts:/scripts]', ''].join('\n'));
      writeFileSync(join(root, 'common', 'base.yaml'), ['services:', '  base:', '    image: nginx:1.27', '    volumes: [./data:/data]', '  other:', '    image: nginx:1.27', '    volumes: [./data:/data]', ''].join('\n'));
    };
    const first = await convertedInTwoPlaces('include', copy);
    expect(first.stdout).not.toMatch(/include-one/);
    expect(first.stdout).toContain('claimName: host-up-common-scripts');
  });

  it("name a file under the user's home as the shell takes it: $HOME, since no shell expands ~ after --from-file=key=", async () => {
    const root = join(scratch, 'home-path');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'compose.yaml'), ['services:', '  app:', '    image: maven:3.9', '    volumes:', '      - ~/.m2/settings.xml:/root/.m2/settings.xml:ro', ''].join('\n'));
    const home = join(scratch, 'home-of-user');
    const result = await runCliCaptured(['convert', '--stdout'], root, { TZ: 'UTC', LANG: 'C', HOME: home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("~/.m2/settings.xml is outside the project, which is never read: create ConfigMap 'home-m2-settings-xml' from it (kubectl create configmap home-m2-settings-xml --from-file=settings.xml=$HOME/.m2/settings.xml)");
    // The list of objects to create said `--from-file=settings.xml=FILE` until 2026-12-06.
    expect(result.stderr).toContain('kubectl create configmap home-m2-settings-xml -n home-path --from-file=settings.xml=$HOME/.m2/settings.xml');
    expect(result.stderr).not.toContain(home);
  });
});
