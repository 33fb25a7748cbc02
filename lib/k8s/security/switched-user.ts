import type { Service } from '../../compose/model.ts';
import { own } from '../plan/own.ts';

/**
 * The variables by which compose tells an image which user to switch to once it has started as
 * root: PUID and PGID, linuxserver.io's convention, which many other images follow (lowcoder's
 * api-service, node-service and frontend, whose entrypoints end with `gosu $USER_ID:$GROUP_ID`). Such an image
 * must start as root: as the default uid 1000, gosu (or su-exec, or s6's setuidgid) cannot switch
 * user, and lowcoder-org/lowcoder's docker-compose-multi.yaml (`PUID: "9001"`) never started
 * (until 2026-12-07). UID and GID are the same convention in the Bitcoin Core images (bitcoin/bitcoin,
 * and bitcoinknots/bitcoin, their drop-in): the entrypoint runs `usermod -u "$UID" bitcoin` and
 * `groupmod -g "$GID"` under `set -e`, then `gosu bitcoin`; praveenperera/knots-stack sets
 * `UID: 1000`, `GID: 1000`, and as uid 1000 usermod failed and bitcoind never started (rw15sc).
 */
const SWITCHED_USER_VARIABLES = ['PUID', 'PGID', 'UID', 'GID'] as const;

/**
 * The PUID, PGID, UID or GID variable the service's environment sets to a number, or undefined. A variable
 * left empty or unset says nothing.
 */
export function switchedUserVariable(service: Service): string | undefined {
  return SWITCHED_USER_VARIABLES.find((name) => {
    const value = own(service.environment, name);
    return typeof value === 'string' && /^\d+$/.test(value.trim());
  });
}
