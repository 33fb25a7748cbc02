// `npm run synth` and `cdk8s synth`: main.ts from a precompiled bundle (see precompiled.mjs).
import { runPrecompiled } from './precompiled.mjs';

await runPrecompiled('synth', 'main.ts');
