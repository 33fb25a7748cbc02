import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComposeKubernetesOptions } from '../lib/k8s/options/options.ts';
import type { KubernetesManifest } from '../lib/k8s/plan/plan.ts';

/**
 * The registry every system's built images are pushed to and pulled from (`imageRegistry` of each
 * environment unless it sets its own): replace it with yours and re-run `npm run synth`, or convert
 * with `--image-registry`. Without one, a built image's name would mean Docker Hub, where nobody pushed it.
 */
export const IMAGE_REGISTRY = 'registry.example.com';

/** The environments every system has; a system may add variants of its own (e.g. `multi-agent`). */
export const STANDARD_ENVIRONMENTS = ['dev', 'prod'] as const;

export interface EnvironmentDefinition {
  /** Compose files relative to the system's folder, in merge order. */
  readonly files: readonly string[];
  /** Active Compose profiles. @default [] */
  readonly profiles?: readonly string[];
  /**
   * Every variable the compose files are interpolated with. The host's environment is never read,
   * so `dist/` is the same on every machine; secret values stay out (they only reach the cluster
   * through `cdk8s-compose secrets`).
   * @default {}
   */
  readonly variables?: Readonly<Record<string, string>>;
  /** Kubernetes choices Compose cannot express. */
  readonly options?: ComposeKubernetesOptions;
  /**
   * The environment whose `build:` sections build this one's images, when this one only names them
   * (MODAX's build.sh builds the prod images from docker-compose.yml's contexts): a service without
   * image facts of its own takes those of the same service there, from its Dockerfile.
   * @default none
   */
  readonly imagesBuiltIn?: string;
}

export type EnvironmentName = (typeof STANDARD_ENVIRONMENTS)[number];

export interface SystemDefinition {
  /** Compose project name and Kubernetes namespace. */
  readonly name: string;
  /** Absolute path of the folder holding the compose files. */
  readonly directory: string;
  readonly environments: Readonly<Record<EnvironmentName, EnvironmentDefinition>> &
    Readonly<Record<string, EnvironmentDefinition>>;
  /** Objects Compose cannot describe (e.g. SCIP's team-dashboard template), added to each environment's plan. */
  readonly extend?: (environment: string) => readonly KubernetesManifest[];
}

/** The folder of a chart module, for `SystemDefinition.directory` (`systemDirectory(import.meta.url)`). */
export function systemDirectory(moduleUrl: string): string {
  return path.dirname(fileURLToPath(moduleUrl));
}
