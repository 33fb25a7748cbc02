import { describe, expect, it } from 'vitest';
import { sharedClaimGroupWarning } from '../../../lib/k8s/storage/shared-claim-groups.ts';
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

describe('a claim mounted by pods of different groups', () => {
  it("is said once, at the claim, with each pod's group and the option that gives them one", () => {
    const converted = convertCompose(tolgee);
    expect(converted.object('PersistentVolumeClaim', 'host-data')).toBeDefined();
    const said = converted.warnings.map((warning) => warning.message).filter((message) => message.includes("claim 'host-data' is mounted by pods of different groups"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('(fsGroup: app 1000, db 999)');
    expect(said[0]).toContain('give them one group (x-kubernetes securityContext.fsGroup on each)');
  });

  it('is not said where the pods share one group, or one of them sets none (root)', () => {
    expect(convertCompose(tolgee.replace('image: tolgee/tolgee:v3.218.6', 'image: tolgee/tolgee:v3.218.6\n    x-kubernetes: {securityContext: {fsGroup: 999}}')).warnings.map((warning) => warning.message).filter((message) => message.includes("different groups"))).toEqual([]);
    expect(sharedClaimGroupWarning('data', [{ service: 'nginx', fsGroup: undefined }, { service: 'php', fsGroup: 82 }])).toBeUndefined();
    expect(sharedClaimGroupWarning('data', [{ service: 'web', fsGroup: 1000 }, { service: 'worker', fsGroup: 1000 }])).toBeUndefined();
  });
});
