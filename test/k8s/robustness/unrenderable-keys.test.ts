/**
 * renderSafely hands props without a `constructor` key to the object as they are (the scan that
 * finds none allocates nothing), and rewrites only props that hold one, wherever it is nested.
 */
import { Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import type { k8s } from '../../../imports/k8s.ts';
import { KubeConfigMap, KubeDeployment } from '../../../lib/k8s/kube-objects.ts';
import { renderSafely } from '../../../lib/k8s/unrenderable-keys.ts';

/** A Deployment whose pod mounts a CSI volume with `attributes`: a map inside an array item. */
function deploymentProps(attributes: Record<string, string>): k8s.KubeDeploymentProps {
  return {
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
      return new KubeDeployment(Testing.chart(), 'web', safe);
    });
    expect(received).toBe(props);
    expect(volumeAttributes(object)).toEqual({ zone: 'a' });
  });

  test('a key in a map inside an array item is found, left out and added back by a patch', () => {
    const props = deploymentProps({ constructor: 'x', zone: 'a' });
    let received: k8s.KubeDeploymentProps | undefined;
    const object = renderSafely(props, (safe) => {
      received = safe;
      return new KubeDeployment(Testing.chart(), 'web', safe);
    });
    expect(received?.spec?.template.spec?.volumes?.[0]?.csi?.volumeAttributes).toBeUndefined();
    expect(volumeAttributes(object)).toEqual({ constructor: 'x', zone: 'a' });
  });

  test('a key at the top of a map (ConfigMap data) is added back under its JSON pointer', () => {
    const object = renderSafely({ metadata: { name: 'files' }, data: { constructor: 'c', 'a/b': 'ab' } }, (safe) => new KubeConfigMap(Testing.chart(), 'files', safe));
    expect((object.toJson() as { data: unknown }).data).toEqual({ 'a/b': 'ab', constructor: 'c' });
  });
});
