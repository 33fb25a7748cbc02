import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectToComposeYaml } from '../../lib/compose/config-yaml.ts';
import { loadProject } from '../../lib/compose/load.ts';
import { writeTree } from './support/project.ts';

describe('the resolved project as Compose YAML', () => {
  it('escapes $ in values as docker compose config does, so the output loads again to the same project', () => {
    const directory = writeTree({
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    command: ["sh", "-c", "echo $$HOSTNAME ${GREETING}"]\n    environment:\n      PRICE: "${PRICE}"\n    labels:\n      "keep.$$key": "a$$b"\n',
    });
    const project = loadProject({ cwd: directory, environment: { GREETING: 'hi', PRICE: '5$' } });
    expect(project.services['web']?.command).toEqual(['sh', '-c', 'echo $HOSTNAME hi']);
    const text = projectToComposeYaml(project);
    const web = (parse(text) as { services: Record<string, Record<string, unknown>> }).services['web'];
    expect(web?.['command']).toEqual(['sh', '-c', 'echo $$HOSTNAME hi']);
    expect(web?.['environment']).toEqual({ PRICE: '5$$' });
    expect(web?.['labels']).toEqual({ 'keep.$$key': 'a$$b' });

    const again = loadProject({ cwd: writeTree({ 'compose.yaml': text }), environment: {} }).services['web'];
    expect(again?.command).toEqual(project.services['web']?.command);
    expect(again?.environment).toEqual(project.services['web']?.environment);
    expect(again?.labels).toEqual(project.services['web']?.labels);
  });

  it('prints memory as a string and escapes what a YAML reader refuses raw or reads as a line break', () => {
    const directory = writeTree({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: ["a\\Lb\\Pc\\x7fd\\x81e\\Nf"]\n    deploy: {resources: {limits: {memory: 1g}}}\n',
    });
    const project = loadProject({ cwd: directory, environment: {} });
    const text = projectToComposeYaml(project);
    expect(text).toContain('      - "a\\Lb\\Pc\\x7fd\\x81e\\Nf"\n');
    expect(text).toContain('          memory: "1073741824"\n');
    expect(text).not.toMatch(/[\x7f-\x9f\u2028\u2029]/);
    const again = loadProject({ cwd: writeTree({ 'compose.yaml': text }), environment: {} }).services['web'];
    expect(again?.command).toEqual(['a\u2028b\u2029c\x7fd\x81e\u0085f']);
    expect(again?.deploy?.resources?.limits?.memory).toBe(1073741824);
  });
});
