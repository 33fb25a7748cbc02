import { describe, expect, it } from 'vitest';
import { load, loadError } from '../support/project.ts';

/** YAML errors point at the token to fix, and files without content are errors, as in compose. */
describe('YAML error positions', () => {
  it.each([
    ['an unclosed double quote', 'services:\n  web:\n    image: "nginx:1.25\n    ports:\n      - "80:80"\n', 3, 12],
    ['an unclosed single quote', "services:\n  web:\n    image: 'nginx:1.25\n", 3, 12],
    ['a double quote whose last quote is escaped', 'services:\n  web:\n    image: "nginx\\"\n', 3, 12],
    ['an unclosed flow sequence', 'services:\n  web:\n    image: nginx:1.25\n    ports: [80, 81\n\n', 4, 12],
    ['an unclosed flow mapping', 'services:\n  web:\n    image: nginx:1.25\n    labels: {a: b\n', 4, 13],
  ])('points at the start of %s', (_name, text, line, column) => {
    const error = loadError({ 'compose.yaml': text });
    expect(error.message).toMatch(/^invalid YAML: /);
    expect(error.location).toMatchObject({ line, column });
  });

  it('points at a wrongly indented item past its indentation, not at the start of its line', () => {
    // The parser reports column 1; compose-go, and the item to move, are where the key starts.
    expect(loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n   ports:\n      - "80:80"\n' }).location).toMatchObject({ line: 4, column: 4 });
    // pixelfed's docker-compose.yml: `networks:` indented into the volumes list.
    const pixelfed = 'services:\n  worker:\n    image: x/worker:1\n    volumes:\n      - "./storage:/var/www/storage"\n      networks:\n      - internal\n';
    const error = loadError({ 'compose.yaml': pixelfed });
    expect(error.message).toBe('invalid YAML: All mapping items must start at the same column');
    expect(error.location).toMatchObject({ line: 6, column: 7 });
  });

  it('looks for an unclosed token through documents with empty nodes', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    environment:\n      - A=1\n      target: x\n      - B=2\n' });
    expect(error.location).toMatchObject({ line: 5, column: 7 });
  });

  it('finds the unclosed quote on the last line of a large file', () => {
    const lines = ['services:'];
    for (let index = 0; index < 3000; index++) lines.push(`  svc-${index}:`, '    image: busybox:1.36');
    lines.push('  tail:', '    image: "busybox:1.36');
    const error = loadError({ 'compose.yaml': `${lines.join('\n')}\n` });
    expect(error.location).toMatchObject({ line: lines.length, column: 12 });
  });
});

describe('a compose file without content', () => {
  it.each([
    ['empty', ''],
    ['only comments', '# nothing here\n  # nor here\n'],
    ['only a document marker', '---\n'],
  ])('is an error at 1:1 when %s', (_name, text) => {
    const error = loadError({ 'compose.yaml': text });
    expect(error.message).toBe('empty compose file');
    expect(error.location).toMatchObject({ line: 1, column: 1 });
    expect(error.format()).toMatch(/compose\.yaml:1:1: empty compose file$/);
  });

  it('names the override file that is empty', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n', 'compose.override.yaml': '' });
    expect(error.location?.file).toMatch(/compose\.override\.yaml$/);
  });
});

describe('inputs built to exhaust the loader', () => {
  it('rejects an alias bomb like compose (go-yaml: excessive aliasing), at the alias that expands it', () => {
    const levels = ['x-a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefgh') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`x-${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const error = loadError({ 'compose.yaml': `${levels.join('\n')}\nservices:\n  web:\n    image: nginx\n` });
    expect(error.message).toBe('invalid YAML: document contains excessive aliasing');
    // On the first line whose expansion crosses go-yaml's ratio, at one of its aliases.
    expect(error.location?.line).toBe(4);
    expect(levels[3]?.slice((error.location?.column ?? 0) - 1)).toMatch(/^\*c\b/);
  });

  it('still reads many services merging one anchor', () => {
    const lines = ['x-common: &common', '  image: busybox', '  environment: {A: "1", B: "2"}', 'services:'];
    for (let index = 0; index < 2000; index++) lines.push(`  s${index}:`, '    <<: *common', `    command: ["sleep", "${index}"]`);
    expect(Object.keys(load({ 'compose.yaml': `${lines.join('\n')}\n` }).services)).toHaveLength(2000);
  });

  it('rejects collections nested deeper than the YAML reader can go, where the nesting is', () => {
    const error = loadError({ 'compose.yaml': `services:\n  web:\n    image: nginx\nx-deep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` });
    expect(error.message).toBe('invalid YAML: collections nested too deeply');
    expect(error.location?.line).toBe(4);
  });

  it('rejects interpolation defaults nested beyond 100 levels, with a short message', () => {
    const nested = (levels: number): string => `services:\n  web:\n    image: "${'${A:-'.repeat(levels)}nginx${'}'.repeat(levels)}"\n`;
    expect(load({ 'compose.yaml': nested(100) }).services['web']?.image).toBe('nginx');
    const error = loadError({ 'compose.yaml': nested(5000) });
    expect(error.message).toMatch(/^services\.web\.image: invalid interpolation format in .*: nested more than 100 levels deep$/);
    expect(error.message.length).toBeLessThan(300);
    expect(error.location).toMatchObject({ line: 3, column: 5 });
  });
});
