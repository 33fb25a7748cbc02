export { TeamDashboardTemplate, ManagerAdmissionPolicy } from './constructs.ts';
export { teamDashboardTemplateManifests, type TeamDashboardTemplateManifests, type TeamDashboardTemplateProps } from './template.ts';
export {
  TeamDashboardManager,
  type CleanupResult,
  type DashboardLog,
  type DashboardStatus,
  type DeployedDashboard,
  type TeamDashboardManagerOptions,
} from './manager.ts';
export {
  dashboardAddress,
  dashboardJob,
  dashboardLabels,
  dashboardService,
  dashboardState,
  type DashboardAddress,
  type DashboardRequest,
  type DashboardState,
} from './objects.ts';
export { managerAdmissionPolicyManifests, type ManagerAdmissionPolicyProps } from './admission-policy.ts';
export { dashboardManifests, synthesizedJobTemplate } from './manifests.ts';
export { dashboardName } from './naming.ts';
export { dashboardIngress, type DashboardRoute } from './route.ts';
export { TeamDashboardInputError } from './errors.ts';
export type { TeamDashboardConfig } from './validation.ts';
