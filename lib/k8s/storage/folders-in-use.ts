/**
 * A bound path named like a file that its service uses as a folder: its environment or command names
 * paths below where it is mounted. Fabric names its folders after hosts, and a host name ends like a
 * file's extension: fabric-samples' peers mount `../organizations/peerOrganizations/org1.example.com/
 * peers/peer0.org1.example.com` at /etc/hyperledger/fabric and read `CORE_PEER_TLS_KEY_FILE=
 * /etc/hyperledger/fabric/tls/server.key` and `CORE_PEER_MSPCONFIGPATH=/etc/hyperledger/fabric/msp`
 * below it. Taken for a file, the folder became a ConfigMap to create with one key, mounted as a
 * file where the peer looks for its folders, with a `kubectl create configmap --from-file=fabric=DIR`
 * that kubectl refuses for a folder (until 2026-12-07).
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import { withoutTrailingSlash } from '../../container-paths.ts';
import { isConfigFileName, looksLikeFile } from './bind-kinds.ts';
import { bindsOf } from './mount-index.ts';

/** Whether a path named like a file is one: no service that binds it names paths below its target. */
export function isFileInUse(project: ComposeProject, source: string): boolean {
  return looksLikeFile(source) && !usedAsFolder(project, source);
}

/** `isConfigFileName`, unless a service binding the path uses it as a folder. */
export function isConfigFileInUse(project: ComposeProject, source: string): boolean {
  return isConfigFileName(source) && !usedAsFolder(project, source);
}

/** Whether some service binding `source` names a path below where it mounts it. */
export function usedAsFolder(project: ComposeProject, source: string): boolean {
  return bindsOf(project, source).some(({ service, mount }) => namesPathBelow(service, mount.target));
}

/**
 * Whether the service's environment or command names a path below `target` (`/etc/x/tls/server.key`
 * below `/etc/x`), as a whole path: `/opt/etc/x/a` is not below `/etc/x`.
 */
export function namesPathBelow(service: Service, target: string): boolean {
  const folder = withoutTrailingSlash(target);
  if (folder === '' || folder === '/') return false;
  const prefix = `${folder}/`;
  const below = (text: string | null | undefined): boolean => {
    if (typeof text !== 'string') return false;
    for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
      const before = at === 0 ? '' : text[at - 1]!;
      const after = text[at + prefix.length];
      if (!/[\w./~-]/.test(before) && after !== undefined && /[^\s'",;:\])]/.test(after)) return true;
    }
    return false;
  };
  return Object.values(service.environment).some(below) || [...(service.entrypoint ?? []), ...(service.command ?? [])].some(below);
}
