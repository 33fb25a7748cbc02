/**
 * Names and labels the template, the objects built from it and the manager must agree on: the
 * manager finds the template and its own objects only through them.
 */

/** The suspended CronJob holding the Job template. */
export const TEMPLATE_NAME = 'team-dashboard';
/** Name of the dashboard container inside the template. */
export const CONTAINER_NAME = 'team-dashboard';
/** Named container port, so the Service and probes survive an operator changing the number. */
export const PORT_NAME = 'http';
/**
 * The dashboard image the template and the CLI both default to; `--image-registry` (CLI) and the
 * chart's registry put it under a registry the same way (`<registry>/scip-team-dashboard:1.0.0`).
 */
export const DEFAULT_DASHBOARD_IMAGE = 'scip-team-dashboard:1.0.0';
/**
 * Longest a dashboard runs (the Job's `activeDeadlineSeconds`): three days, so a multi-day exercise is
 * not cut off; the deadline only stops dashboards nobody cleaned up.
 */
export const DEFAULT_MAX_EXERCISE_SECONDS = 3 * 24 * 60 * 60;
/** The port the image's nginx listens on (Dockerfile `EXPOSE 3000`). */
export const CONTAINER_PORT = 3000;
/** The port dashboard Services listen on, so URLs need no port. */
export const SERVICE_PORT = 80;

/** The labels SCIP's Docker orchestration put on dashboard containers, kept for tools that filter by them. */
export const SCIP_LABELS = {
  type: 'scip.type',
  exercise: 'scip.exercise',
  team: 'scip.team',
} as const;

export const TEAM_DASHBOARD_TYPE = 'team-dashboard';

/** Selects every team dashboard pod, whichever exercise it belongs to. */
export const DASHBOARD_POD_LABELS: Readonly<Record<string, string>> = { [SCIP_LABELS.type]: TEAM_DASHBOARD_TYPE };

/** `key=value,…` as the Kubernetes API expects in `labelSelector`. */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
