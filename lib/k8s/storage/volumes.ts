import type { ServiceVolume } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import { memoryText } from '../plan/quantities.ts';
import { sourceCodeReason } from './bind-kinds.ts';
import { addBindMount } from './bind-mounts.ts';
import { addAnonymousVolume, addNamedVolume } from './named-volumes.ts';
import { PodStorage, type ServiceStorage } from './pod-storage.ts';

export type { ServiceStorage } from './pod-storage.ts';

/** Pod volumes and mounts for the service's `volumes:` (named, bind, tmpfs). */
export function storageFor(context: ServiceContext): ServiceStorage {
  const storage = new PodStorage(context);
  const codeTargets = context.service.volumes.flatMap((mount) =>
    mount.type === 'bind' && sourceCodeReason(context.service, mount, context.project.hostFiles[mount.source], context.project.hostFiles, context.project.services) !== undefined ? [mount.target] : [],
  );
  context.service.volumes.forEach((mount, index) => {
    addMount(storage, mount, mount.declaredAt ?? `services.${context.service.name}.volumes.${index}`, codeTargets);
  });
  return storage.result();
}

function addMount(storage: PodStorage, mount: ServiceVolume, key: string, codeTargets: readonly string[]): void {
  const { context } = storage;
  storage.key = key;
  switch (mount.type) {
    case 'volume':
      if (mount.source !== undefined) addNamedVolume(storage, mount, mount.source, key);
      else addAnonymousVolume(storage, mount, key, codeTargets);
      return;
    case 'bind':
      addBindMount(storage, mount, key);
      return;
    case 'tmpfs': {
      if (mount.mode !== undefined) context.warn('tmpfs mode cannot be set on an emptyDir; the pod fsGroup applies', key);
      const sizeLimit = mount.size === undefined ? {} : { sizeLimit: memoryText(mount.size) };
      storage.mount(`tmpfs-${mount.target}`, { emptyDir: { medium: 'Memory', ...sizeLimit } }, mount);
      return;
    }
    default:
      context.warn(`'${mount.type}' mounts have no Kubernetes 1.27 equivalent; ${mount.target} is not mounted`, key);
  }
}
