import { describe, expect, it } from 'vitest';
import { originOf } from '../../../lib/compose/read/tree.ts';
import { promoteExtensionAliases } from '../../../lib/compose/merge/extension-aliases.ts';
import { parseComposeYaml } from '../../../lib/compose/read/yaml-file.ts';
import { load } from '../support/project.ts';

describe('extension aliases', () => {
  // docker/genai-stack writes the legacy `x-develop`, which compose-go loads as `develop`.
  it('loads x-develop as develop, where the watch it holds is reported as any develop is', () => {
    const project = load({ 'compose.yaml': 'services:\n  api:\n    image: x/api:1\n    x-develop:\n      watch:\n        - action: rebuild\n          path: .\n          x-initialSync: true\n' });
    const api = project.services['api'];
    expect(api?.raw['x-develop']).toBeUndefined();
    expect(api?.raw['develop']).toEqual({ watch: [{ action: 'rebuild', path: '.', initial_sync: true }] });
  });

  it('keeps the alias where compose wrote it, and merges it under the attribute, which wins', () => {
    const tree = parseComposeYaml('services:\n  api:\n    develop:\n      watch:\n        - path: ./src\n    x-develop:\n      watch:\n        - path: ./lib\n  web:\n    x-develop:\n      watch: []\n', 'compose.yaml');
    promoteExtensionAliases(tree);
    const services = tree['services'] as Record<string, Record<string, unknown>>;
    expect(services['api']).toEqual({ develop: { watch: [{ path: './lib' }, { path: './src' }] } });
    expect(originOf(services['web']!, 'develop')?.location).toMatchObject({ line: 10, column: 5 });
  });
});
