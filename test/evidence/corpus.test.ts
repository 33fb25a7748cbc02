/**
 * Issue 6, corpus: every awesome-compose sample converts, or fails for a documented reason, and
 * everything produced passes ../shared/k8s-checks/check (strict 1.27 schema, no unexplained
 * Polaris danger finding). Prints the counts the README reports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeSkip, sharedDir } from '../support/k8s.ts';
import { failureReportProblems, type CliRun } from './helpers/cli.ts';
import { convertProject, corpusAvailable, corpusSamples, type Sample } from './helpers/corpus.ts';

/** Samples that cannot convert, and the fragment of the error that says why: none since absent secret files are objects to create. */
const expectedFailures: Readonly<Record<string, string>> = {};

/**
 * Polaris "danger" findings a sample asks for, as `<workload> <check>`: an image without a tag or
 * with `latest` (or none at all: build-only), and extra capabilities (which only root can use).
 * Every other danger finding is unexplained and fails the test.
 */
function requestedDanger(sample: Sample): string[] {
  const compose = parse(readFileSync(join(sample.dir, sample.composeFile), 'utf8')) as {
    services: Record<string, { image?: string; cap_add?: string[] }>;
  };
  return Object.entries(compose.services).flatMap(([name, service]) => {
    const workload = name.toLowerCase().replace(/[_.]/g, '-');
    const tag = service.image?.includes('@') ? 'digest' : /:([^/:]+)$/.exec(service.image ?? '')?.[1];
    return [
      ...(tag === undefined || tag === 'latest' ? [`${workload} tagNotSpecified`] : []),
      ...(service.cap_add?.length ? [`${workload} dangerousCapabilities`, `${workload} runAsRootAllowed`] : []),
    ];
  });
}

noticeSkip(corpusAvailable, 'awesome-compose corpus conversions');

describe.skipIf(!corpusAvailable)('awesome-compose corpus', () => {
  const outRoot = mkdtempSync(join(tmpdir(), 'corpus-'));
  const runs = new Map<string, CliRun>();
  beforeAll(async () => {
    for (const sample of corpusSamples()) {
      runs.set(sample.name, await convertProject(sample.dir, sample.composeFile, join(outRoot, sample.name)));
    }
  });
  afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

  it('converts every sample except the documented failures, which fail clearly', () => {
    const outcome = Object.fromEntries(
      [...runs].map(([name, run]) => {
        const reason = expectedFailures[name];
        if (run.code === 0) return [name, reason ? `converted, but expected to fail (${reason})` : 'ok'];
        const problems = failureReportProblems(run.stderr);
        if (!reason) return [name, `exit ${run.code}: ${run.stderr.trim()}`];
        if (!run.stderr.includes(reason)) problems.push(`message lacks "${reason}": ${run.stderr.trim()}`);
        return [name, problems.length ? problems.join('; ') : 'ok'];
      }),
    );
    const converted = [...runs.values()].filter((r) => r.code === 0).length;
    console.log(`[corpus] ${runs.size} samples: ${converted} converted, ${runs.size - converted} failed as documented`);
    expect(outcome).toEqual(Object.fromEntries([...runs.keys()].map((name) => [name, 'ok'])));
  });

  it('produces manifests that pass k8s-checks with no unexplained Polaris danger', () => {
    const produced = readdirSync(outRoot).filter((name) => runs.get(name)?.code === 0);
    expect(produced.length).toBeGreaterThan(0);
    const check = spawnSync(
      join(sharedDir, 'k8s-checks', 'check'),
      ['--no-polaris-danger-fail', ...produced.map((name) => join(outRoot, name))],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    const output = `${check.stdout}${check.stderr}`;
    const summary = output.trim().split('\n').slice(-2).join(' / ');
    console.log(`[corpus] k8s-checks: ${summary}`);
    expect(check.status, output).toBe(0);
    const danger = new Map<string, string[]>();
    let file = '';
    for (const line of output.split('\n')) {
      if (line.startsWith('== ')) file = line.slice(3).slice(outRoot.length + 1).split('/')[0]!;
      const finding = /DANGER \w+\/[^/\s]+\/(\S+) .*?(\w+):/.exec(line);
      if (finding) danger.set(file, [...(danger.get(file) ?? []), `${finding[1]} ${finding[2]}`]);
    }
    const samples = corpusSamples().filter((sample) => produced.includes(sample.name));
    const unexplained = samples
      .map((sample) => [sample.name, (danger.get(sample.name) ?? []).filter((f) => !requestedDanger(sample).includes(f))] as const)
      .filter(([, findings]) => findings.length > 0);
    expect(Object.fromEntries(unexplained)).toEqual({});
  });
});
