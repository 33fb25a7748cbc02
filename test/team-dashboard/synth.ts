import { Chart, Testing } from 'cdk8s';
import { TeamDashboardTemplate, type TeamDashboardTemplateProps } from '../../lib/team-dashboard/template.ts';

export type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

/** The manifests TeamDashboardTemplate synthesizes, as `kubectl apply` would receive them. */
export function synthTemplate(props: Partial<TeamDashboardTemplateProps> = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'test');
  new TeamDashboardTemplate(chart, 'team-dashboards', { namespace: 'scip', ...props });
  return Testing.synth(chart) as Manifest[];
}

export function manifest(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}
