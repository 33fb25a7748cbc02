/**
 * A service's compose `models` (compose 2.38): Docker Model Runner pulls and serves each model, and
 * compose gives the container two variables per model, its endpoint's URL and the model's name
 * (`<MODEL>_URL` and `<MODEL>_MODEL` from the model's key, upper-cased with `-` as `_`, unless
 * `endpoint_var` and `model_var` name others). No model runner runs in a cluster, so neither
 * variable is set: a bare "models are not translated" left docker/compose-for-agents' agno agents
 * without MODEL_RUNNER_URL and MODEL_RUNNER_MODEL, unsaid (rw19wb). The reason names them, so that
 * the operator runs a model server and sets them.
 */
import type { Service } from '../../compose/model.ts';

interface ModelVariables {
  readonly model: string;
  readonly endpoint: string;
  readonly name: string;
}

/** The model's own setting of a variable's name, when it names one. */
function setting(options: unknown, key: 'endpoint_var' | 'model_var'): string | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const value = (options as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Each model the service uses, with the variables compose gives it, in the order compose writes them. */
export function modelVariables(service: Service): readonly ModelVariables[] {
  const models = service.raw['models'];
  const entries: [string, unknown][] = Array.isArray(models)
    ? models.filter((key): key is string => typeof key === 'string').map((key) => [key, undefined])
    : typeof models === 'object' && models !== null ? Object.entries(models) : [];
  return entries.map(([key, options]) => {
    const prefix = key.toUpperCase().replaceAll('-', '_');
    return { model: key, endpoint: setting(options, 'endpoint_var') ?? `${prefix}_URL`, name: setting(options, 'model_var') ?? `${prefix}_MODEL` };
  });
}

/** Why the service's `models` is not translated, naming the variables its container does not get; undefined without models. */
export function modelsReason(service: Service): string | undefined {
  const models = modelVariables(service);
  if (models.length === 0) return undefined;
  const each = models.map((entry) => `${entry.endpoint} and ${entry.name} (model '${entry.model}')`).join(', ');
  return `models are not translated: compose runs ${models.length > 1 ? 'these models' : 'the model'} in Docker Model Runner and gives the container ${each}, its endpoint's URL and the model's name, which no model runner sets in the cluster; run an OpenAI-compatible model server and set them in the service's environment`;
}
