// The CLI's bundle entry point (see tools/precompiled.mjs).
import { main } from '../lib/cli/main.ts';

await main();
