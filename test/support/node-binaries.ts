/**
 * Node.js as the npm registry's `node` packages, installed once into the user's cache and reused:
 * they are large and never change. A version is a major (its newest release) or an exact release.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_MAJORS = ['20', '22', '24'] as const;

/**
 * The oldest releases package.json's `engines` admits, one per major: the first that load an ES
 * module with require() without a flag (a CommonJS app's `require('cdk8s-compose')`). Node 20.0-20.9
 * also refuse the bin, an extensionless ES module.
 */
export const OLDEST_NODES = ['20.19.0', '22.12.0'] as const;

/** `^v20\.` for a major, `^v20\.19\.0$` for a release: what `node --version` prints. */
export function versionPattern(version: string): RegExp {
  const escaped = version.replaceAll('.', '\\.');
  return new RegExp(version.includes('.') ? `^v${escaped}\\n?$` : `^v${escaped}\\.`);
}

const NODES_DIR = join(homedir(), '.cache', 'cdk8s-compose', 'package-test-nodes');

/** `node_modules/node/bin/node` of the `node@<version>` package (whose install script fetches the binary package). */
export function nodeBinary(version: string): string {
  const prefix = join(NODES_DIR, version);
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', `node@${version}`, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: prefix, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  return binary;
}
