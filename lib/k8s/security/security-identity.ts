import type { ServiceContext } from '../plan/context.ts';
import { ID, inRange } from '../plan/int32.ts';
import { own } from '../plan/own.ts';
import { COMMON_GROUPS, COMMON_USERS, DEFAULT_PROFILE, type ImageProfile } from '../workload/image-profiles.ts';

export interface Identity {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
}

/**
 * Who the container runs as: compose `user`, else the user the image's profile names, else the
 * default. `known` is the image's profile, undefined for images we know nothing about.
 */
export function identityFor(context: ServiceContext, known: ImageProfile | undefined, privileged: boolean): Identity {
  const { service } = context;
  const profile = known ?? DEFAULT_PROFILE;
  if (service.user === undefined) {
    // Docker runs a privileged container as the image's user; so do we, unless its profile knows better.
    return privileged && !known ? {} : { runAsUser: profile.uid, runAsGroup: profile.gid };
  }
  const key = `services.${service.name}.user`;
  const [user = '', group] = service.user.split(':');
  const uid = idOf(context, user, { ...COMMON_USERS, ...profile.users }, key);
  if (uid === undefined) {
    context.warn(`user '${user}' is not a user id this tool knows for the image; running as uid ${profile.uid}`, key);
    return { runAsUser: profile.uid, runAsGroup: profile.gid };
  }
  if (group === undefined) {
    // Like Docker, the image's passwd decides the group; we only know it for the profile's own user.
    return uid === profile.uid ? { runAsUser: uid, runAsGroup: profile.gid } : { runAsUser: uid };
  }
  const gid = idOf(context, group, { ...COMMON_GROUPS, ...profile.users }, key);
  if (gid === undefined) context.warn(`group '${group}' is not a group id this tool knows; the image decides`, key);
  return gid === undefined ? { runAsUser: uid } : { runAsUser: uid, runAsGroup: gid };
}

function idOf(context: ServiceContext, name: string, known: Readonly<Record<string, number>>, key: string): number | undefined {
  return /^\d+$/.test(name) ? inRange(Number(name), key, context, ID) : own(known, name);
}

/** `group_add` as numeric ids; names only where every image agrees on them. */
export function groupsFor(context: ServiceContext): number[] {
  const { service } = context;
  return service.groupAdd.flatMap((group, index) => {
    const key = `services.${service.name}.group_add.${index}`;
    const gid = idOf(context, group, COMMON_GROUPS, key);
    if (gid === undefined) {
      context.warn(`group '${group}' has no fixed id; use its numeric id`, key);
      return [];
    }
    return [gid];
  });
}
