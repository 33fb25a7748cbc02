import { describe, expect, test } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { NameRegistry, ScopedNames } from '../../../lib/k8s/names/name-registry.ts';

const at = { file: '/project/compose.yaml', line: 7, column: 5 };

describe('NameRegistry (object names)', () => {
  test('an owner asking again shares its name; another owner of the name is a located error naming both', () => {
    const registry = new NameRegistry((key) => (key === 'services.api.volumes.0' ? at : undefined));
    const data = { id: 'volume:data', what: "volume 'data'", key: 'services.web.volumes.0' };
    expect(registry.object('PersistentVolumeClaim', 'data', data)).toBe('data');
    expect(registry.object('PersistentVolumeClaim', 'data', { ...data, key: 'services.api.volumes.0' })).toBe('data');
    // Kinds are separate name spaces.
    expect(registry.object('ConfigMap', 'data', { id: 'config:data', what: "config 'data'" })).toBe('data');
    const clash = () => registry.object('PersistentVolumeClaim', 'data', { id: 'host:/srv/data', what: 'host path /srv/data', key: 'services.api.volumes.0' });
    expect(clash).toThrow(ComposeError);
    expect(clash).toThrow("PersistentVolumeClaim 'data' would be created twice (for volume 'data' and host path /srv/data); rename one of them so that the names differ");
    try {
      clash();
    } catch (error) {
      expect((error as ComposeError).location).toEqual(at);
    }
  });
});

describe('ScopedNames (names within a pod or an object)', () => {
  test('later asks get -2, -3 in order, each reported at the key that asked; long names stay within the limit', () => {
    const reports: string[] = [];
    const names = new ScopedNames("the pod of service 'web'", (message, key) => reports.push(`${key}: ${message}`));
    expect(names.claim('data', "volume 'data'", 'services.web.volumes.0')).toBe('data');
    expect(names.claim('data', "volume 'data'", 'services.web.volumes.1')).toBe('data-2');
    expect(names.claim('data', "volume 'data'", 'services.web.volumes.2')).toBe('data-3');
    const long = 'v'.repeat(63);
    expect(names.claim(long, 'a volume', 'k')).toBe(long);
    expect(names.claim(long, 'a volume', 'k')).toBe(`${'v'.repeat(61)}-2`);
    expect(reports[0]).toBe("services.web.volumes.1: volume 'data' is named 'data-2' in the pod of service 'web': 'data' is taken");
    expect(reports).toHaveLength(3);
  });
});
