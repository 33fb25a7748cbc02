import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL_FAMILIES } from '../../../lib/k8s/kompose/kompose-labels.ts';
import { repoRoot } from '../../support/k8s.ts';

describe('docs/kompose-labels.md', () => {
  it("lists every label with the families' own text, in order", () => {
    const text = readFileSync(join(repoRoot, 'docs', 'kompose-labels.md'), 'utf8');
    const rows = text.split('\n').filter((line) => line.startsWith('| `kompose.'));
    const expected = LABEL_FAMILIES.flatMap((family) => Object.entries(family.labels))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([label, what]) => `| \`${label}\` | ${what.replace(/\|/g, '\\|')} |`);
    expect(rows).toEqual(expected);
  });
});
