import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProject } from '../../../lib/compose/load.ts';
import type { Diagnostic } from '../../../lib/compose/model.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import type { KubernetesManifest, TranslationPlan } from '../../../lib/k8s/plan/plan.ts';

// Planned manifests are plain JSON; tests walk them freely.
export type Json = any;

export interface Converted {
  readonly plan: TranslationPlan;
  readonly warnings: readonly Diagnostic[];
  /** The one planned object of `kind` named `name` (throws when there is none). */
  object(kind: string, name: string): Json;
  /** Every planned object of `kind`. */
  objects(kind: string): Json[];
  /** The warnings whose key starts with `key`, as `key: message`. */
  warningsAt(key: string): string[];
}

/**
 * Translates one compose file written as YAML text (loaded from a scratch directory, empty
 * environment), with `files` of the project beside it.
 */
export function convertCompose(yaml: string, files: Readonly<Record<string, string>> = {}): Converted {
  const directory = mkdtempSync(join(tmpdir(), 'compose-text-'));
  try {
    const file = join(directory, 'compose.yaml');
    writeFileSync(file, yaml);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), content);
    }
    const plan = translate(loadProject({ files: [file], environment: {}, projectName: 'demo' }));
    const manifests = plan.entries.map((entry) => entry.manifest as KubernetesManifest & Json);
    const objects = (kind: string): Json[] => manifests.filter((manifest) => manifest.kind === kind);
    return {
      plan,
      warnings: plan.warnings,
      objects,
      object(kind, name) {
        const found = objects(kind).find((manifest) => manifest.metadata.name === name);
        if (!found) throw new Error(`no ${kind} ${name}; planned: ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
        return found;
      },
      warningsAt: (key) => plan.warnings.filter((warning) => warning.key?.startsWith(key)).map((warning) => `${warning.key}: ${warning.message}`),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
