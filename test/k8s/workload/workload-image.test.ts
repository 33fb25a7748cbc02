import { describe, expect, test } from 'vitest';
import type { Service } from '../../../lib/compose/model.ts';
import type { ComposeKubernetesOptions } from '../../../lib/k8s/options/options.ts';
import { findObject, makeChart, synthManifests } from '../../support/k8s.ts';
import { makeProject, makeService } from '../../support/model.ts';

interface Container {
  readonly image: string;
  readonly imagePullPolicy?: string;
}

function containerOf(service: Service, options?: ComposeKubernetesOptions): Container {
  const docs = synthManifests(makeChart(makeProject([service]), options ? { options } : {}));
  const spec = findObject(docs, 'Deployment', service.name)['spec'] as { template: { spec: { containers: Container[] } } };
  return spec.template.spec.containers[0]!;
}

const build = { context: '/project/api', args: {} };
const registry: ComposeKubernetesOptions = { imageRegistry: 'registry.example.com/shop' };

describe('imageRegistry: where the built images are pushed', () => {
  test('prefixes a build-only service and a built image compose names', () => {
    expect(containerOf(makeService('api', { image: undefined, build, raw: { build: '.' } }), registry).image).toBe('registry.example.com/shop/demo-api');
    expect(containerOf(makeService('api', { image: 'shop/api:1.2', build }), registry).image).toBe('registry.example.com/shop/shop/api:1.2');
  });

  test('leaves pulled images and names that carry a registry host alone', () => {
    expect(containerOf(makeService('db', { image: 'postgres:16' }), registry).image).toBe('postgres:16');
    for (const image of ['ghcr.io/acme/api:1.2', 'localhost:5000/api:1.2', 'docker.io/acme/api:1.2']) {
      expect(containerOf(makeService('api', { image, build }), registry).image).toBe(image);
    }
  });

  test('without the option, the built image keeps its name', () => {
    expect(containerOf(makeService('api', { image: 'shop/api:1.2', build })).image).toBe('shop/api:1.2');
  });
});

describe('imagePullPolicy of mutable tags', () => {
  test.each([
    ['example/api:dev', 'Always'],
    ['example/api:latest', 'Always'],
    ['example/api', 'Always'],
    ['example/api:1.2.3', undefined],
    ['example/api@sha256:abc', undefined],
  ])('%s → %s', (image, policy) => {
    expect(containerOf(makeService('api', { image })).imagePullPolicy).toBe(policy);
  });

  test("compose's pull_policy wins", () => {
    expect(containerOf(makeService('api', { image: 'example/api:dev', pullPolicy: 'missing' })).imagePullPolicy).toBe('IfNotPresent');
  });
});
