/**
 * A healthcheck that names its own service among other services of its image hands the list of the
 * members of its cluster to the others (a MongoDB replica set's rs.initiate): its own name is data,
 * not a call to itself, and must stay as written, answered by its pod.
 */
import { describe, expect, it } from 'vitest';
import { convertCompose } from '../../support/compose-text.ts';

const replicaSet = (initiate: string): string => `services:
  mongo1:
    image: mongo:5
    command: ["--replSet", "rs", "--bind_ip_all", "--port", "30001"]
    healthcheck:
      test: ${JSON.stringify(initiate)}
  mongo2:
    image: mongo:5
    command: ["--replSet", "rs", "--bind_ip_all", "--port", "30002"]
`;

const probeOf = (yaml: string): { command: string; hostname?: string } => {
  const pod = convertCompose(yaml).object('Deployment', 'mongo1').spec.template.spec;
  return { command: (pod.containers[0].readinessProbe.exec.command as string[]).join(' '), hostname: pod.hostname };
};

describe('a healthcheck that lists the members of its cluster', () => {
  it('keeps its own name in the list, and the pod answers to it (its hostname), as in compose', () => {
    const { command, hostname } = probeOf(
      replicaSet(`test $$(echo "rs.initiate({_id:'rs',members:[{_id:0,host:\\"mongo1:30001\\"},{_id:1,host:\\"mongo2:30002\\"}]}).ok || rs.status().ok" | mongo --port 30001 --quiet) -eq 1`),
    );
    expect(command).toContain('mongo1:30001');
    expect(command).toContain('mongo2:30002');
    expect(command).not.toContain('localhost');
    expect(hostname).toBe('mongo1');
  });

  it('still calls localhost where it calls itself alone, as a Service answers with ready pods only', () => {
    const { command } = probeOf(replicaSet('mongosh --quiet --eval "db.adminCommand(\'ping\')" mongodb://mongo1:30001'));
    expect(command).toContain('mongodb://localhost:30001');
  });
});
