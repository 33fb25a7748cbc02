/** The project Namespace's Pod Security labels: the cluster's own rules unless an option pins a release. */
import { describe, expect, test } from 'vitest';
import { translate } from '../../../lib/k8s/translate.ts';
import { planManifests } from '../../../lib/k8s/plan/plan.ts';
import { projectOptions } from '../../../lib/k8s/options/options-validation.ts';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { makeProject, makeService } from '../../support/model.ts';

function versionLabels(options: Record<string, unknown> | undefined, extension?: Record<string, unknown>): Record<string, string> {
  const project = makeProject([makeService('web')], { name: 'shop', ...(extension ? { extensions: { 'x-kubernetes': extension } } : {}) });
  const namespace = planManifests(translate(project, options ? { options } : {})).find((manifest) => manifest.kind === 'Namespace');
  const labels = (namespace?.metadata?.labels ?? {}) as Record<string, string>;
  return Object.fromEntries(Object.entries(labels).filter(([key]) => key.endsWith('-version')));
}

const every = (version: string): Record<string, string> => ({
  'pod-security.kubernetes.io/audit-version': version,
  'pod-security.kubernetes.io/enforce-version': version,
  'pod-security.kubernetes.io/warn-version': version,
});

describe('Pod Security version labels', () => {
  test('name `latest` by default, so a cluster applies the rules of its own release', () => {
    expect(versionLabels(undefined)).toEqual(every('latest'));
  });

  test('name the release podSecurityVersion pins, from code or from the compose file', () => {
    expect(versionLabels({ podSecurityVersion: 'v1.33' })).toEqual(every('v1.33'));
    expect(versionLabels(undefined, { podSecurityVersion: 'v1.30' })).toEqual(every('v1.30'));
  });

  test('a version that is not `latest` or v1.<minor> is a located error', () => {
    const project = makeProject([makeService('web')], { extensions: { 'x-kubernetes': { podSecurityVersion: '1.33' } } });
    expect(() => projectOptions(project)).toThrow(ComposeError);
    try {
      projectOptions(project);
    } catch (error) {
      expect((error as ComposeError).key).toBe('x-kubernetes.podSecurityVersion');
      expect((error as ComposeError).message).toContain("must be 'latest' or a Kubernetes minor version such as 'v1.33'");
    }
  });
});
