/** The kustomization.yaml of every output that has one: dist/<env>/, `convert --kustomize`, its base and overlays. */
import { manifestsToYaml } from '../synth.ts';

/** A JSON 6902 or strategic merge patch in a file, applied to the object `target` names. */
export interface KustomizePatch {
  readonly path: string;
  readonly target?: {
    readonly group?: string;
    readonly version: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  };
}

export interface Kustomization {
  /** Manifest files and kustomization directories, relative to the kustomization. */
  readonly resources: readonly string[];
  readonly patches?: readonly KustomizePatch[];
}

export function kustomizationText({ resources, patches }: Kustomization): string {
  return manifestsToYaml([
    { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...(patches && patches.length > 0 ? { patches } : {}) },
  ]);
}
