/**
 * Containers often run the CLI under an arbitrary user id that has no entry in the system's user
 * list and no HOME (OpenShift does): such a process has no home directory, and Node's
 * `os.homedir()` throws. Converting must still work, and a `~` in a compose file must get a
 * located error, from the program (its snapshot) and from the plain start alike.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/k8s.ts';
import { temporaryDirectory } from '../support/temporary.ts';

/** A user id no system lists. */
const UNKNOWN_USER = '48213';

const SETPRIV = ['--reuid', UNKNOWN_USER, '--regid', UNKNOWN_USER, '--clear-groups'];

function setpriv(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root, to run as another user id';
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'needs setpriv (util-linux)';
  }
  // A checkout below a private directory (/root) is out of that user's reach.
  const files = [join(repoRoot, 'bin', 'cdk8s-compose'), join(repoRoot, 'node_modules', 'yaml', 'package.json')];
  const reads = spawnSync('setpriv', [...SETPRIV, process.execPath, '-e', `for (const file of ${JSON.stringify(files)}) require('fs').readFileSync(file)`], { stdio: 'ignore' });
  if (reads.status !== 0) return `needs the repository readable by another user id (${repoRoot} is not)`;
  return undefined;
}

const missing = setpriv();
if (missing) process.stderr.write(`notice: test/cli/homeless.test.ts skipped: it ${missing}\n`);

describe.skipIf(missing !== undefined)('a process without a home directory', () => {
  const bin = join(repoRoot, 'bin', 'cdk8s-compose');
  const starts = { program: [bin], plain: [process.execPath, bin] } as const;

  function convert(start: keyof typeof starts, compose: string) {
    const dir = temporaryDirectory('homeless');
    writeFileSync(join(dir, 'compose.yaml'), compose);
    chmodSync(dir, 0o755);
    const argv = [...SETPRIV, ...starts[start], 'convert', '-q'];
    // No HOME; PATH for node, LANG for stable messages.
    const env = { PATH: process.env['PATH'] ?? '', LANG: 'C' };
    return spawnSync('setpriv', argv, { cwd: dir, env, encoding: 'utf8' });
  }

  it.each(Object.keys(starts) as (keyof typeof starts)[])('converts, and reports a ~ with its location (%s start)', (start) => {
    const plain = convert(start, 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./conf:/etc/conf\n');
    expect(plain.stderr).toBe('');
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('kind: Deployment');
    const tilde = convert(start, 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ~/data:/data\n');
    expect(tilde.status).toBe(1);
    expect(tilde.stdout).toBe('');
    expect(tilde.stderr).toMatch(/^error: \S*\/compose\.yaml:5:9: services\.web\.volumes\.0: `~` names the home directory, and this process has none .*: set HOME, or write the path out\n$/);
  });
});
