// The cdk8s app (`cdk8s synth`, and `npm run synth` for dist/): main.ts from a precompiled bundle (see precompiled.mjs).
import { runPrecompiled } from './precompiled.mjs';

await runPrecompiled('synth', 'main.ts');
