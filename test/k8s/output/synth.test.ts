import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, Chart } from 'cdk8s';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { manifestsToYaml, sortManifests, synthChartYaml, writeAppCharts, writeFileAtomic } from '../../../lib/k8s/output/synth.ts';
import { makeChart, testApp } from '../../support/k8s.ts';
import { makeProject, makeService } from '../../support/model.ts';

const AMBIGUOUS = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'True', '~', 'null', '0755', '1e3', '0o17', '0x1F', '12:30', '1_000', '.inf', '+12', ''];

describe('YAML output', () => {
  test('strings YAML 1.1 or 1.2 readers would retype stay quoted strings under both', () => {
    const data = Object.fromEntries(AMBIGUOUS.map((value, index) => [`k${index}`, value]));
    const yaml = manifestsToYaml([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data }]);
    for (const version of ['1.1', '1.2'] as const) {
      expect(parse(yaml, { version }).data, `YAML ${version}`).toEqual(data);
    }
  });

  test('ambiguous keys are quoted too, plain strings and numbers stay plain', () => {
    const yaml = manifestsToYaml([{ on: 'web', name: 'plain', replicas: 3 }]);
    expect(yaml).toBe('"on": web\nname: plain\nreplicas: 3\n');
    expect(parse(yaml, { version: '1.1' })).toEqual({ on: 'web', name: 'plain', replicas: 3 });
  });

  test('any string value or key reads back as the same string under YAML 1.1 and 1.2', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom(...AMBIGUOUS), fc.stringMatching(/^[0-9a-zA-Z:._+~-]{1,8}$/));
    fc.assert(
      fc.property(text, text, (key, value) => {
        const yaml = manifestsToYaml([{ data: { [key]: value } }]);
        for (const version of ['1.1', '1.2'] as const) expect(parse(yaml, { version })).toEqual({ data: { [key]: value } });
      }),
      { numRuns: 1000 },
    );
  });

  test('multi-line strings survive', () => {
    const script = 'set -e\necho "yes"\n';
    expect(parse(manifestsToYaml([{ script }]), { version: '1.1' })).toEqual({ script });
  });

  test('objects are ordered Namespace first, then by kind order and name', () => {
    const object = (kind: string, name: string) => ({ kind, metadata: { name } });
    const sorted = sortManifests([object('Service', 'web'), object('Deployment', 'api'), object('Service', 'api'), object('Namespace', 'demo'), object('Widget', 'a'), object('ConfigMap', 'z')]);
    expect(sorted.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/demo', 'ConfigMap/z', 'Service/api', 'Service/web', 'Deployment/api', 'Widget/a']);
  });

  test('a chart synthesizes byte-identically whatever the order services were declared in', () => {
    const services = [makeService('web', { expose: [{ port: 80, protocol: 'tcp' }] }), makeService('api', { expose: [{ port: 3000, protocol: 'tcp' }] })];
    const first = synthChartYaml(makeChart(makeProject(services)));
    const second = synthChartYaml(makeChart(makeProject([...services].reverse())));
    expect(second).toBe(first);
    const docs = parseAllDocuments(first).map((d) => d.toJS());
    expect(docs[0].kind).toBe('Namespace');
    // cdk8s would append `-c8xxxxxx` hashes to generated names; every name here is chosen.
    expect(docs.map((d) => d.metadata.name).filter((name: string) => /-c8[0-9a-f]{6}$/.test(name))).toEqual([]);
    expect(docs.filter((d) => d.kind !== 'NetworkPolicy').map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/demo', 'Service/api', 'Service/web', 'Deployment/api', 'Deployment/web',
    ]);
  });
});

describe('writing output', () => {
  const dirs: string[] = [];
  const scratch = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'synth-test-'));
    dirs.push(dir);
    return dir;
  };
  /** A scratch directory holding a previous `dist/` with one file. */
  const previousDist = (file: string, content: string) => {
    const dir = scratch();
    const outdir = join(dir, 'dist');
    mkdirSync(outdir);
    writeFileSync(join(outdir, file), content);
    return { dir, outdir, app: testApp() };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  test('writeFileAtomic replaces the file and leaves no temporary behind', () => {
    const dir = scratch();
    const file = join(dir, 'out', 'demo.k8s.yaml');
    writeFileAtomic(file, 'one\n');
    writeFileAtomic(file, 'two\n');
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    expect(readdirSync(join(dir, 'out'))).toEqual(['demo.k8s.yaml']);
  });

  test('writeFileAtomic removes temporaries of dead runs and never writes through a planted symlink', () => {
    const dir = scratch();
    const out = join(dir, 'out');
    mkdirSync(out);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    // A killed run's leftover (pid 2^22 + 1 is above Linux's pid_max, so never alive) and a planted
    // symlink under this process's own temporary name.
    writeFileSync(join(out, `.demo.k8s.yaml.${2 ** 22 + 1}.tmp`), 'half a fi');
    symlinkSync(victim, join(out, `.demo.k8s.yaml.${process.pid}.tmp`));
    writeFileAtomic(join(out, 'demo.k8s.yaml'), 'new\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readdirSync(out)).toEqual(['demo.k8s.yaml']);
    expect(readFileSync(join(out, 'demo.k8s.yaml'), 'utf8')).toBe('new\n');
  });

  test('writeAppCharts replaces the directory with one file per chart', () => {
    const { dir, outdir, app } = previousDist('stale.k8s.yaml', 'old');
    const chart = new Chart(app, 'extra');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { flag: 'on' } });
    const written = writeAppCharts(app, outdir);
    expect(written).toEqual([join(outdir, 'extra.k8s.yaml')]);
    expect(readdirSync(outdir)).toEqual(['extra.k8s.yaml']);
    expect(readFileSync(join(outdir, 'extra.k8s.yaml'), 'utf8')).toContain('flag: "on"');
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  test('a failing synthesis leaves the previous output byte-identical', () => {
    const { dir, outdir, app } = previousDist('demo.k8s.yaml', 'previous\n');
    const chart = new Chart(app, 'broken');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    chart.toJson = () => {
      throw new Error('boom');
    };
    expect(() => writeAppCharts(app, outdir)).toThrow('boom');
    expect(readFileSync(join(outdir, 'demo.k8s.yaml'), 'utf8')).toBe('previous\n');
    expect(readdirSync(dir)).toEqual(['dist']);
    expect(existsSync(join(dir, 'dist', 'broken.k8s.yaml'))).toBe(false);
  });
});
