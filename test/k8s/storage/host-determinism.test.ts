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
