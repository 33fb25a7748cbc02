// The CLI's bundle entry point (see tools/precompiled.mjs). A CommonJS bundle has no top-level await.
// The same bundle is the script a start-up snapshot is built from (tools/snapshot.mjs).
import { startupSnapshot } from 'node:v8';
import { main } from '../lib/cli/main.ts';
import { prepareSnapshot } from './snapshot-main.ts';

if (startupSnapshot.isBuildingSnapshot()) prepareSnapshot();
else void main();
