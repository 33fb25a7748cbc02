/**
 * cdk8s-compose as a library: load a Compose project, translate it into a plain plan (`translate`)
 * or into a `ComposeChart` in any cdk8s app, and write deterministic manifests.
 */
export { ComposeError, formatLocation } from './compose/errors.ts';
export { loadProject, type LoadOptions } from './compose/load.ts';
export type * from './compose/model.ts';
export * from './k8s/index.ts';
