import type { V1Job, V1JobTemplateSpec } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dashboardManifests, synthesizedJobTemplate } from '../../lib/team-dashboard/manifests.ts';
import { dashboardAddress, dashboardJob, dashboardService, dashboardState, isFinished } from '../../lib/team-dashboard/objects.ts';
import { k8sChecksAvailable, noticeSkip, runK8sChecks, validateManifests, type Manifest } from '../support/k8s.ts';

const request = { exerciseId: 'ex1', teamId: 'blue', config: { name: 'Team Blue', color: 'blue' }, namespace: 'scip' };

/** A template as an operator might have edited it with kubectl: an extra variable, a sidecar, no MQTT_WS_URL. */
const edited: V1JobTemplateSpec = {
  metadata: { labels: { 'scip.type': 'team-dashboard', tier: 'exercise' }, annotations: { owner: 'ops' } },
  spec: {
    backoffLimit: 1,
    template: {
      metadata: { labels: { 'scip.type': 'team-dashboard' } },
      spec: {
        containers: [
          { name: 'log-shipper', image: 'fluent-bit:3.0.0' },
          { name: 'team-dashboard', image: 'scip-team-dashboard:1.2.0', env: [{ name: 'LOCALE', value: 'de' }, { name: 'TEAM_ID', value: 'stale' }] },
        ],
      },
    },
  },
};

describe('dashboardJob', () => {
  it('keeps what operators changed in the template and adds only the team', () => {
    const job = dashboardJob(edited, request);
    expect(job.metadata).toEqual({
      name: 'td-ex1-blue',
      namespace: 'scip',
      labels: { 'scip.type': 'team-dashboard', tier: 'exercise', 'scip.exercise': 'ex1', 'scip.team': 'blue' },
      annotations: { owner: 'ops' },
    });
    expect(job.spec?.backoffLimit).toBe(1);
    const [sidecar, dashboard] = job.spec?.template.spec?.containers ?? [];
    expect(sidecar).toEqual({ name: 'log-shipper', image: 'fluent-bit:3.0.0' });
    expect(dashboard?.image).toBe('scip-team-dashboard:1.2.0');
    expect(dashboard?.env?.map((e) => `${e.name}=${e.value}`)).toEqual([
      'LOCALE=de',
      'TEAM_ID=blue',
      'TEAM_NAME=Team Blue',
      'TEAM_COLOR=blue',
      'EXERCISE_ID=ex1',
      'MQTT_WS_URL=ws://mqtt:9001',
      'MQTT_TOPIC=/exercise/ex1/team/blue/feed',
    ]);
  });

  it('does not change the template it was given', () => {
    const before = structuredClone(edited);
    dashboardJob(edited, request);
    expect(edited).toEqual(before);
  });

  it('leaves the namespace out when none is asked for, so kubectl picks its own', () => {
    const { namespace: _omitted, ...withoutNamespace } = request;
    expect(dashboardJob(edited, withoutNamespace).metadata).not.toHaveProperty('namespace');
  });
});

describe('dashboardJob without a container to run', () => {
  it('explains a template without containers', () => {
    expect(() => dashboardJob({ spec: { template: { spec: { containers: [] } } } }, request)).toThrow(
      'template: the Job template has no containers',
    );
  });
});

describe('dashboardService', () => {
  it('is owned by the stored Job it selects the pods of', () => {
    const job: V1Job = { ...dashboardJob(edited, request) };
    job.metadata = { ...job.metadata, uid: '0c6d5b1e-1111-2222-3333-444455556666' };
    const service = dashboardService(job);
    expect(service.metadata?.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'td-ex1-blue', uid: '0c6d5b1e-1111-2222-3333-444455556666', controller: true },
    ]);
    expect(service.spec?.selector).toEqual({ 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'blue' });
    // The selector must match the pods the Job creates.
    expect(job.spec?.template.metadata?.labels).toMatchObject(service.spec?.selector ?? { missing: 'selector' });
  });

  it('has no owner before the Job exists', () => {
    expect(dashboardService(dashboardJob(edited, request)).metadata).not.toHaveProperty('ownerReferences');
  });
});

describe('dashboardState', () => {
  const job = (status: V1Job['status']): V1Job => ({ status });
  const condition = (type: string, value = 'True') => ({ type, status: value });

  it('reads the state from the Job controller’s status', () => {
    expect(dashboardState(job(undefined))).toBe('pending');
    expect(dashboardState(job({ active: 1 }))).toBe('starting');
    expect(dashboardState(job({ active: 1, ready: 1 }))).toBe('ready');
    expect(dashboardState(job({ succeeded: 1, conditions: [condition('SuccessCriteriaMet'), condition('Complete')] }))).toBe('completed');
    expect(dashboardState(job({ failed: 4, conditions: [condition('FailureTarget'), condition('Failed')] }))).toBe('failed');
    // A condition that is not True does not count.
    expect(dashboardState(job({ active: 1, conditions: [condition('Failed', 'False')] }))).toBe('starting');
  });

  it('calls a Job finished once it completed or failed', () => {
    expect(isFinished(job({ active: 1, ready: 1 }))).toBe(false);
    expect(isFinished(job({ conditions: [condition('Complete')] }))).toBe(true);
    expect(isFinished(job({ conditions: [condition('Failed')] }))).toBe(true);
  });
});

describe('dashboardAddress', () => {
  it('is the Service DNS name on port 80', () => {
    expect(dashboardAddress('td-ex1-blue', 'scip', 'cluster.local')).toEqual({
      name: 'td-ex1-blue',
      dnsName: 'td-ex1-blue.scip.svc.cluster.local',
      url: 'http://td-ex1-blue.scip.svc.cluster.local',
    });
  });
});

describe('dashboardManifests (the CLI’s objects)', () => {
  const docs = dashboardManifests(request, { namespace: 'scip' }) as unknown as Manifest[];

  it('uses the template the construct synthesizes', () => {
    const template = synthesizedJobTemplate({ namespace: 'scip', maxExerciseSeconds: 60 });
    expect(template.spec?.activeDeadlineSeconds).toBe(60);
    expect(docs[0]?.spec).toMatchObject({ activeDeadlineSeconds: 259200, backoffLimit: 3 });
  });

  it('is valid Kubernetes according to kubernetes-models', async () => {
    expect(await validateManifests(docs)).toEqual([]);
  });

  noticeSkip(k8sChecksAvailable, 'team dashboard Job and Service against k8s-checks');
  it.skipIf(!k8sChecksAvailable)('passes ../shared/k8s-checks (schema strict, PSS restricted, no Polaris danger)', () => {
    const result = runK8sChecks(docs.map((d) => stringify(d)).join('---\n'));
    expect(result.output).toContain('2 valid, 0 invalid');
    expect(result.output).toContain('Job/scip/td-ex1-blue: restricted');
    expect(result.output).toContain('0 danger');
    expect(result.ok).toBe(true);
  });
});
