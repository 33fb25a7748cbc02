import { TeamDashboardTemplate } from '../../lib/team-dashboard/constructs.ts';
import type { TeamDashboardTemplateProps } from '../../lib/team-dashboard/template.ts';
import { synthManifests, testChart, type Manifest } from '../support/k8s.ts';

/** The manifests TeamDashboardTemplate synthesizes, as `kubectl apply` would receive them. */
export function synthTemplate(props: Partial<TeamDashboardTemplateProps> = {}): Manifest[] {
  const chart = testChart();
  new TeamDashboardTemplate(chart, 'team-dashboards', { namespace: 'scip', ...props });
  return synthManifests(chart);
}
