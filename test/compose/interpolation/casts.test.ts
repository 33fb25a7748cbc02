import { describe, expect, it } from 'vitest';
import { castValue } from '../../../lib/compose/interpolation/casts.ts';

describe('castValue', () => {
  it.each([
    [['services', 'web', 'deploy', 'replicas'], '3', 3],
    [['services', 'web', 'scale'], '2', 2],
    [['services', 'web', 'cpus'], '0.5', 0.5],
    [['services', 'web', 'ulimits', 'nofile'], '1024', 1024],
    [['services', 'web', 'ulimits', 'nofile', 'soft'], '10', 10],
    [['services', 'web', 'ports', '0', 'target'], '80', 80],
    [['services', 'web', 'depends_on', 'db', 'required'], 'false', false],
    [['services', 'web', 'pre_start', '0', 'privileged'], 'true', true],
    [['services', 'web', 'pre_start', '0', 'per_replica'], 'yes', true],
    [['jobs', 'backup', 'read_only'], 'true', true],
    [['services', 'web', 'umask'], '0022', 0o22],
    [['services', 'web', 'umask'], '18', 18],
    [['networks', 'back', 'enable_ipv4'], 'false', false],
    [['services', 'web', 'healthcheck', 'disable'], 'yes', true],
    [['services', 'web', 'volumes', '0', 'volume', 'nocopy'], 'off', false],
    [['networks', 'back', 'external'], 'true', true],
    [['configs', 'app', 'external'], 'false', false],
  ] as const)('casts %j', (path, text, value) => {
    expect(castValue(path, text)).toBe(value);
  });

  it.each([
    [['services', 'web', 'image'], '3'],
    [['services', 'web', 'deploy', 'mode'], 'replicated'],
    [['services', 'web', 'ulimits', 'nofile', 'other'], '10'],
    [['services', 'web', 'environment', 'replicas'], '3'],
    [['volumes', 'data', 'replicas'], '3'],
    [['services', 'web', 'command', '0'], 'true'],
    // compose-go reads a file mode string in octal (normalization does), not as a decimal number.
    [['services', 'web', 'configs', '1', 'mode'], '0440'],
  ] as const)('leaves %j a string', (path, text) => {
    expect(castValue(path, text)).toBe(text);
  });

  it('refuses a value that is not of the type', () => {
    expect(() => castValue(['services', 'web', 'scale'], 'two')).toThrow('must be an integer, got "two"');
    expect(() => castValue(['services', 'web', 'ulimits', 'nofile'], 'many')).toThrow('must be an integer');
  });
});
