import type { V1Job, V1JobTemplateSpec, V1Service } from '@kubernetes/client-node';
import { dashboardJob, dashboardService, type DashboardRequest } from './objects.ts';
import { teamDashboardTemplateManifests, type TeamDashboardTemplateProps } from './template.ts';

/**
 * The Job template exactly as TeamDashboardTemplate would store it in the cluster, for building
 * dashboards without one (the CLI).
 */
export function synthesizedJobTemplate(props: TeamDashboardTemplateProps): V1JobTemplateSpec {
  // The planned manifest is plain JSON in the API's shape, which V1JobTemplateSpec describes as well.
  return teamDashboardTemplateManifests(props).cronJob.spec?.jobTemplate as V1JobTemplateSpec;
}

/** The Job and Service the manager would create for a request, from the default template with `props`. */
export function dashboardManifests(request: DashboardRequest, props: TeamDashboardTemplateProps): [V1Job, V1Service] {
  const job = dashboardJob(synthesizedJobTemplate(props), request);
  return [job, dashboardService(job)];
}
