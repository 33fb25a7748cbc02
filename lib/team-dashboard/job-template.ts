import type * as k8s from '../k8s/plan/api-types.ts';
import { isMutable } from '../k8s/workload/pod/pull-policy.ts';
import { CONTAINER_NAME, CONTAINER_PORT, PORT_NAME } from './names.ts';

export interface JobTemplateSettings {
  readonly image: string;
  /** Labels of the Job and its pods. */
  readonly labels: Readonly<Record<string, string>>;
  readonly mqttWebSocketUrl: string;
  readonly maxExerciseSeconds: number;
  readonly ttlSecondsAfterFinished: number;
}

/** The Dockerfile's HEALTHCHECK: `--interval=30s --timeout=3s --start-period=5s --retries=3`. */
const HEALTHCHECK = { intervalSeconds: 30, timeoutSeconds: 3, startPeriodSeconds: 5, retries: 3 } as const;
/** The nginx user of the `nginx:alpine` base image. */
const NGINX_UID = 101;
/** Where nginx writes at run time: its temp files, its pid file, and whatever the entrypoint scripts touch. */
const WRITABLE_DIRECTORIES = [
  { name: 'nginx-cache', mountPath: '/var/cache/nginx' },
  { name: 'run', mountPath: '/var/run' },
  { name: 'tmp', mountPath: '/tmp' },
] as const;

/**
 * One team's dashboard as a Job: Docker's `restart: on-failure` with at most 3 retries becomes
 * `backoffLimit: 3` with `restartPolicy: Never`, and the exercise's maximum length bounds it.
 */
export function dashboardJobTemplate(settings: JobTemplateSettings): k8s.JobTemplateSpec {
  const labels = { ...settings.labels };
  return {
    metadata: { labels },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: settings.maxExerciseSeconds,
      ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
      // A node drain or preemption is not the dashboard's fault and must not use up its retries.
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          // Dashboards serve static files and never talk to the Kubernetes API.
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: NGINX_UID,
            runAsGroup: NGINX_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [dashboardContainer(settings)],
          volumes: WRITABLE_DIRECTORIES.map(({ name }) => ({ name, emptyDir: {} })),
        },
      },
    },
  };
}

function dashboardContainer(settings: JobTemplateSettings): k8s.Container {
  const quantities = { cpu: '250m', memory: '256Mi' };
  return {
    name: CONTAINER_NAME,
    image: settings.image,
    // A `:dev` template image is rebuilt under the same tag: a node must not keep starting its old copy.
    ...(isMutable(settings.image) ? { imagePullPolicy: 'Always' as const } : {}),
    // Port 3000 is unprivileged, so no CAP_NET_BIND_SERVICE and no ip_unprivileged_port_start sysctl are needed.
    ports: [{ name: PORT_NAME, containerPort: CONTAINER_PORT, protocol: 'TCP' }],
    env: [{ name: 'MQTT_WS_URL', value: settings.mqttWebSocketUrl }],
    resources: { requests: quantities, limits: quantities },
    readinessProbe: healthcheckProbe(HEALTHCHECK.intervalSeconds, HEALTHCHECK.retries),
    // Probe often at start so a team's dashboard is routable within a second or two, and only give
    // up when Docker would have reported the container unhealthy: start period plus all retries.
    startupProbe: healthcheckProbe(1, HEALTHCHECK.startPeriodSeconds + HEALTHCHECK.retries * HEALTHCHECK.intervalSeconds),
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: WRITABLE_DIRECTORIES.map(({ name, mountPath }) => ({ name, mountPath })),
  };
}

/** `wget --spider http://localhost:3000` as an HTTP GET of `/` on the named port. */
function healthcheckProbe(periodSeconds: number, failureThreshold: number): k8s.Probe {
  return {
    httpGet: { path: '/', port: PORT_NAME },
    periodSeconds,
    timeoutSeconds: HEALTHCHECK.timeoutSeconds,
    failureThreshold,
  };
}
