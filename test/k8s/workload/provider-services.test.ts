/** Compose provider services run no container: nothing is deployed for them, and nobody waits for them. */
import { expect, test } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const COMPOSE = `services:
  chat:
    image: ghcr.io/example/chat:1.0
    user: "1000:1000"
    depends_on:
      ai:
        condition: service_started
      db:
        condition: service_healthy
  db:
    image: postgres:16
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
  ai:
    provider:
      type: model
      options:
        model: ai/smollm2
`;

test('a provider service gets no workload, Service or policy, and its dependents wait only for the others', () => {
  const converted = convertCompose(COMPOSE);
  const named = converted.plan.entries.map((entry) => `${entry.manifest.kind}/${entry.manifest.metadata?.name}`);
  expect(named.filter((name) => /\/ai(-|$)/.test(name))).toEqual([]);
  const chat = converted.object('Deployment', 'chat');
  const waits = (chat.spec.template.spec.initContainers ?? []).map((container: { name: string }) => container.name);
  expect(waits).toEqual(['wait-for-db']);
  expect(converted.warningsAt('services.ai')).toEqual([
    "services.ai.provider: service 'ai' is a provider service (type model), which runs no container: nothing is deployed for it; deploy what it provides and set the variables compose would give the services that depend on it",
  ]);
  expect(converted.warningsAt('services.chat.depends_on')).toEqual(["services.chat.depends_on.ai: depends_on 'ai' is not waited for: it is a provider service, for which nothing is deployed"]);
});
