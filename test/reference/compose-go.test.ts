import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differences, isRecord, type Difference } from './support/compare.ts';
import { explaining, readDeviations, type Deviation } from './support/deviations.ts';
import { normalizeOurs, normalizeReference } from './support/normalize.ts';
import { referenceProjects, type ReferenceProject } from './support/projects.ts';
import { runOurs, runReference, type Outcome } from './support/run.ts';

/*
 * Our loader against compose-go, the loader docker compose uses (issue 15, item 5): every project
 * of ../shared/corpus and the complete projects of ../shared/compose-vectors (see
 * support/projects.ts) is loaded by the compose-go reference program (compose-go/main.go, built
 * by compose-go/build.sh from the Go module proxy) and by `cdk8s-compose config`, with the same
 * files, environment and profiles. The two models are compared field by field after the
 * normalization of representation-only differences in support/normalize.ts. Both failing is
 * agreement; one failing is a difference (path `<load>`). Every difference must be listed in
 * compose-go-deviations.json, and every entry there must still explain at least one difference,
 * so the table cannot go stale.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const deviationsFile = path.join(here, 'compose-go-deviations.json');

function skipReason(): string | undefined {
  if (!existsSync(shared)) return `${shared} is absent`;
  if (spawnSync('go', ['version'], { encoding: 'utf8' }).status !== 0) return 'go is not installed (the compose-go reference is built from the Go module proxy)';
  return undefined;
}

const reason = skipReason();
if (reason) console.warn(`notice: skipping the compose-go loader comparison: ${reason}`);
const projects: ReferenceProject[] = reason ? [] : referenceProjects(shared, path.join(here, 'fixtures'));

describe.skipIf(reason !== undefined)('the loader agrees with compose-go', () => {
  let binary = '';
  const deviations: readonly Deviation[] = readDeviations(deviationsFile);
  const used = new Set<Deviation>();
  const summary = { agree: 0, bothFail: 0, documented: 0, compared: 0 };

  beforeAll(() => {
    binary = execFileSync(path.join(here, 'compose-go', 'build.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim();
  }, 600_000);

  afterAll(() => {
    console.log(
      `compose-go comparison: ${summary.compared} projects, ${summary.agree} agree field by field, ${summary.bothFail} fail in both, ` +
        `${summary.documented} differ only by documented deviations`,
    );
  });

  it('finds the projects', () => {
    expect(projects.filter((project) => project.id.startsWith('corpus/awesome-compose/')).length).toBe(39);
    expect(projects.filter((project) => project.id.startsWith('corpus/realworld/')).length).toBe(12);
    expect(projects.filter((project) => project.id.startsWith('compose-vectors/')).length).toBeGreaterThan(30);
    expect(projects.map((project) => project.id)).toContain('fixtures/every-field');
  });

  it.each(projects.map((project) => [project.id, project] as const))('%s', (_id, project) => {
    const reference = runReference(binary, project);
    const ours = runOurs(repoRoot, project);
    summary.compared++;
    const found = compare(reference, ours);
    const unexplained: Difference[] = [];
    for (const difference of found) {
      const reasons = explaining(deviations, project.id, difference);
      for (const deviation of reasons) used.add(deviation);
      if (reasons.length === 0) unexplained.push(difference);
    }
    if (found.length === 0) {
      if (reference.ok) summary.agree++;
      else summary.bothFail++;
    } else if (unexplained.length === 0) summary.documented++;
    expect(unexplained, `differences from compose-go not in ${path.basename(deviationsFile)}`).toEqual([]);
    if (ours.ok) for (const secret of secretValues(reference, project)) expect(ours.text.includes(secret), 'our config printed a secret value').toBe(false);
  });

  it('config prints a file compose-go reads back to the same project', () => {
    const project = projects.find((candidate) => candidate.id === 'fixtures/printed-by-config');
    if (!project) throw new Error('fixtures/printed-by-config is missing');
    const printed = runOurs(repoRoot, project);
    if (!printed.ok) throw new Error(printed.error);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'printed-by-config-')), 'compose.yaml');
    writeFileSync(file, printed.text);
    const original = runReference(binary, project);
    const again = runReference(binary, { ...project, args: ['-f', file] });
    rmSync(path.dirname(file), { recursive: true, force: true });
    if (!original.ok || !again.ok) throw new Error(`compose-go: ${original.ok ? '' : original.error} ${again.ok ? '' : again.error}`);
    expect(differences(normalizeReference(original.model), normalizeReference(again.model))).toEqual([]);
  });

  it('has no documented deviation that no longer occurs', () => {
    if (summary.compared < projects.length) return; // a filtered run cannot tell
    expect(deviations.filter((deviation) => !used.has(deviation))).toEqual([]);
  });
});

/**
 * The values of the project's secrets, which our config must never print: the contents of their
 * files (as compose-go resolved them) and the values of their variables (from the environment
 * given or the project's `.env`).
 */
function secretValues(reference: Outcome, project: ReferenceProject): string[] {
  if (!reference.ok || !isRecord(reference.model) || !isRecord(reference.model['secrets'])) return [];
  const dotenv = path.join(project.cwd, '.env');
  const variables = new Map<string, string>(
    existsSync(dotenv) ? readFileSync(dotenv, 'utf8').split('\n').flatMap((line) => (/^\w+=/.test(line) ? [[line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const] : [])) : [],
  );
  for (const [name, value] of Object.entries(project.env ?? {})) variables.set(name, value);
  const values = Object.values(reference.model['secrets']).flatMap((secret) => {
    if (!isRecord(secret)) return [];
    const { file, environment } = secret;
    if (typeof environment === 'string') return [variables.get(environment) ?? ''];
    if (typeof file !== 'string' || !existsSync(file) || !statSync(file).isFile()) return [];
    return [readFileSync(file, 'utf8').trim()];
  });
  return values.filter((value) => value.length >= 4);
}

function compare(reference: Outcome, ours: Outcome): Difference[] {
  if (!reference.ok && !ours.ok) return [];
  if (!reference.ok || !ours.ok) {
    const show = (outcome: Outcome): string => (outcome.ok ? 'loads' : outcome.error.startsWith('error: ') ? outcome.error : `error: ${outcome.error}`);
    return [{ path: '<load>', reference: show(reference), ours: show(ours) }];
  }
  return differences(normalizeReference(reference.model), normalizeOurs(ours.model));
}
