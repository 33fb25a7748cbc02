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

/** A service of a claim group (services sharing claims: claims.ts claimGroupMembers), with its pod's group. */
export interface GroupMember extends ClaimSharer {
  /** Set by `x-kubernetes.securityContext.fsGroup`, which the converter never changes. */
  readonly explicit: boolean;
}

/**
 * The one group the pods of a storage group are given, where their own differ, or undefined. The
 * kubelet regroups a shared claim whenever a pod of another group mounts it; with one group it does
 * so once, on the new claim, and never again: each pod keeps its own user and group and gets that
 * one as a supplementary group, so each reads and writes what the claim's setgid folders give the
 * group, as under compose, where their uids share the host folder. The group a person set
 * (`securityContext.fsGroup`) wins; where people set several, nothing is chosen (the warning above
 * stays). Else the first service's, in compose order: Tolgee's app (1000) and its postgres (999),
 * whose data folder lies in the app's, both run with group 1000, and PostgreSQL's data folder keeps
 * the 0700 it is created with. Pods without a group (root's) are left alone, as the kubelet leaves them.
 */
export function sharedFsGroup(members: readonly GroupMember[]): number | undefined {
  const grouped = members.filter((member): member is GroupMember & { fsGroup: number } => member.fsGroup !== undefined);
  if (new Set(grouped.map((member) => member.fsGroup)).size < 2) return undefined;
  const chosen = new Set(grouped.filter((member) => member.explicit).map((member) => member.fsGroup));
  if (chosen.size > 1) return undefined;
  return chosen.size === 1 ? [...chosen][0] : grouped[0]!.fsGroup;
}

/** Said once per storage group: which pods were given which group, and why. */
export function sharedFsGroupNote(members: readonly GroupMember[], fsGroup: number): string {
  const groups = members
    .filter((member) => member.fsGroup !== undefined)
    .map((member) => `${member.service} ${member.fsGroup}`)
    .join(', ');
  return `the pods of ${members.map((member) => member.service).join(', ')} share claims and run with different groups (fsGroup: ${groups}): they are all given group ${fsGroup} (fsGroup; each keeps its own user and group), since the kubelet regroups a claim they share, and makes each file on it group-writable, whenever a pod of another group mounts it (fsGroupChangePolicy: OnRootMismatch), which compose never does and which a database's data folder does not survive; with one group it happens once, on the new claim (set x-kubernetes securityContext.fsGroup to choose another)`;
}
