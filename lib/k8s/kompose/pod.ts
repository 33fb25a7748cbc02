import { integerLabel, type LabelFamily } from './label-family.ts';

/** kompose labels of the pod: how it pulls its image, its identity, its init containers. */
export const pod: LabelFamily = {
  labels: {
    'kompose.image-pull-secret': '`imagePullSecrets` (listed among the objects to create)',
    'kompose.image-pull-policy': 'reported: use compose\'s `pull_policy` (always, never, missing), which becomes imagePullPolicy',
    'kompose.serviceaccount-name': '`serviceAccountName` (listed among the objects to create)',
    'kompose.security-context.fsgroup': '`securityContext.fsGroup`',
    'kompose.init.containers.name': 'reported: run the step as a service of its own that this one `depends_on` with `condition: service_completed_successfully` (a Job its pod waits for)',
    'kompose.init.containers.image': 'reported, as kompose.init.containers.name',
    'kompose.init.containers.command': 'reported, as kompose.init.containers.name',
  },
  translate(labels) {
    const secret = labels.value('kompose.image-pull-secret');
    if (secret !== undefined) labels.options('kompose.image-pull-secret', { imagePullSecrets: [secret.trim()] });
    const policy = labels.value('kompose.image-pull-policy');
    if (policy !== undefined) {
      labels.warn('kompose.image-pull-policy', `not translated: set pull_policy (always, never or missing) on the service, which becomes the container's imagePullPolicy`);
    }
    const account = labels.value('kompose.serviceaccount-name');
    if (account !== undefined) labels.options('kompose.serviceaccount-name', { serviceAccountName: account.trim() });
    const fsGroup = integerLabel(labels, 'kompose.security-context.fsgroup');
    if (fsGroup !== undefined) labels.options('kompose.security-context.fsgroup', { securityContext: { fsGroup } });
    for (const label of ['kompose.init.containers.name', 'kompose.init.containers.image', 'kompose.init.containers.command']) {
      if (labels.value(label) === undefined) continue;
      labels.warn(label, "not translated: run the step as a service of its own that this one depends_on with condition: service_completed_successfully; it becomes a Job the pod's init container waits for");
    }
  },
};
