/**
 * The loader looks `locations` (every key's file, line and column) up in the document on demand and
 * builds the whole record only when its keys are listed; the rules read them only for a diagnostic
 * (issue 7).
 */
import { describe, expect, test } from 'vitest';
import type { ComposeProject, SourceLocation } from '../../../lib/compose/model.ts';
import { wireProject } from '../../../lib/k8s/networking/wiring/wiring.ts';
import { replicasFor } from '../../../lib/k8s/workload/workload.ts';
import { makeDeploy, makeProject, makeService } from '../../support/model.ts';

/** `project` with `locations` behind a getter that counts its reads: a rule must not touch them in the common case. */
function countingLocations(project: ComposeProject, locations: Record<string, SourceLocation> = {}): { project: ComposeProject; reads: () => number } {
  let reads = 0;
  const { locations: _unused, ...rest } = project;
  const counted = Object.defineProperty(rest, 'locations', {
    get: () => {
      reads += 1;
      return locations;
    },
    enumerable: true,
  }) as ComposeProject;
  return { project: counted, reads: () => reads };
}

describe('locations are read only for diagnostics', () => {
  const wired = (project: ComposeProject, warn: (message: string) => void = () => {}) =>
    wireProject({ project, names: Object.fromEntries(Object.keys(project.services).map((name) => [name, name])), image: () => undefined, severalPods: () => undefined, runsToCompletion: () => false, warn }).project;

  test('the wiring returns the project itself when no service needs a port or a rewrite', () => {
    const { project, reads } = countingLocations(makeProject([makeService('web', { image: 'example/web:1' })]));
    expect(wired(project)).toBe(project);
    expect(reads()).toBe(0);
  });

  test('the wiring copies the project without reading locations, which the copy still reads through', () => {
    const location = { file: '/project/compose.yaml', line: 3, column: 5 };
    const { project, reads } = countingLocations(makeProject([makeService('cache', { image: 'redis:7' }), makeService('web')]), {
      'services.cache.image': location,
    });
    const warnings: string[] = [];
    const withPorts = wired(project, (message) => warnings.push(message));
    expect(reads()).toBe(0);
    expect(withPorts.services['cache']?.expose).toEqual([{ port: 6379, protocol: 'tcp' }]);
    expect(withPorts.services['web']).toBe(project.services['web']);
    expect(Object.keys(withPorts)).toEqual(Object.keys(project));
    expect(warnings).toHaveLength(1);
    expect(withPorts.locations['services.cache.image']).toBe(location);
    expect(reads()).toBe(1);
  });

  test('replicasFor reads locations only to name the key of a value Kubernetes rejects', () => {
    const context = (replicas: number | undefined, locations: Record<string, SourceLocation> = {}) => {
      const service = makeService('web', { deploy: makeDeploy(replicas === undefined ? {} : { replicas }) });
      const counted = countingLocations(makeProject([service]), locations);
      const warn = () => {};
      return { context: { project: counted.project, service, options: {}, chartOptions: {}, names: { web: 'web' }, workload: 'Deployment' as const, warn, image: undefined }, reads: counted.reads };
    };
    for (const replicas of [undefined, 0, 3]) {
      const { context: inRange, reads } = context(replicas);
      expect(replicasFor(inRange)).toBe(replicas ?? 1);
      expect(reads()).toBe(0);
    }
    const { context: huge, reads } = context(2 ** 40, { 'services.web.scale': { file: '/project/compose.yaml', line: 4, column: 5 } });
    expect(() => replicasFor(huge)).toThrow(/^services\.web\.scale: 1099511627776 is more than Kubernetes allows/);
    expect(reads()).toBeGreaterThan(0);
  });
});
