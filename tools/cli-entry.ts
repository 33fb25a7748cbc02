// The CLI's bundle entry point (see tools/precompiled.mjs). A CommonJS bundle has no top-level await.
import { main } from '../lib/cli/main.ts';

void main();
