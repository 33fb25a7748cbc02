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

describe('a pod below the baseline level', () => {
  test('is reported with what keeps it there, once per service, as the Namespace is labelled privileged for it', () => {
    const project = makeProject(
      [
        makeService('web'),
        makeService('vpn', { capAdd: ['NET_ADMIN'], securityOpt: ['seccomp:unconfined'] }),
        makeService('tools', { privileged: true }),
      ],
      { name: 'shop' },
    );
    const plan = translate(project, {});
    const namespace = planManifests(plan).find((manifest) => manifest.kind === 'Namespace');
    expect(namespace?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    const belowBaseline = plan.warnings.filter((warning) => warning.message.includes("Pod Security's baseline level forbids"));
    expect(belowBaseline.map((warning) => [warning.key, warning.message.split(', which')[0]])).toEqual([
      ['services.vpn', 'the pod runs with seccomp Unconfined, capabilities NET_ADMIN'],
      ['services.tools', 'the pod runs with a privileged container'],
    ]);
  });

  test('is not reported when every pod meets baseline', () => {
    const plan = translate(makeProject([makeService('web')], { name: 'shop' }), {});
    expect(plan.warnings.filter((warning) => warning.message.includes('Pod Security'))).toEqual([]);
  });
});
