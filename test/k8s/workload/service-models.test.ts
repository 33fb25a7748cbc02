import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * A service's `models`: compose gives its container each model's endpoint URL and name from Docker
 * Model Runner, which no cluster runs. docker/compose-for-agents' agno: `agents` reads
 * MODEL_RUNNER_URL and MODEL_RUNNER_MODEL (its endpoint_var and model_var).
 */
describe("a service's models", () => {
  const converted = convertCompose(`services:
  agents:
    image: demo/agents:1
    ports: ["7777:7777"]
    models:
      qwen3-small:
        endpoint_var: MODEL_RUNNER_URL
        model_var: MODEL_RUNNER_MODEL
  chat:
    image: demo/chat:1
    models: [llm, embedding-model]
models:
  qwen3-small:
    model: ai/qwen3:8B-Q4_0
  llm:
    model: ai/smollm2
  embedding-model:
    model: ai/all-minilm
`);

  it('are reported with the variables their endpoint_var and model_var name, which the container does not get', () => {
    expect(converted.warningsAt('services.agents.models')).toEqual([
      expect.stringMatching(/^services\.agents\.models: models are not translated: .*gives the container MODEL_RUNNER_URL and MODEL_RUNNER_MODEL \(model 'qwen3-small'\).*set them in the service's environment$/),
    ]);
    const env = converted.object('Deployment', 'agents').spec.template.spec.containers[0].env ?? [];
    expect(env.map((variable: { name: string }) => variable.name)).not.toContain('MODEL_RUNNER_URL');
  });

  it("in short syntax, with compose's names: the model's key upper-cased, - as _, then _URL and _MODEL", () => {
    expect(converted.warningsAt('services.chat.models')).toEqual([
      expect.stringContaining("LLM_URL and LLM_MODEL (model 'llm'), EMBEDDING_MODEL_URL and EMBEDDING_MODEL_MODEL (model 'embedding-model')"),
    ]);
  });
});
