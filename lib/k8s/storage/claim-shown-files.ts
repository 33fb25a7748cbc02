/**
 * A project file bound where a folder bind of the same service already shows it (`./execution:/execution`
 * and `./execution/genesis.json:/execution/genesis.json`): on the host both are the one file, so when
 * the folder is a claim, the file is the claim's, which what runs there may have rewritten. Shipped
 * as a ConfigMap over it, the service read the project's copy instead: OffchainLabs/eth-pos-devnet's
 * prysmctl task writes the genesis.json that geth-genesis then reads, and geth-genesis initialised
 * its chain from the stale one (until 2026-12-07).
 */
import type { BindMount, ComposeProject, Service } from '../../compose/model.ts';
import { isBelow, withoutTrailingSlash } from '../../container-paths.ts';
import { isClaimData } from './host-data.ts';

/** The service's folder bind, kept on a claim, that shows `mount`'s file at its target; undefined when none does. */
export function claimShowingFile(project: ComposeProject, service: Service, mount: BindMount): BindMount | undefined {
  const source = withoutTrailingSlash(mount.source);
  const target = withoutTrailingSlash(mount.target);
  return service.volumes.find((other): other is BindMount => {
    if (other === mount || other.type !== 'bind') return false;
    const folder = withoutTrailingSlash(other.source);
    const at = withoutTrailingSlash(other.target);
    if (!isBelow(source, folder) || !isBelow(target, at)) return false;
    return source.slice(folder.length) === target.slice(at.length) && isClaimData(project, service, other);
  });
}
