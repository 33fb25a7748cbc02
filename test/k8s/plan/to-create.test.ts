/**
 * Issue 21 item 5: every ConfigMap, Secret, claim, ServiceAccount or Service a pod, a RoleBinding or
 * an Ingress refers to is emitted, printed by `secrets`, or in the one "to create" list — over every
 * output: the documented systems in each environment, and every stack of ../shared/corpus. The
 * references are walked here, independently of the rules that declare them.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSystemPlan } from '../../../charts/build.ts';
import { systems } from '../../../charts/index.ts';
import { loadProject } from '../../../lib/compose/load.ts';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import { planManifests, type KubernetesManifest, type TranslationPlan } from '../../../lib/k8s/plan/plan.ts';
import { toCreateText } from '../../../lib/k8s/plan/to-create.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { composeFile } from '../robustness/compose-files.ts';
import { corpusRoot, corpusStacks, loadStack } from '../../support/corpus-stacks.ts';
import { noticeSkip } from '../../support/k8s.ts';

type Json = Record<string, any>;

/** Kubernetes puts it into every namespace (the projected service-account token reads it). */
const PROVIDED_BY_KUBERNETES = ['ConfigMap/kube-root-ca.crt'];

/** `Kind/name` of everything the manifests refer to, walked from the manifests alone. */
function referencedObjects(manifests: readonly KubernetesManifest[]): Set<string> {
  const referenced = new Set<string>();
  const pods = manifests.flatMap((manifest): k8s.PodSpec[] => {
    const spec = (manifest as Json)['spec'];
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(manifest.kind)) return [spec.template.spec];
    if (manifest.kind === 'CronJob') return [spec.jobTemplate.spec.template.spec];
    return [];
  });
  for (const pod of pods) {
    if (pod.serviceAccountName) referenced.add(`ServiceAccount/${pod.serviceAccountName}`);
    for (const secret of pod.imagePullSecrets ?? []) referenced.add(`Secret/${secret.name}`);
    for (const volume of pod.volumes ?? []) {
      if (volume.configMap && !volume.configMap.optional) referenced.add(`ConfigMap/${volume.configMap.name}`);
      if (volume.secret && !volume.secret.optional) referenced.add(`Secret/${volume.secret.secretName}`);
      if (volume.persistentVolumeClaim) referenced.add(`PersistentVolumeClaim/${volume.persistentVolumeClaim.claimName}`);
      for (const source of volume.projected?.sources ?? []) {
        if (source.configMap && !source.configMap.optional) referenced.add(`ConfigMap/${source.configMap.name}`);
        if (source.secret && !source.secret.optional) referenced.add(`Secret/${source.secret.name}`);
      }
    }
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      // What no object provides but a node: a device plugin's extended resources (squat.ai/serial, nvidia.com/gpu).
      for (const resource of Object.keys({ ...container.resources?.requests, ...container.resources?.limits })) {
        if (resource.includes('/') && !resource.startsWith('kubernetes.io/')) referenced.add(`ExtendedResource/${resource}`);
      }
      for (const env of container.env ?? []) {
        const from = env.valueFrom;
        if (from?.configMapKeyRef && !from.configMapKeyRef.optional) referenced.add(`ConfigMap/${from.configMapKeyRef.name}`);
        if (from?.secretKeyRef && !from.secretKeyRef.optional) referenced.add(`Secret/${from.secretKeyRef.name}`);
      }
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef && !source.configMapRef.optional) referenced.add(`ConfigMap/${source.configMapRef.name}`);
        if (source.secretRef && !source.secretRef.optional) referenced.add(`Secret/${source.secretRef.name}`);
      }
    }
  }
  for (const manifest of manifests) {
    const object = manifest as Json;
    if (manifest.kind === 'Ingress') {
      for (const tls of object['spec']?.tls ?? []) if (tls.secretName) referenced.add(`Secret/${tls.secretName}`);
      for (const rule of object['spec']?.rules ?? []) for (const path of rule.http?.paths ?? []) referenced.add(`Service/${path.backend.service.name}`);
    }
    if (manifest.kind === 'RoleBinding') {
      referenced.add(`${object['roleRef'].kind}/${object['roleRef'].name}`);
      for (const subject of object['subjects'] ?? []) if (subject.kind === 'ServiceAccount') referenced.add(`ServiceAccount/${subject.name}`);
    }
  }
  return referenced;
}

/** References that nothing provides: not emitted, not printed by `secrets`, not in the list to create. */
function unprovided(plan: TranslationPlan): string[] {
  const manifests = planManifests(plan);
  const provided = new Set([
    ...PROVIDED_BY_KUBERNETES,
    ...manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`),
    ...plan.secrets.map((secret) => `Secret/${secret.name}`),
    ...plan.toCreate.map((object) => `${object.kind}/${object.name}`),
  ]);
  return [...referencedObjects(manifests)].filter((reference) => !provided.has(reference)).sort();
}

describe('the list of objects to create', () => {
  it('names an external secret, a missing certificate folder, a ServiceAccount and a TLS Secret, with relative paths and how', () => {
    const file = composeFile(`name: shop
services:
  web:
    image: nginx:1.27
    ports: ["443:443"]
    secrets: [api_key]
    volumes: ["./certs:/etc/nginx/certs:ro"]
    x-kubernetes: {serviceAccountName: web-runner, exposure: Ingress, ingress: {host: shop.example.com}}
secrets:
  api_key: {external: true}
x-kubernetes:
  ingress: {tlsSecretName: shop-tls}
`);
    const plan = translate(loadProject({ files: [file], environment: {} }));
    expect(plan.toCreate.map((object) => `${object.kind}/${object.name}`)).toEqual(expect.arrayContaining(['Secret/api-key', 'Secret/shop-tls', 'ServiceAccount/web-runner']));
    expect(unprovided(plan)).toEqual([]);
    const text = toCreateText(plan.toCreate);
    expect(text).toMatch(/^before kubectl apply, create these \d+ objects \(the manifests refer to them\):\n/);
    expect(text).toContain('kubectl create serviceaccount web-runner -n shop');
    expect(text).not.toContain(file.slice(0, file.lastIndexOf('/')));
  });

  it('names the keys the pods read, so the command creates the object the pods can mount', () => {
    const file = composeFile(`name: shop
services:
  proxy:
    image: nginx:1.27
    volumes: ["./proxy/nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
`);
    const [object] = translate(loadProject({ files: [file], environment: {} })).toCreate;
    expect(object).toMatchObject({ kind: 'ConfigMap', keys: ['default.conf'] });
    expect(object?.how).toBe('kubectl create configmap proxy-nginx-conf -n shop --from-file=default.conf=./proxy/nginx.conf');
  });

  it('gives the path outside the project as compose wrote it, absolute too, for the folder of keys a Secret is made from', () => {
    const file = composeFile(`name: shop
services:
  app:
    image: example/app:1
    volumes: ["/etc/ssl/private:/certs", "../secrets:/run/secrets"]
`);
    const how = translate(loadProject({ files: [file], environment: {} })).toCreate.map((object) => object.how);
    expect(how).toEqual(['kubectl create secret generic etc-ssl-private -n shop --from-file=/etc/ssl/private', 'kubectl create secret generic up-secrets -n shop --from-file=../secrets']);
  });

  it('names the device-plugin resource a host device is requested as, and how a node advertises it', () => {
    const plan = translate(loadProject({ files: [composeFile(`name: home
services:
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:1.42.0
    devices: ["/dev/zigbee:/dev/zigbee", "/dev/ttyUSB0:/dev/ttyUSB0"]
  gpu:
    image: x/cuda:1
    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}
`)], environment: {} }));
    expect(unprovided(plan)).toEqual([]);
    const resources = plan.toCreate.filter((object) => object.kind === 'ExtendedResource');
    expect(resources.map((object) => object.name)).toEqual(['nvidia.com/gpu', 'squat.ai/serial', 'squat.ai/zigbee']);
    const zigbee = resources.find((object) => object.name === 'squat.ai/zigbee');
    expect(zigbee?.why).toBe("the host device /dev/zigbee of service 'zigbee2mqtt' (devices), which its pod requests from a device plugin");
    expect(zigbee?.how).toBe(`on the node with the device, the generic-device-plugin (github.com/squat/generic-device-plugin) with --device '{"name":"zigbee","groups":[{"paths":[{"path":"/dev/zigbee"}]}]}'`);
    expect(zigbee?.location?.line).toBe(5);
    expect(resources[0]?.how).toMatch(/NVIDIA/);
    expect(toCreateText(plan.toCreate)).toContain('ExtendedResource squat.ai/zigbee: the host device /dev/zigbee');
  });

  it('gives a device two services request one slot each (the plugin\'s count), and says that both open it', () => {
    const plan = translate(loadProject({ files: [composeFile(`name: home
services:
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:1.42.0
    devices: ["/dev/zigbee:/dev/zigbee"]
  zigbee-backup:
    image: x/backup:1
    devices: ["/dev/zigbee:/dev/zigbee"]
`)], environment: {} }));
    const [zigbee] = plan.toCreate.filter((object) => object.kind === 'ExtendedResource');
    expect(zigbee?.why).toBe("the host device /dev/zigbee of services 'zigbee-backup', 'zigbee2mqtt' (devices), which their pods request from a device plugin");
    expect(zigbee?.how).toContain(`'{"name":"zigbee","groups":[{"paths":[{"path":"/dev/zigbee"}],"count":2}]}'`);
    expect(plan.warnings.filter((warning) => /count/.test(warning.message)).map((warning) => warning.key)).toEqual(['services.zigbee2mqtt.devices.0']);
  });

  it("has the plugin mount a device where compose puts it in the container, when its services agree on where", () => {
    // supby/ha_server_setup: two zigbee2mqtt bridges, each with its stick at /dev/ttyACM0, where its serial.port names it.
    const plan = translate(loadProject({ files: [composeFile(`name: home
services:
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:1.42.0
    devices: ["/dev/serial/by-id/usb-ITead_Sonoff_Zigbee-if00-port0:/dev/ttyACM0"]
  zigbee2mqtt_2:
    image: koenkk/zigbee2mqtt:1.42.0
    devices: ["/dev/ttyUSB1:/dev/ttyACM0"]
  radio:
    image: x/radio:1
    devices: ["/dev/ttyUSB2:/dev/ttyUSB2"]
`)], environment: {} }));
    const how = plan.toCreate.filter((object) => object.kind === 'ExtendedResource').map((object) => object.how);
    expect(how).toEqual([
      expect.stringContaining(`"paths":[{"path":"/dev/serial/by-id/usb-ITead_Sonoff_Zigbee-if00-port0","mountPath":"/dev/ttyACM0"}]`),
      expect.stringContaining(`"paths":[{"path":"/dev/ttyUSB1","mountPath":"/dev/ttyACM0"}]`),
      expect.stringContaining(`"paths":[{"path":"/dev/ttyUSB2"}]`),
    ]);
    expect(plan.warnings.filter((warning) => /host path, not at|mounts .* at one path/.test(warning.message))).toEqual([]);
  });

  it('leaves a device its services put at different paths at its host path, said at each that moved it', () => {
    const plan = translate(loadProject({ files: [composeFile(`name: home
services:
  homeassistant:
    image: ghcr.io/home-assistant/home-assistant:2024.6
    devices: ["/dev/ttyUSB0:/dev/ttyUSB0"]
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:1.42.0
    devices: ["/dev/ttyUSB0:/dev/ttyACM0"]
`)], environment: {} }));
    const [serial] = plan.toCreate.filter((object) => object.kind === 'ExtendedResource');
    expect(serial?.how).toContain(`'{"name":"serial","groups":[{"paths":[{"path":"/dev/ttyUSB0"}],"count":2}]}'`);
    expect(plan.warnings.filter((warning) => /mounts \/dev\/ttyUSB0 at one path/.test(warning.message)).map((warning) => warning.key)).toEqual(['services.zigbee2mqtt.devices.0']);
  });

  it('is empty when the stack provides everything', () => {
    const plan = translate(loadProject({ files: [composeFile('services:\n  web:\n    image: nginx:1.27\n')], environment: {} }));
    expect(plan.toCreate).toEqual([]);
    expect(toCreateText(plan.toCreate)).toBe('');
  });
});

describe('every object a manifest refers to is emitted, printed by secrets, or listed to create', () => {
  for (const system of systems) {
    for (const environment of Object.keys(system.environments)) {
      it(`${system.name} ${environment}`, () => {
        expect(unprovided(buildSystemPlan(system, environment))).toEqual([]);
      });
    }
  }

  noticeSkip(existsSync(corpusRoot), 'the to-create invariant over ../shared/corpus');
  for (const stack of corpusStacks(['realworld', 'awesome-compose'])) {
    it(stack.id, () => {
      let plan: TranslationPlan;
      try {
        plan = translate(loadStack(stack));
      } catch {
        return; // projects that cannot load are the corpus tests' concern
      }
      expect(unprovided(plan)).toEqual([]);
    });
  }
});
