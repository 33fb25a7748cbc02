import { scriptCommands, type Variables } from './words.ts';

/** A user or group a RUN line creates, as far as its command line tells. */
export interface Account {
  readonly id?: number;
  /** The primary group's name or number (`useradd -g`, `adduser --ingroup`/`--gid`/`-G`). */
  readonly group?: string;
  readonly system: boolean;
}

export interface Accounts {
  readonly users: Map<string, Account>;
  readonly groups: Map<string, Account>;
}

/** Options that take a value, per tool; every other option is a flag. `--opt=value` is always read. */
const VALUE_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  useradd: new Set(['-u', '--uid', '-g', '--gid', '-G', '--groups', '-d', '--home', '--home-dir', '-s', '--shell', '-c', '--comment', '-k', '--skel', '-e', '--expiredate', '-f', '--inactive', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix', '-b', '--base-dir', '-Z', '--selinux-user']),
  groupadd: new Set(['-g', '--gid', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix', '-U', '--users']),
  // Debian's adduser takes long options; BusyBox's (Alpine) short ones, where -g is the GECOS field.
  adduser: new Set(['--uid', '--gid', '--ingroup', '--home', '--shell', '--gecos', '--comment', '--firstuid', '--lastuid', '--firstgid', '--lastgid', '--conf', '--add-extra-groups', '-u', '-G', '-h', '-g', '-s', '-k']),
  addgroup: new Set(['--gid', '--firstgid', '--lastgid', '--conf', '-g']),
};
const SYSTEM_FLAGS = new Set(['-r', '--system', '-S']);

/**
 * Records the users and groups that `useradd`, `adduser`, `groupadd` and `addgroup` create in a
 * RUN script, so `USER name` can be given its uid. The script runs with the stage's ARG and ENV in
 * its environment, so `-u $APP_UID` is expanded with them.
 */
export function recordAccounts(script: string, variables: Variables, escape: string, accounts: Accounts): void {
  for (const command of scriptCommands(script, variables, escape)) recordCommand(command, accounts);
}

function recordCommand(words: readonly string[], accounts: Accounts): void {
  const at = words.findIndex((word) => (word.split('/').pop() ?? '') in VALUE_OPTIONS);
  if (at < 0) return;
  const tool = words[at]!.split('/').pop()!;
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const takesValue = VALUE_OPTIONS[tool]!;
  for (let index = at + 1; index < words.length; index++) {
    const word = words[index]!;
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    if (equals > 0) values.set(word.slice(0, equals), word.slice(equals + 1));
    else if (takesValue.has(word)) values.set(word, words[++index] ?? '');
    else if (word.startsWith('-') && word.length > 1) flags.add(word);
    else positionals.push(word);
  }
  const name = tool === 'useradd' || tool === 'groupadd' ? positionals[positionals.length - 1] : positionals[0];
  if (!name) return;
  const system = [...flags].some((flag) => SYSTEM_FLAGS.has(flag));
  const id = numeric(values.get('-u') ?? values.get('--uid') ?? (tool === 'groupadd' || tool === 'addgroup' ? (values.get('-g') ?? values.get('--gid')) : undefined));
  if (tool === 'groupadd' || tool === 'addgroup') {
    // `addgroup user group` (two names) adds a user to a group; it creates nothing.
    if (tool === 'addgroup' && positionals.length > 1) return;
    accounts.groups.set(name, { ...(id !== undefined ? { id } : {}), system });
    return;
  }
  // `adduser user group` adds an existing user to a group.
  if (tool === 'adduser' && positionals.length > 1 && accounts.users.has(name)) return;
  const group = tool === 'useradd' ? (values.get('-g') ?? values.get('--gid')) : (values.get('--ingroup') ?? values.get('--gid') ?? values.get('-G'));
  accounts.users.set(name, { ...(id !== undefined ? { id } : {}), ...(group ? { group } : {}), system });
}

function numeric(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}
