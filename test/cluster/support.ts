/** What the cluster test files share: the connection global-setup.ts provides, and the expectations. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { parse, stringify } from 'yaml';
import { applyAndWatch, type UnitReport } from '../../tools/cluster/apply-and-watch.ts';
import { kubectlFor, type Kubectl } from '../../tools/cluster/kubectl.ts';
import { findingText, type Finding } from '../../tools/cluster/findings.ts';
import { composeUnit } from '../../tools/cluster/units.ts';

export function adminKubectl(): Kubectl {
  const { kubectlBinary, kubeconfig } = inject('cluster');
  return kubectlFor(kubectlBinary, kubeconfig);
}

/**
 * A test file's own namespace and a scratch folder for its compose project, both removed after
 * the file's tests (the namespace without waiting: the next run applies into a fresh one).
 */
export function scratchProject(namespace: string): { readonly kubectl: Kubectl; readonly namespace: string; readonly directory: string } {
  const kubectl = adminKubectl();
  const directory = mkdtempSync(join(tmpdir(), `${namespace}-`));
  afterAll(async () => {
    await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    rmSync(directory, { recursive: true, force: true });
  });
  return { kubectl, namespace, directory };
}

interface ExpectedFinding {
  readonly unit: string;
  /** A finding's text; `*` matches any run of characters. */
  readonly finding: string;
  /** Why this cannot work on a managed cluster today (and which issue changes that). */
  readonly why: string;
}

const expected: readonly ExpectedFinding[] =
  (parse(readFileSync(new URL('./expected-findings.yaml', import.meta.url), 'utf8')) as ExpectedFinding[] | null) ?? [];

function pattern(text: string): RegExp {
  return new RegExp(`^${text.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}

/**
 * Findings of a unit that expected-findings.yaml does not explain, and entries for the unit that
 * explain nothing any more (so the list cannot go stale).
 */
export function unexplained(unit: string, findings: readonly Finding[]): { findings: string[]; staleEntries: string[] } {
  const entries = expected.filter((entry) => entry.unit === unit);
  const texts = findings.map(findingText);
  return {
    findings: texts.filter((text) => !entries.some((entry) => pattern(entry.finding).test(text))),
    staleEntries: entries.filter((entry) => !texts.some((text) => pattern(entry.finding).test(text))).map((entry) => entry.finding),
  };
}

export function expectedUnits(): string[] {
  return [...new Set(expected.map((entry) => entry.unit))];
}

/**
 * Converts a compose project (compose.yaml from `compose`, and `files` beside it) by the CLI into
 * `namespace` before the tests of the calling describe block, applies it and waits until it works
 * or settles; the namespace stays for the tests to look at and is deleted after them.
 */
export function appliedStack(namespace: string, compose: object, files: Readonly<Record<string, string>> = {}): { readonly report: () => UnitReport } {
  const dir = mkdtempSync(join(tmpdir(), `${namespace}-cluster-`));
  let report: UnitReport | undefined;
  beforeAll(async () => {
    writeFileSync(join(dir, 'compose.yaml'), stringify(compose));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const unit = await composeUnit(namespace, dir, ['-f', 'compose.yaml'], namespace);
    report = await applyAndWatch(adminKubectl(), unit, { keep: true });
  });
  afterAll(async () => {
    await adminKubectl()(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    report: () => {
      if (report === undefined) throw new Error(`${namespace} was not applied`);
      return report;
    },
  };
}
