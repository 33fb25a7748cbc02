/** What the cluster test files share: the connection global-setup.ts provides, and the expectations. */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { parse } from 'yaml';
import { kubectlFor, type Kubectl } from '../../tools/cluster/kubectl.ts';
import { findingText, type Finding } from '../../tools/cluster/findings.ts';

export function adminKubectl(): Kubectl {
  const { kubectlBinary, kubeconfig } = inject('cluster');
  return kubectlFor(kubectlBinary, kubeconfig);
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
