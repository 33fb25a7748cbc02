/**
 * renderSafely hands manifests without a `constructor` key to the ApiObject as they are (the scan
 * that finds none allocates nothing), and rewrites only manifests that hold one, wherever it is
 * nested: ComposeChart's objects render whatever compose names they carry.
 */
import { ApiObject } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import { renderSafely } from '../../../lib/k8s/cdk8s/unrenderable-keys.ts';
import { testChart } from '../../support/k8s.ts';

/** A Deployment whose pod mounts a CSI volume with `attributes`: a map inside an array item. */
function deploymentProps(attributes: Record<string, string>): k8s.Deployment & { metadata: { name: string } } {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: 'nginx' }],
          volumes: [{ name: 'data', csi: { driver: 'example.com/csi', volumeAttributes: attributes } }],
        },
      },
    },
  };
}

const volumeAttributes = (object: { toJson(): unknown }): unknown =>
  (object.toJson() as { spec: { template: { spec: { volumes: { csi: { volumeAttributes: unknown } }[] } } } }).spec.template.spec.volumes[0]?.csi.volumeAttributes;

describe('renderSafely', () => {
  test('props without the key reach the object unchanged, without patches', () => {
    const props = deploymentProps({ zone: 'a' });
    let received: unknown;
    const object = renderSafely(props, (safe) => {
      received = safe;
      return new ApiObject(testChart(), 'web', safe);
    });
    expect(received).toBe(props);
    expect(volumeAttributes(object)).toEqual({ zone: 'a' });
  });

  test('a key in a map inside an array item is found, left out and added back by a patch', () => {
    const props = deploymentProps({ constructor: 'x', zone: 'a' });
    let received: k8s.Deployment | undefined;
    const object = renderSafely(props, (safe) => {
      received = safe;
      return new ApiObject(testChart(), 'web', safe);
    });
    expect(received?.spec?.template.spec?.volumes?.[0]?.csi?.volumeAttributes).toBeUndefined();
    expect(volumeAttributes(object)).toEqual({ constructor: 'x', zone: 'a' });
  });

  test('a key at the top of a map (ConfigMap data) is added back under its JSON pointer', () => {
    const object = renderSafely({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files' }, data: { constructor: 'c', 'a/b': 'ab' } }, (safe) => new ApiObject(testChart(), 'files', safe));
    expect((object.toJson() as { data: unknown }).data).toEqual({ 'a/b': 'ab', constructor: 'c' });
  });
});
