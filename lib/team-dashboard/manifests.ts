import type { V1Job, V1JobTemplateSpec, V1Service } from '@kubernetes/client-node';
import { App, Chart } from 'cdk8s';
import { dashboardJob, dashboardService, type DashboardRequest } from './objects.ts';
import { TeamDashboardTemplate, type TeamDashboardTemplateProps } from './template.ts';

/**
 * The Job template exactly as TeamDashboardTemplate would store it in the cluster, for building
 * dashboards without one (the CLI).
 */
export function synthesizedJobTemplate(props: TeamDashboardTemplateProps): V1JobTemplateSpec {
  const chart = new Chart(new App(), 'team-dashboard');
  const manifest = new TeamDashboardTemplate(chart, 'template', props).cronJob.toJson() as { spec: { jobTemplate: V1JobTemplateSpec } };
  return manifest.spec.jobTemplate;
}

/** The Job and Service the manager would create for a request, from the default template with `props`. */
export function dashboardManifests(request: DashboardRequest, props: TeamDashboardTemplateProps): [V1Job, V1Service] {
  const job = dashboardJob(synthesizedJobTemplate(props), request);
  return [job, dashboardService(job)];
}
