/**
 * The team-dashboard template and its admission policies as cdk8s constructs, for cdk8s apps: one
 * ApiObject per planned manifest (template.ts, admission-policy.ts), to patch with the usual escape
 * hatches. `npm run synth` and the CLI use the manifests directly and never load cdk8s.
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { plannedObject } from '../k8s/cdk8s/planned-object.ts';
import { managerAdmissionPolicyManifests, type ManagerAdmissionPolicyProps } from './admission-policy.ts';
import { teamDashboardTemplateManifests, type TeamDashboardTemplateProps } from './template.ts';

/** The objects of `teamDashboardTemplateManifests` as ApiObjects, for cdk8s apps. */
export class TeamDashboardTemplate extends Construct {
  /** The suspended CronJob holding the Job template. */
  readonly cronJob: ApiObject;

  constructor(scope: Construct, id: string, props: TeamDashboardTemplateProps) {
    super(scope, id);
    const manifests = teamDashboardTemplateManifests(props);
    const objects = manifests.all.map((manifest) => plannedObject(this, manifest));
    this.cronJob = objects[0]!;
  }
}

/** The policies and bindings of `managerAdmissionPolicyManifests` as ApiObjects, for cdk8s apps. */
export class ManagerAdmissionPolicy extends Construct {
  constructor(scope: Construct, id: string, props: ManagerAdmissionPolicyProps) {
    super(scope, id);
    for (const manifest of managerAdmissionPolicyManifests(props)) plannedObject(this, manifest);
  }
}
