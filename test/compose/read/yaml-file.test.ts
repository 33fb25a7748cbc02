import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { parseComposeYaml } from '../../../lib/compose/read/yaml-file.ts';

describe('parseComposeYaml', () => {
  it('gives process.env back as it was, after a valid and after an invalid file', () => {
    const environment = process.env;
    expect(parseComposeYaml('services:\n  web:\n    image: nginx\n', 'compose.yaml')).toEqual({ services: { web: { image: 'nginx' } } });
    expect(process.env).toBe(environment);
    expect(() => parseComposeYaml('services:\n  web: [\n', 'compose.yaml')).toThrow(ComposeError);
    expect(process.env).toBe(environment);
  });
});
