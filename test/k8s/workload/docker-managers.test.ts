import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const stack = `services:
  app:
    image: example/app:1.2
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
    expose: ["8080"]
  watchtower:
    image: containrrr/watchtower:1.7.1
    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
    command: --interval 300
  autoheal:
    image: willfarrell/autoheal:latest
    environment: [AUTOHEAL_CONTAINER_LABEL=all]
    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
  status:
    image: example/status:2
    depends_on: [watchtower, app]
`;

describe("the managers of Docker's containers", () => {
  const converted = convertCompose(stack);

  it('are left out, saying what Kubernetes does instead', () => {
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name)).toEqual(['app', 'status']);
    expect(converted.warningsAt('services.watchtower.image')).toEqual([expect.stringContaining("service 'watchtower' runs watchtower, which updates the other containers to newer images through the Docker socket that no pod has: it is left out")]);
    expect(converted.warningsAt('services.autoheal.image')).toEqual([expect.stringContaining('the kubelet restarts a container whose liveness probe (its healthcheck) fails')]);
    expect(converted.object('Deployment', 'app').spec.template.spec.containers[0].livenessProbe).toBeDefined();
  });

  it('are not waited for', () => {
    const waits = converted.object('Deployment', 'status').spec.template.spec.initContainers.map((container: { name: string }) => container.name);
    expect(waits).toEqual(['wait-for-app']);
    expect(converted.warningsAt('services.status.depends_on')).toEqual(["services.status.depends_on.watchtower: depends_on 'watchtower' is not waited for: 'watchtower' runs watchtower, which is left out"]);
  });
});

// AzuraCast/AzuraCast's docker-compose.sample.yml: the updater beside the all-in-one web image, which
// carries Watchtower's scope label. Deployed, it looked for a Docker socket no pod has (until 2026-12-07).
describe("a manager known by its image's whole name", () => {
  it('is left out as the manager it is', () => {
    const converted = convertCompose(`services:
  web:
    image: ghcr.io/azuracast/azuracast:0.20.2
    labels: ["com.centurylinklabs.watchtower.scope=azuracast"]
    ports: ["80:80"]
  updater:
    image: ghcr.io/azuracast/updater:latest
    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
`);
    expect(converted.objects('Deployment').map((deployment) => deployment.metadata.name)).toEqual(['web']);
    expect(converted.warningsAt('services.updater.image')).toEqual([expect.stringContaining("service 'updater' runs watchtower, which updates the other containers to newer images through the Docker socket that no pod has: it is left out")]);
    expect(converted.object('Deployment', 'web').spec.template.spec.containers[0].securityContext).toMatchObject({ runAsUser: 0 });
  });
});
