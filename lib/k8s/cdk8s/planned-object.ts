/** The cdk8s side of a planned manifest: what the construct adapters (ComposeChart, the team-dashboard constructs) create. */
import { ApiObject, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KubernetesManifest } from '../plan/plan.ts';
import { renderSafely } from './unrenderable-keys.ts';

/** One ApiObject holding `manifest`, with the id `<kind>-<name>` (unique in a plan). */
export function plannedObject(scope: Construct, manifest: KubernetesManifest): ApiObject {
  // cdk8s cannot render a mapping with a `constructor` key; renderSafely adds such mappings back as patches.
  const object = renderSafely(manifest, (safe) => new ApiObject(scope, `${manifest.kind}-${manifest.metadata.name}`, safe));
  // A chart gives every object its default namespace; the plan's cluster-scoped objects have none.
  if (manifest.metadata.namespace === undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return object;
}
