import { describe, expect, it } from 'vitest';
import type { FileObject } from '../../../lib/compose/model.ts';
import { fileObjectsFor } from '../../../lib/k8s/config-and-secrets/file-objects.ts';
import { makeProject, makeService } from '../../support/model.ts';
import { contextFor } from '../support/recording-context.ts';

const config = (value: string): FileObject => ({ name: 'demo_site', source: { kind: 'file', path: '/project/site.conf' }, value, labels: {}, extensions: {} });

describe('compose configs', () => {
  it('stay ConfigMaps when they merely contain a short password word of the project (POSTGRES_PASSWORD: shop)', () => {
    const project = makeProject(
      [makeService('db', { environment: { POSTGRES_PASSWORD: 'shop' } }), makeService('web', { configs: [{ source: 'site', target: '/etc/nginx/conf.d/site.conf' }] })],
      { configs: { site: config('location /shop { }\n') } },
    );
    const files = fileObjectsFor(contextFor(project, 'web').context);
    expect(files.secrets).toEqual([]);
    expect(files.configMaps.map((map) => map.data)).toEqual([{ site: 'location /shop { }\n' }]);
  });

  it('become Secrets when they hold a strong secret value of the project', () => {
    const project = makeProject(
      [makeService('db', { environment: { POSTGRES_PASSWORD: 'x7Kq-29fLm' } }), makeService('web', { configs: [{ source: 'site', target: '/etc/app.ini' }] })],
      { configs: { site: config('password_hash = x7Kq-29fLm\n') } },
    );
    const files = fileObjectsFor(contextFor(project, 'web').context);
    expect(files.configMaps).toEqual([]);
    expect(files.secrets.map((secret) => secret.name)).toEqual(['site']);
  });
});
