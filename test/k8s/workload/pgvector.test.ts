import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * LibreChat's deploy-compose.yml runs its RAG store as pgvector/pgvector, the official Debian
 * postgres image with the vector extension: the same user, data directory and port as postgres.
 */
const librechat = `
services:
  vectordb:
    image: pgvector/pgvector:0.8.0-pg15-trixie
    environment:
      POSTGRES_DB: mydatabase
      POSTGRES_USER: myuser
      POSTGRES_PASSWORD: mypassword
    volumes:
      - pgdata2:/var/lib/postgresql/data
  rag_api:
    image: registry.example.com/rag-api:1
    environment:
      - DB_HOST=vectordb
    depends_on:
      - vectordb
volumes:
  pgdata2:
`;

describe('pgvector images', () => {
  it('run as postgres does: a StatefulSet as uid 999 with PGDATA below the claim, on 5432, waited for', () => {
    const converted = convertCompose(librechat);
    const vectordb = converted.object('StatefulSet', 'vectordb');
    const pod = vectordb.spec.template.spec;
    expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
    // initdb needs a directory it owns: the claim's root belongs to root and may hold lost+found.
    expect(pod.containers[0].env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
    expect(converted.object('Service', 'vectordb').spec.ports.map((port: { port: number }) => port.port)).toEqual([5432]);
    const waits = converted.object('Deployment', 'rag-api').spec.template.spec.initContainers;
    expect(waits.map((wait: { name: string }) => wait.name)).toEqual(['wait-for-vectordb']);
    expect(converted.warningsAt('services.rag_api.depends_on')).toEqual([]);
  });

  it('include the older ankane/pgvector image, built the same way', () => {
    const converted = convertCompose(librechat.replace('pgvector/pgvector:0.8.0-pg15-trixie', 'ankane/pgvector:v0.5.1'));
    expect(converted.object('StatefulSet', 'vectordb').spec.template.spec.containers[0].securityContext.runAsUser).toBe(999);
  });
});
