/**
 * Node.js 20, 22 and 24 as the npm registry's `node` packages, installed once into the user's cache
 * and reused: they are large and never change.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_MAJORS = ['20', '22', '24'] as const;

const NODES_DIR = join(homedir(), '.cache', 'cdk8s-compose', 'package-test-nodes');

/** `node_modules/node/bin/node` of the `node@<major>` package (whose install script fetches the binary package). */
export function nodeBinary(major: string): string {
  const prefix = join(NODES_DIR, major);
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', `node@${major}`, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: prefix, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  return binary;
}
