import type { Healthcheck } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';

/**
 * The healthcheck Docker runs: compose's, else the image's HEALTHCHECK (from its Dockerfile or the
 * lock file). A compose healthcheck without a test keeps the image's test with compose's timing
 * where compose sets it, as Docker merges them; undefined fields stay Docker's defaults.
 */
export function effectiveHealthcheck(context: ServiceContext): Healthcheck | undefined {
  const own = context.service.healthcheck;
  const image = context.image?.config.healthcheck;
  // HEALTHCHECK NONE switches off an inherited check: the service then has none, like one without a HEALTHCHECK.
  if (own === undefined) return image?.disable ? undefined : image;
  if (own.disable || own.test.length > 1 || image === undefined) return own;
  return {
    ...image,
    ...Object.fromEntries(Object.entries(own).filter(([field, value]) => field !== 'test' && field !== 'disable' && value !== undefined && value !== 0)),
  };
}
