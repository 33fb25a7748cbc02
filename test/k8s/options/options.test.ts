import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { projectOptions, serviceExtensionOptions, volumeExtensionOptions } from '../../../lib/k8s/options/options-validation.ts';
import { mergeOptions, type ServiceOptions } from '../../../lib/k8s/options/options.ts';
import { makeChart } from '../../support/k8s.ts';
import { makeProject, makeService } from '../../support/model.ts';
import { temporaryDirectory } from '../../support/temporary.ts';
import { composeErrorOf } from '../../compose/support/project.ts';

const at = (line: number) => ({ file: '/project/compose.yaml', line, column: 5 });

function serviceWith(extension: unknown, locations: Record<string, { file: string; line: number; column: number }> = {}) {
  return makeProject([makeService('web', { extensions: { 'x-kubernetes': extension } })], { locations });
}


describe('mergeOptions', () => {
  test('later layers win, nested mappings merge key by key, lists are replaced', () => {
    const merged = mergeOptions<ServiceOptions>(
      { exposure: 'NodePort', resources: { limits: { cpu: '1', memory: '1Gi' } }, plainEnvironment: ['A'] },
      undefined,
      { exposure: 'Ingress', resources: { limits: { memory: '2Gi' } }, plainEnvironment: ['B'] },
    );
    expect(merged).toEqual({ exposure: 'Ingress', resources: { limits: { cpu: '1', memory: '2Gi' } }, plainEnvironment: ['B'] });
  });

  test('undefined values do not erase earlier ones', () => {
    expect(mergeOptions<ServiceOptions>({ replicas: 3 }, { replicas: undefined })).toEqual({ replicas: 3 });
  });
});

describe('x-kubernetes validation', () => {
  test('accepts a complete, valid service extension', () => {
    const extension = {
      workload: 'CronJob',
      schedule: '*/5 * * * *',
      exposure: 'Ingress',
      ingress: { host: 'a.example.com', path: '/api', port: 8080 },
      resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      securityContext: { runAsUser: 1000, readOnlyRootFilesystem: true, writablePaths: ['/tmp'] },
      devices: { mode: 'device-plugin', resourceNames: { '/dev/ttyUSB*': 'squat.ai/serial' } },
      storage: { size: '10Gi', accessMode: 'ReadWriteOnce' },
      polarisExemptions: { runAsRootAllowed: 'vendor image' },
    };
    expect(serviceExtensionOptions(serviceWith(extension), 'web')).toEqual(extension);
  });

  test('enum values in another case are written as the schema spells them; the compose model stays as loaded', () => {
    const extension = { exposure: 'ingress', workload: 'statefulset', storage: { accessMode: 'readwriteonce' } };
    const project = serviceWith(extension);
    expect(serviceExtensionOptions(project, 'web')).toEqual({ exposure: 'Ingress', workload: 'StatefulSet', storage: { accessMode: 'ReadWriteOnce' } });
    expect(extension.exposure).toBe('ingress');
  });

  test('an enum value error names the allowed values and the location', () => {
    const project = serviceWith({ exposure: 'Public' }, { 'services.web.x-kubernetes.exposure': at(9) });
    const error = composeErrorOf(() => serviceExtensionOptions(project, 'web'));
    expect(error.message).toContain('services.web.x-kubernetes.exposure must be one of none, LoadBalancer, NodePort, Ingress');
    expect(error.location).toEqual(at(9));
    expect(error.key).toBe('services.web.x-kubernetes.exposure');
  });

  test('an unknown key is an error listing the known keys, located at the nearest known key', () => {
    const project = serviceWith({ replica: 2 }, { 'services.web.x-kubernetes': at(4) });
    const error = composeErrorOf(() => serviceExtensionOptions(project, 'web'));
    expect(error.message).toMatch(/unknown key services\.web\.x-kubernetes\.replica; known keys: .*replicas/);
    expect(error.location).toEqual(at(4));
  });

  test.each([
    [{ replicas: -1 }, 'replicas must be an integer of at least 0'],
    [{ replicas: 1.5 }, 'replicas must be an integer'],
    [{ resources: { limits: { memory: '1GB' } } }, "must be a Kubernetes quantity written as a string"],
    [{ resources: { limits: { cpu: 2 } } }, 'must be a Kubernetes quantity'],
    [{ schedule: 'every day' }, 'must be a cron schedule'],
    [{ podAnnotations: { zone: 1 } }, 'must be a mapping of strings'],
    [{ allowHostPath: 'yes' }, 'must be true or false'],
    [{ ingress: { port: 70000 } }, 'at most 65535'],
    [['Deployment'], 'must be a mapping'],
    [{ ingress: { host: 'Shop.Example.com' } }, "must be a lowercase DNS name such as 'shop.example.com'"],
    [{ ingress: { path: 'api' } }, "must be a path starting with '/'"],
    [{ image: 'my image' }, 'must be an image reference without spaces'],
    [{ serviceAccountName: 'Reader_1' }, 'must be a Kubernetes object name'],
    [{ storage: { storageClass: 'Fast SSD' } }, 'must be a Kubernetes object name'],
    [{ nodeSelector: { 'bad key!': 'x' } }, 'must be a mapping of Kubernetes label keys to label values'],
    [{ nodeSelector: { zone: 'a b' } }, 'must be a mapping of Kubernetes label keys to label values'],
    [{ securityContext: { writablePaths: ['/tmp', 1] } }, 'services.web.x-kubernetes.securityContext.writablePaths must be a list of strings, not a list'],
    [{ storage: { sise: '1Gi' } }, 'unknown key services.web.x-kubernetes.storage.sise; known keys: size, storageClass, accessMode'],
  ])('rejects %j', (extension, message) => {
    expect(composeErrorOf(() => serviceExtensionOptions(serviceWith(extension), 'web')).message).toContain(message);
  });

  test('top-level and volume extensions are validated with their own shapes', () => {
    const top = makeProject([makeService('web')], { extensions: { 'x-kubernetes': { ingress: { className: 'nginx' }, networkPolicies: false, services: { web: { replicas: 2 } } } } });
    expect(projectOptions(top).ingress).toEqual({ className: 'nginx' });
    const badTop = makeProject([makeService('web')], { extensions: { 'x-kubernetes': { services: { web: { workload: 'Pod' } } } } });
    expect(composeErrorOf(() => projectOptions(badTop)).key).toBe('x-kubernetes.services.web.workload');
    const volume = { name: 'demo_data', external: false, driverOpts: {}, labels: {}, extensions: { 'x-kubernetes': { size: 'big' } } };
    const withVolume = makeProject([], { volumes: { data: volume } });
    expect(composeErrorOf(() => volumeExtensionOptions(withVolume, 'data')).key).toBe('volumes.data.x-kubernetes.size');
  });

  test('a nested value of a loaded file is reported at its own line and column', () => {
    const dir = temporaryDirectory('x-kubernetes');
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, 'services:\n  web:\n    image: nginx:1.27\n    x-kubernetes:\n      resources:\n        limits: { cpu: 2 }\n');
    const error = composeErrorOf(() => serviceExtensionOptions(loadProject({ files: [file], environment: {} }), 'web'));
    expect(error.message).toBe("services.web.x-kubernetes.resources.limits.cpu must be a Kubernetes quantity written as a string, such as '500m', '1Gi' or '2', not number 2");
    expect(error.location).toEqual({ file, line: 6, column: 19 });
  });

  test('a service entry of the top-level block that is not a mapping', () => {
    const project = makeProject([makeService('web')], { extensions: { 'x-kubernetes': { services: { web: 3 } } } });
    expect(composeErrorOf(() => projectOptions(project)).message).toBe('x-kubernetes.services.web must be a mapping, not number 3');
  });

  test('no extension means no options', () => {
    expect(serviceExtensionOptions(makeProject([makeService('web')]), 'web')).toEqual({});
  });
});

describe('option targets', () => {
  test('options for an unknown service or volume are located errors; profile-disabled services are fine', () => {
    const location = { file: '/project/compose.yaml', line: 30, column: 5 };
    const project = makeProject([makeService('web')], {
      disabledServices: ['debug'],
      extensions: { 'x-kubernetes': { services: { wbe: { replicas: 2 } } } },
      locations: { 'x-kubernetes.services.wbe': location },
    });
    const error = composeErrorOf(() => projectOptions(project));
    expect(error.message).toBe("x-kubernetes.services.wbe: no service 'wbe' in the project (services: debug, web)");
    expect(error.location).toEqual(location);
    const fine = makeProject([makeService('web')], { disabledServices: ['debug'], extensions: { 'x-kubernetes': { services: { debug: { replicas: 2 } } } } });
    expect(projectOptions(fine).services).toEqual({ debug: { replicas: 2 } });
    const volume = makeProject([], { extensions: { 'x-kubernetes': { volumes: { dta: { size: '5Gi' } } } } });
    expect(composeErrorOf(() => projectOptions(volume)).message).toContain("no volume 'dta'");
  });

  test('options passed in code get the same checks', () => {
    expect(() => makeChart(makeProject([makeService('web')]), { options: { services: { api: { replicas: 2 } } } })).toThrow("options.services.api: no service 'api'");
    expect(() => makeChart(makeProject([makeService('web')]), { options: { defaults: { exposure: 'public' as never } } })).toThrow('options.defaults.exposure must be one of');
  });
});
