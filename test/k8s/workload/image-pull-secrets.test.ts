import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

describe('x-kubernetes.imagePullSecrets', () => {
  it('reaches every pod from defaults, a service adding its own, each Secret once on the to-create list', () => {
    const result = convertCompose(
      'x-kubernetes:\n  defaults:\n    imagePullSecrets: [registry]\nservices:\n  web:\n    image: registry.example.com/web:1\n  worker:\n    image: registry.example.com/worker:1\n    x-kubernetes:\n      imagePullSecrets: [registry, mirror]\n',
    );
    expect(result.object('Deployment', 'web').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(result.object('Deployment', 'worker').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'mirror' }]);
    const secrets = result.plan.toCreate.filter((object) => object.kind === 'Secret');
    expect(secrets.map((secret) => secret.name)).toEqual(['mirror', 'registry']);
    expect(secrets[0]?.why).toContain('docker-registry');
  });

  it('leaves pods without it alone', () => {
    const result = convertCompose('services:\n  web:\n    image: nginx:1.27\n');
    expect(result.object('Deployment', 'web').spec.template.spec.imagePullSecrets).toBeUndefined();
  });
});
