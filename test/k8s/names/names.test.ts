import { describe, expect, test } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { isDns1035Label, kubernetesName, portName, serviceNames } from '../../../lib/k8s/names/names.ts';
import { makeChart } from '../../support/k8s.ts';
import { makeProject, makeService } from '../../support/model.ts';

describe('kubernetesName', () => {
  test('keeps valid service names unchanged, so DNS names match compose', () => {
    for (const name of ['web', 'db', 'api-gateway', 'a1']) expect(kubernetesName(name)).toBe(name);
  });

  test('converts invalid names deterministically', () => {
    expect(kubernetesName('My_Service')).toBe('my-service');
    expect(kubernetesName('web.frontend')).toBe('web-frontend');
    expect(kubernetesName('__x__')).toBe('x');
    expect(kubernetesName('1st-service')).toBe('st-service');
    expect(kubernetesName('a__b')).toBe('a-b');
  });

  test('adds a stable hash only when it must truncate', () => {
    const long = `service-${'x'.repeat(80)}`;
    const name = kubernetesName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(isDns1035Label(name)).toBe(true);
    expect(name).toMatch(/-[0-9a-f]{6}$/);
    expect(kubernetesName(long)).toBe(name);
    expect(kubernetesName(`service-${'x'.repeat(81)}`)).not.toBe(name);
    expect(kubernetesName('x'.repeat(63))).toBe('x'.repeat(63));
  });

  test('every result is a DNS-1035 label', () => {
    for (const name of ['-', '___', '9', 'ÄÖÜ', 'UPPER.case_mixed-', 'a'.repeat(200)]) {
      expect(isDns1035Label(kubernetesName(name)), name).toBe(true);
    }
  });
});

describe('serviceNames', () => {
  test('maps every compose service', () => {
    const project = makeProject([makeService('web'), makeService('My_Db')]);
    expect(serviceNames(project)).toEqual({ web: 'web', My_Db: 'my-db' });
  });

  test('a collision is an error at the later service', () => {
    const location = { file: '/project/compose.yaml', line: 7, column: 3 };
    const project = makeProject([makeService('my-db'), makeService('my_db', { location })]);
    try {
      serviceNames(project);
      expect.unreachable('expected a collision error');
    } catch (error) {
      expect(error).toBeInstanceOf(ComposeError);
      const composeError = error as ComposeError;
      expect(composeError.message).toContain("'my-db'");
      expect(composeError.location).toEqual(location);
      expect(composeError.key).toBe('services.my_db');
    }
  });
});

test('port names are short, lowercase and protocol-qualified', () => {
  expect(portName('tcp', 8080)).toBe('tcp-8080');
  expect(portName('udp', 53)).toBe('udp-53');
  expect(portName('sctp', 65535).length).toBeLessThanOrEqual(15);
});

test('a service named like another service\'s derived object is an error, not a silent overwrite', () => {
  const db = makeService('db', { image: 'postgres:16', volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false, nocopy: false }], expose: [{ port: 5432, protocol: 'tcp' }] });
  const clash = makeService('db-headless', { expose: [{ port: 80, protocol: 'tcp' }], location: { file: '/project/compose.yaml', line: 9, column: 3 } });
  const volumes = { data: { name: 'demo_data', external: false, driverOpts: {}, labels: {}, extensions: {} } };
  try {
    makeChart(makeProject([db, clash], { volumes }));
    expect.unreachable('expected a duplicate-object error');
  } catch (error) {
    expect(error).toBeInstanceOf(ComposeError);
    expect((error as ComposeError).message).toBe("Service 'db-headless' would be created twice (for services 'db' and 'db-headless'); rename a service so that the names differ");
  }
});
