import { describe, expect, it } from 'vitest';
import { projectLabels, selectorLabels, serviceLabels } from '../../../lib/k8s/names/labels.ts';

describe('serviceLabels', () => {
  it.each([
    ['estate', 'svc-0001'],
    ['My Project!', '-web_front-'],
    ['p', 'x'.repeat(80)],
  ])('are the selector labels, the component and the project labels, in that order (%s, %s)', (project, service) => {
    // Written out for speed (issue 7); it must stay what composing the other label sets gives.
    const selector = selectorLabels(project, service);
    const composed = { ...selector, 'app.kubernetes.io/component': selector['app.kubernetes.io/name'], ...projectLabels(project) };
    const labels = serviceLabels(project, service);
    expect(labels).toEqual(composed);
    expect(Object.keys(labels)).toEqual(Object.keys(composed));
  });
});
