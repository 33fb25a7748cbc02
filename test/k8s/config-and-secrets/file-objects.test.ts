import { describe, expect, it } from 'vitest';
import type { FileObject } from '../../../lib/compose/model.ts';
import { fileObjectsFor } from '../../../lib/k8s/config-and-secrets/file-objects.ts';
import { makeProject, makeService } from '../../support/model.ts';
import { contextFor } from '../support/recording-context.ts';

const config = (value: string): FileObject => ({ name: 'demo_site', source: { kind: 'file', path: '/project/site.conf' }, value, labels: {}, extensions: {} });

describe('compose configs', () => {
  it.each([
    ['stay ConfigMaps when they merely contain a short password word of the project (POSTGRES_PASSWORD: shop)', 'shop', 'location /shop { }\n', 'ConfigMap'],
    ['become Secrets when they hold a strong secret value of the project', 'x7Kq-29fLm', 'password_hash = x7Kq-29fLm\n', 'Secret'],
  ])('%s', (_what, password, content, kind) => {
    const project = makeProject(
      [makeService('db', { environment: { POSTGRES_PASSWORD: password } }), makeService('web', { configs: [{ source: 'site', target: '/etc/site.conf' }] })],
      { configs: { site: config(content) } },
    );
    const files = fileObjectsFor(contextFor(project, 'web').context);
    expect({ configMaps: files.configMaps.map((map) => map.name), secrets: files.secrets.map((secret) => secret.name) }).toEqual(
      kind === 'Secret' ? { configMaps: [], secrets: ['site'] } : { configMaps: ['site'], secrets: [] },
    );
  });
});
