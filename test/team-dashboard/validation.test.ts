import { describe, expect, it } from 'vitest';
import { TeamDashboardInputError } from '../../lib/team-dashboard/errors.ts';
import { validateConfig, validateId } from '../../lib/team-dashboard/validation.ts';

const ok = { name: 'Team Blue', color: '#00f' };

describe('validateId', () => {
  it.each(['ex1', 'A', 'exercise_2024.spring-1', 'x'.repeat(63)])('accepts the label value %s', (id) => {
    expect(validateId('exercise', id)).toBe(id);
  });

  it.each([
    ['', 'exercise: must not be empty'],
    ['x'.repeat(64), 'exercise: \'' + 'x'.repeat(64) + '\' is 64 characters, at most 63 are allowed'],
    ['ex 1', "exercise: 'ex 1' is not a valid Kubernetes label value"],
    ['-ex1', "exercise: '-ex1' is not a valid Kubernetes label value"],
    ['ex1.', "exercise: 'ex1.' is not a valid Kubernetes label value"],
    ['ex/1', "exercise: 'ex/1' is not a valid Kubernetes label value"],
  ])('rejects %j', (id, message) => {
    expect(() => validateId('exercise', id)).toThrow(TeamDashboardInputError);
    expect(() => validateId('exercise', id)).toThrow(message);
  });
});

describe('validateConfig', () => {
  it.each(['#00f', '#0000FF', 'red', 'RebeccaPurple', 'lightgoldenrodyellow'])('accepts the color %s', (color) => {
    expect(validateConfig({ ...ok, color }).color).toBe(color);
  });

  it.each(['#00', '#0000f', '00f', 'bleu', 'transparent', 'rgb(0,0,255)', ''])('rejects the color %j', (color) => {
    expect(() => validateConfig({ ...ok, color })).toThrow(`color: '${color}' is not #rgb, #rrggbb or a CSS named color`);
  });

  it.each(['Blue', 'Équipe Bleue', "Alpha & Omega (B)", 'Team 7', '青队', 'x'.repeat(64)])('accepts the name %j', (name) => {
    expect(() => validateConfig({ ...ok, name })).not.toThrow();
  });

  it.each([
    ['', /name: must be 1 to 64 characters, got 0/],
    ['x'.repeat(65), /name: must be 1 to 64 characters, got 65/],
    [' Blue', /may contain only letters/],
    ['Blue ', /not ending with a space/],
    ['Blue\nRed', /may contain only letters/],
    ['<script>', /may contain only letters/],
    ['Blue; rm -rf', /may contain only letters/],
  ])('rejects the name %j', (name, message) => {
    expect(() => validateConfig({ ...ok, name })).toThrow(message);
  });

  it('accepts Kubernetes quantities for memory and CPU', () => {
    expect(() => validateConfig({ ...ok, memoryLimit: '512Mi', cpu: '500m' })).not.toThrow();
    expect(() => validateConfig({ ...ok, memoryLimit: '1G', cpu: '0.5' })).not.toThrow();
    expect(() => validateConfig({ ...ok, memoryLimit: '268435456', cpu: '2' })).not.toThrow();
  });

  it('explains Docker-style memory sizes instead of creating a millibyte limit', () => {
    expect(() => validateConfig({ ...ok, memoryLimit: '256m' })).toThrow("memoryLimit: '256m' means millibytes in Kubernetes; write 256Mi");
  });

  it.each([
    [{ memoryLimit: '256MB' }, "memoryLimit: '256MB' is not a positive Kubernetes memory quantity"],
    [{ memoryLimit: '0' }, "memoryLimit: '0' is not a positive"],
    [{ cpu: '25000' + 'x' }, "cpu: '25000x' is not a positive Kubernetes CPU quantity"],
    [{ cpu: '0m' }, "cpu: '0m' is not a positive"],
    [{ cpu: '0.0001' }, "cpu: '0.0001' is not a positive"],
  ])('rejects %j', (override, message) => {
    expect(() => validateConfig({ ...ok, ...override })).toThrow(message);
  });
});
