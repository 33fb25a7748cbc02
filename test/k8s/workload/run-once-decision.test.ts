/**
 * The translation's run-once decision travels with the project (run-once-decision.ts): a later step
 * that builds a new project object from a decided one (`{ ...project, services }`) keeps it, where a
 * WeakMap beside the project object fell back to the compose file alone.
 */
import { describe, expect, it } from 'vitest';
import { runOnceDecision, withRunOnceDecision } from '../../../lib/k8s/workload/run-once/run-once-decision.ts';
import { makeProject, makeService } from '../../support/model.ts';

describe("the translation's run-once decision", () => {
  const project = makeProject([makeService('render', { image: 'alpine:3.20', command: ['/render.sh'] }), makeService('web', { image: 'nginx:1.27' })]);
  const image = { config: { exposedPorts: [], labels: {} }, source: 'dockerfile' as const, complete: true, file: 'Dockerfile' };
  const decided = withRunOnceDecision(project, { runsOnce: (name) => name === 'render', image: (name) => (name === 'render' ? image : undefined) });

  it('is read from the decided project, where the compose file alone says otherwise', () => {
    expect(runOnceDecision(project).runsOnce('render')).toBe(false);
    expect(runOnceDecision(decided).runsOnce('render')).toBe(true);
    expect(runOnceDecision(decided).image('render')).toBe(image);
  });

  it('is kept by a project a later step builds from the decided one', () => {
    const later = { ...decided, services: { ...decided.services } };
    expect(runOnceDecision(later).runsOnce('render')).toBe(true);
    expect(runOnceDecision(later).runsOnce('web')).toBe(false);
    expect(runOnceDecision(later).image('render')).toBe(image);
  });

  it('is no key of the project any listing or JSON shows', () => {
    expect(Object.keys(decided)).toEqual(Object.keys(project));
    expect(JSON.stringify(decided)).toBe(JSON.stringify(project));
  });
});
