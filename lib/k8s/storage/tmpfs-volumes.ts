import type { Volume } from '../../compose/model.ts';
import { ComposeError } from '../../compose/errors.ts';
import { parseByteSize } from '../../compose/normalize/units.ts';
import { memoryText } from '../plan/quantities.ts';

/** A local volume with `driver_opts: {type: tmpfs}`: memory, not disk. */
export function isTmpfsVolume(volume: Volume): boolean {
  return (volume.driver === undefined || volume.driver === 'local') && volume.driverOpts['type'] === 'tmpfs';
}

/** The emptyDir sizeLimit from `driver_opts.o` (`size=100m,uid=1000`), when it names one. */
export function tmpfsSizeLimit(volume: Volume, warn: (message: string) => void): string | undefined {
  const size = /(?:^|,)size=([^,]+)/.exec(volume.driverOpts['o'] ?? '')?.[1];
  if (size === undefined) return undefined;
  try {
    return memoryText(parseByteSize(size));
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    warn(`tmpfs ${error.message}; the emptyDir has no size limit`);
    return undefined;
  }
}
