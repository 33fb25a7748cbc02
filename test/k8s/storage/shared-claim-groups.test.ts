import { describe, expect, it } from 'vitest';
import { sharedClaimGroupWarning, sharedFsGroup } from '../../../lib/k8s/storage/shared-claim-groups.ts';
import { convertCompose } from '../support/compose-text.ts';

/**
 * Tolgee's documented production compose (the tolgee/tolgee image's README): the database's data
 * folder lies inside the application's, so both pods mount one claim, the app with group 1000 and
 * postgres with 999. Each start of one regroups the claim for it, pgdata included.
 */
const tolgee = `services:
  app:
    image: tolgee/tolgee:v3.218.6
    volumes:
      - ./data:/data
  db:
    image: postgres:13
    environment:
      POSTGRES_PASSWORD: change_me
    volumes:
      - ./data/postgres:/var/lib/postgresql/data
`;

const fsGroupOf = (converted: ReturnType<typeof convertCompose>, name: string): number | undefined => converted.object('Deployment', name).spec.template.spec.securityContext?.fsGroup;
const groupMessages = (converted: ReturnType<typeof convertCompose>): string[] => converted.warnings.map((warning) => warning.message).filter((message) => message.includes('different groups'));

describe('pods of different groups that share storage', () => {
  it("are all given the first one's group, said once, with each pod's group and the option that chooses another", () => {
    const converted = convertCompose(tolgee);
    expect(converted.object('PersistentVolumeClaim', 'host-data')).toBeDefined();
    expect(fsGroupOf(converted, 'app')).toBe(1000);
    expect(fsGroupOf(converted, 'db')).toBe(1000);
    // Each keeps its own user and group: the shared one is a supplementary group.
    expect(converted.object('Deployment', 'db').spec.template.spec.containers[0].securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
    const said = groupMessages(converted);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('the pods of app, db share claims and run with different groups (fsGroup: app 1000, db 999): they are all given group 1000');
    expect(said[0]).toContain('set x-kubernetes securityContext.fsGroup to choose another');
  });

  it('are given the group a person set on one of them, and keep their own where people set several (said as before)', () => {
    const chosen = convertCompose(tolgee.replace('image: postgres:13', 'image: postgres:13\n    x-kubernetes: {securityContext: {fsGroup: 999}}'));
    expect([fsGroupOf(chosen, 'app'), fsGroupOf(chosen, 'db')]).toEqual([999, 999]);
    expect(groupMessages(chosen)).toHaveLength(1);
    const both = convertCompose(tolgee.replace('image: postgres:13', 'image: postgres:13\n    x-kubernetes: {securityContext: {fsGroup: 999}}').replace('image: tolgee/tolgee:v3.218.6', 'image: tolgee/tolgee:v3.218.6\n    x-kubernetes: {securityContext: {fsGroup: 1000}}'));
    expect([fsGroupOf(both, 'app'), fsGroupOf(both, 'db')]).toEqual([1000, 999]);
    const said = groupMessages(both);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("claim 'host-data' is mounted by pods of different groups (fsGroup: app 1000, db 999)");
    expect(said[0]).toContain('give them one group (x-kubernetes securityContext.fsGroup on each)');
  });

  it("are said to be given one group where the group's first service runs as root, which keeps no group", () => {
    const converted = convertCompose(tolgee.replace('services:\n', "services:\n  access:\n    image: busybox:1.36\n    user: root\n    command: ['sleep', 'infinity']\n    volumes:\n      - ./data:/data\n"));
    expect(fsGroupOf(converted, 'access')).toBeUndefined();
    expect([fsGroupOf(converted, 'app'), fsGroupOf(converted, 'db')]).toEqual([1000, 1000]);
    expect(groupMessages(converted)).toEqual([expect.stringContaining('the pods of access, app, db share claims and run with different groups (fsGroup: app 1000, db 999)')]);
  });

  it('leave alone pods of one group, and a pod without one (root)', () => {
    expect(sharedFsGroup([{ service: 'nginx', fsGroup: undefined, explicit: false }, { service: 'php', fsGroup: 82, explicit: false }])).toBeUndefined();
    expect(sharedFsGroup([{ service: 'web', fsGroup: 1000, explicit: false }, { service: 'worker', fsGroup: 1000, explicit: true }])).toBeUndefined();
    expect(sharedFsGroup([{ service: 'a', fsGroup: undefined, explicit: false }, { service: 'b', fsGroup: 33, explicit: false }, { service: 'c', fsGroup: 1000, explicit: false }])).toBe(33);
    expect(sharedClaimGroupWarning('data', [{ service: 'nginx', fsGroup: undefined }, { service: 'php', fsGroup: 82 }])).toBeUndefined();
    expect(sharedClaimGroupWarning('data', [{ service: 'web', fsGroup: 1000 }, { service: 'worker', fsGroup: 1000 }])).toBeUndefined();
  });
});
