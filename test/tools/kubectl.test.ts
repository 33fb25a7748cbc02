/**
 * The cluster harness's kubectl runner: a kubectl that exits without reading what it was given
 * (under load, a failed `apply` can close its stdin before the manifests are written) is a result
 * with its exit code, not a crash of the whole check (`write EPIPE`, which ended a cluster:check of
 * five probed stacks after the fourth, 2026-12-06).
 */
import { describe, expect, it } from 'vitest';
import { kubectlFor } from '../../tools/cluster/kubectl.ts';

describe('kubectlFor', () => {
  it('returns the exit status of a kubectl that exits without reading its input', async () => {
    // `false` reads nothing and exits 1; a megabyte cannot fit in the pipe before it exits.
    const kubectl = kubectlFor('false', '/nonexistent/kubeconfig');
    const result = await kubectl(['apply', '-f', '-'], 'x'.repeat(1024 * 1024));
    expect(result.code).toBe(1);
  });
});
