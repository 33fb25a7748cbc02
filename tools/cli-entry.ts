// The CLI's entry point: bundled by tools/precompiled.mjs in the repository, compiled to
// build/tools/cli-entry.js in the published package. A CommonJS bundle has no top-level await.
import { main } from '../lib/cli/main.ts';

void main();
