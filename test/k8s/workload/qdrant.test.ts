import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * Qdrant's image runs as root (USER 0) and creates storage/ and snapshots/ in its root-owned
 * /qdrant at start; only its -unprivileged tags are built as uid 1000 owning /qdrant.
 */
const qdrant = (image: string): string => `services:
  qdrant:
    image: ${image}
    volumes: ["qdrant_data:/qdrant/storage"]
  app:
    image: x/rag:1
    environment: {QDRANT_URL: "http://qdrant:6333"}
    depends_on: [qdrant]
volumes:
  qdrant_data:
`;

describe('qdrant images', () => {
  it('run as root, as the image does, since uid 1000 cannot create /qdrant/storage and /qdrant/snapshots', () => {
    const converted = convertCompose(qdrant('qdrant/qdrant:v1.13.4'));
    const qdrantSet = converted.object('StatefulSet', 'qdrant');
    expect(qdrantSet.spec.template.spec.containers[0].securityContext.runAsUser).toBe(0);
    expect(converted.warningsAt('services.qdrant').some((warning) => warning.includes('runs as root because its image runs as root'))).toBe(true);
    // REST and gRPC on its Service, the readiness probe on REST.
    expect(converted.object('Service', 'qdrant').spec.ports.map((port: { port: number }) => port.port)).toEqual([6333, 6334]);
    expect(qdrantSet.spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 6333 } });
  });

  it('run as uid 1000 from the -unprivileged tags', () => {
    const converted = convertCompose(qdrant('qdrant/qdrant:v1.13.4-unprivileged'));
    expect(converted.object('StatefulSet', 'qdrant').spec.template.spec.containers[0].securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true });
  });
});
