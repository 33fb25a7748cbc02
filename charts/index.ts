import { carbonNexus } from './carbon-nexus/index.ts';
import { exoplanet } from './exoplanet/index.ts';
import { meshymcmapface } from './meshymcmapface/index.ts';
import { modax } from './modax/index.ts';
import { scip } from './scip/index.ts';
import type { SystemDefinition } from './system.ts';

/** The five documented systems, in the order the documents are numbered. */
export const systems: readonly SystemDefinition[] = [modax, scip, exoplanet, meshymcmapface, carbonNexus];
