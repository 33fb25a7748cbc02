/** Compose projects on disk, translated, for the tests of names. */
import { ComposeError } from '../../../lib/compose/errors.ts';
import { loadProject } from '../../../lib/compose/load.ts';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import { planManifests, type TranslationPlan } from '../../../lib/k8s/plan/plan.ts';
import { translate } from '../../../lib/k8s/translate.ts';

export function plan(file: string): TranslationPlan {
  return translate(loadProject({ files: [file], environment: {} }));
}

export function conversionError(file: string): ComposeError {
  try {
    plan(file);
  } catch (error) {
    if (error instanceof ComposeError) return error;
    throw error;
  }
  throw new Error('the conversion succeeded');
}

export function find<T>(translation: TranslationPlan, kind: string, name: string): T {
  const found = planManifests(translation).find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as unknown as T;
}

export const podOf = (translation: TranslationPlan, name: string): k8s.PodSpec => find<k8s.Deployment>(translation, 'Deployment', name).spec!.template.spec!;
