import { describe, expect, it } from 'vitest';
import { ComposeError, shortenMessage } from '../../lib/compose/errors.ts';
import { load, loadError } from './support/project.ts';

/** Error messages echo input; a huge value must not make a huge message. */
describe('shortenMessage', () => {
  it('keeps short quoted values and the text around them', () => {
    expect(shortenMessage('invalid port "99999:80": must be 1-65535')).toBe('invalid port "99999:80": must be 1-65535');
  });

  it('keeps the first 80 characters of a longer quoted value', () => {
    const value = `${'a'.repeat(80)}bcd`;
    expect(shortenMessage(`invalid size "${value}": expected bytes`)).toBe(`invalid size "${'a'.repeat(80)}…": expected bytes`);
  });

  it('shortens each quoted value and skips quotes escaped inside one', () => {
    const value = JSON.stringify(`${'x'.repeat(79)}"${'y'.repeat(100)}`);
    expect(shortenMessage(`bad ${value} and "${'z'.repeat(100)}" end`)).toBe(`bad "${'x'.repeat(79)}\\…" and "${'z'.repeat(80)}…" end`);
  });

  it('is idempotent, so an error wrapped again stays the same', () => {
    const once = shortenMessage(`"${'q'.repeat(500)}"`);
    expect(shortenMessage(once)).toBe(once);
  });

  it('keeps the start and the end of a message still too long', () => {
    const message = `services.${'s'.repeat(5000)}.image: must be a string`;
    const short = shortenMessage(message);
    expect(short.length).toBeLessThanOrEqual(1001);
    expect(short.startsWith('services.sss')).toBe(true);
    expect(short.endsWith('.image: must be a string')).toBe(true);
  });

  it('applies to every ComposeError, key included', () => {
    const error = new ComposeError(`unknown "${'v'.repeat(10_000)}"`, undefined, `services.${'k'.repeat(10_000)}`);
    expect(error.format().length).toBeLessThan(1200);
  });
});

describe('a huge value in a compose file', () => {
  it('is named by its start only', () => {
    const port = '9'.repeat(1024 * 1024);
    const error = loadError({ 'compose.yaml': `services:\n  web:\n    image: nginx\n    ports:\n      - '${port}:80'\n` });
    expect(error.format().length).toBeLessThan(400);
    expect(error.message).toContain(`invalid port "${'9'.repeat(80)}…"`);
    expect(error.location).toMatchObject({ line: 5, column: 9 });
  });
});

describe('warnings about huge values', () => {
  it('name an unset variable by the start of its name', () => {
    const name = `V${'X'.repeat(100_000)}`;
    const project = load({ 'compose.yaml': `services:\n  web:\n    image: nginx\n    command: "$${name}"\n` });
    const [warning] = project.warnings.filter((entry) => entry.message.includes('not set'));
    expect(warning?.message).toBe(`the "V${'X'.repeat(79)}…" variable is not set; defaulting to a blank string`);
  });
});
