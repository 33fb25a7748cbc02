/**
 * A claim the pods of several services mount, where they run with different groups (`fsGroup`): the
 * kubelet gives a volume the group of the pod that mounts it, and with `fsGroupChangePolicy:
 * OnRootMismatch` it changes the group of every file on it, and makes each group-writable (folders
 * 2770), whenever a pod starts whose group is not the claim root's. Pods of two groups take it in
 * turns at each start: a database's data folder below it becomes group-writable, which PostgreSQL
 * refuses ("data directory has invalid permissions": 0700 or 0750 only), and a folder one pod
 * created may no longer let the other add files. Tolgee's documented production compose keeps the
 * database's data (./data/postgres) inside the application's (./data): app ran with group 1000 and
 * postgres with 999 on one claim, unsaid (until 2026-12-07). Compose has no such step: Docker never
 * changes a volume's ownership. Said once per claim, with the option that gives the pods one group.
 */
export interface ClaimSharer {
  readonly service: string;
  /** The pod's fsGroup; undefined where it sets none (a root container, whom the kubelet leaves alone). */
  readonly fsGroup: number | undefined;
}

/** The warning for a claim its sharers' pods give different groups, or undefined. */
export function sharedClaimGroupWarning(claim: string, sharers: readonly ClaimSharer[]): string | undefined {
  const grouped = sharers.filter((sharer): sharer is ClaimSharer & { fsGroup: number } => sharer.fsGroup !== undefined);
  if (new Set(grouped.map((sharer) => sharer.fsGroup)).size < 2) return undefined;
  const groups = [...grouped]
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
    .map((sharer) => `${sharer.service} ${sharer.fsGroup}`)
    .join(', ');
  return `claim '${claim}' is mounted by pods of different groups (fsGroup: ${groups}): the kubelet regroups every file on it, and makes each group-writable, whenever one of them starts and the claim's root has the other's group (fsGroupChangePolicy: OnRootMismatch), which compose never does — a database's data folder on it then has a mode PostgreSQL refuses, and a folder one created may not let the other write; give them one group (x-kubernetes securityContext.fsGroup on each)`;
}
