// `npm run build` (run by `npm pack` through prepack): the published package in build/ — the JavaScript
// (tsconfig.build.json), the declarations of what the package exports (tsconfig.types.json), and the
// plain JavaScript module lib/ imports as it is. The repository itself runs the TypeScript sources.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(root, 'build'), { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.types.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
}
for (const file of ['lib/code-cache.mjs', 'lib/code-cache.d.mts']) cpSync(join(root, file), join(root, 'build', file));
