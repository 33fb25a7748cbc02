import type { Service } from '../../../compose/model.ts';
import { memoryText } from '../../plan/quantities.ts';
import type { PodVolumes } from '../../storage/pod-volumes.ts';

const SHM_VOLUME = 'dshm';

/** `shm_size` becomes a memory-backed emptyDir at /dev/shm of that size. */
export function sharedMemory(service: Service): PodVolumes {
  if (service.shmSize === undefined) return { volumes: [], volumeMounts: [] };
  return {
    volumes: [{ name: SHM_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: memoryText(service.shmSize) } }],
    volumeMounts: [{ name: SHM_VOLUME, mountPath: '/dev/shm' }],
  };
}
