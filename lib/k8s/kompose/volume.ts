import { lookup, type LabelFamily } from './label-family.ts';

const VOLUME_TYPES: Readonly<Record<string, string>> = {
  persistentvolumeclaim: '',
  emptydir: 'use a tmpfs mount or an anonymous volume for scratch space',
  hostpath: 'use a bind mount (x-kubernetes.allowHostPath for paths outside the project)',
  configmap: 'use configs: (a ConfigMap) or a bind mount of files of the project',
};

/** kompose.volume.*: the claims of the named volumes the service mounts, and how it mounts them. */
export const volume: LabelFamily = {
  labels: {
    'kompose.volume.size': '`size` of every named volume the service mounts (the volume\'s own x-kubernetes wins), `storage.size` for its anonymous volumes',
    'kompose.volume.storage-class-name': '`storageClass` of every named volume the service mounts, `storage.storageClass` for its anonymous volumes',
    'kompose.volume.sub-path': '`subPaths` of every named volume mount of the service',
    'kompose.volume.subpath': 'as kompose.volume.sub-path (an older spelling)',
    'kompose.volume.type': 'persistentVolumeClaim → what named volumes are already; emptyDir, hostPath, configMap → reported, with the compose key that says so',
  },
  translate(labels) {
    const { service } = labels;
    const named = service.volumes.flatMap((mount) => (mount.type === 'volume' && mount.source !== undefined ? [{ source: mount.source, target: mount.target }] : []));
    const anonymous = service.volumes.some((mount) => mount.type === 'volume' && mount.source === undefined);
    for (const [label, option] of [['kompose.volume.size', 'size'], ['kompose.volume.storage-class-name', 'storageClass']] as const) {
      const value = labels.value(label);
      if (value === undefined) continue;
      if (named.length === 0 && !anonymous) labels.warn(label, 'the service mounts no volume, so the label is unused');
      for (const { source } of named) labels.volume(label, source, { [option]: value.trim() });
      // Anonymous volumes are the service's own claims, sized by its `storage` option.
      if (anonymous) labels.options(label, { storage: { [option]: value.trim() } });
    }
    for (const label of ['kompose.volume.sub-path', 'kompose.volume.subpath']) {
      const value = labels.value(label);
      if (value === undefined) continue;
      if (named.length === 0) labels.warn(label, 'the service mounts no named volume, so the label is unused');
      const subPath = value.trim().replace(/^\/+/, '');
      if (named.length > 0) labels.options(label, { subPaths: Object.fromEntries(named.map(({ target }) => [target, subPath])) });
    }
    const type = labels.value('kompose.volume.type');
    if (type !== undefined) {
      const instead = lookup(VOLUME_TYPES, type);
      if (instead === undefined) labels.warn('kompose.volume.type', `'${type}' is not a Kompose volume type (persistentVolumeClaim, emptyDir, hostPath, configMap); the label is not translated`);
      else if (instead !== '') labels.warn('kompose.volume.type', `${type} is not translated: the kind of each mount follows its compose type here; ${instead}`);
    }
  },
};
