/**
 * One owner for every name the translation emits. Names stay readable (no hash suffixes), so two
 * compose inputs can meet on one spelling; the registry decides, by kind of name:
 *
 * - object names (kind + name; one namespace per plan): an error naming both owners, located at
 *   the later one. The same owner asking again (a volume mounted by several services) shares it.
 * - names inside one scope (a pod's volumes, a ConfigMap's or Secret's keys): the later ask gets
 *   `-2`, `-3`, … in the order the rules ask, and a warning says so.
 *
 * Nothing is merged or dropped silently.
 */
import { ComposeError } from '../../compose/errors.ts';
import type { SourceLocation } from '../../compose/model.ts';

/** Who asks for a name. */
export interface NameOwner {
  /** Equal ids are one owner: they share the name. */
  readonly id: string;
  /** How messages call it: `service 'web'`, `volume 'd_a'`, `config 'c-a'`. */
  readonly what: string;
  /** The compose key that asks, to locate an error. */
  readonly key?: string;
}

const DNS_LABEL_MAX = 63;

/** Object names per kind, each with its first owner. */
export class NameRegistry {
  private readonly owners = new Map<string, NameOwner>();

  constructor(private readonly locateKey: (key: string) => SourceLocation | undefined) {}

  /** `name` for `owner`, or a located ComposeError when another owner has it already. */
  object(kind: string, name: string, owner: NameOwner): string {
    const slot = `${kind}\n${name}`;
    const first = this.owners.get(slot);
    if (first === undefined) {
      this.owners.set(slot, owner);
      return name;
    }
    if (first.id === owner.id) return name;
    throw new ComposeError(
      `${kind} '${name}' would be created twice ${ownersText(first, owner)}`,
      owner.key === undefined ? undefined : this.locateKey(owner.key),
      owner.key,
    );
  }
}

function ownersText(first: NameOwner, second: NameOwner): string {
  const service = /^service '(.*)'$/;
  const [a, b] = [service.exec(first.what), service.exec(second.what)];
  if (a && b) return `(for services '${a[1]}' and '${b[1]}'); rename a service so that the names differ`;
  return `(for ${first.what} and ${second.what}); rename one of them so that the names differ`;
}

/** Reports a disambiguated name: the message and the compose key that asked. */
export type ReportRename = (message: string, key: string) => void;

/** Names unique within one scope (a pod's volumes, one object's keys), made unique by a suffix. */
export class ScopedNames {
  private readonly taken = new Set<string>();

  /**
   * @param scope how messages call the scope: `the pod of service 'web'`
   * @param maxLength 63 for DNS labels (pod volumes), 253 for keys
   */
  constructor(
    private readonly scope: string,
    private readonly report: ReportRename,
    private readonly maxLength = DNS_LABEL_MAX,
  ) {}

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** `wanted`, or `wanted-2`, `wanted-3`, … when it is taken (reported at `key`). */
  claim(wanted: string, what: string, key: string): string {
    let candidate = wanted;
    for (let n = 2; this.taken.has(candidate); n += 1) {
      const suffix = `-${n}`;
      candidate = `${wanted.slice(0, this.maxLength - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.taken.add(candidate);
    if (candidate !== wanted) this.report(`${what} is named '${candidate}' in ${this.scope}: '${wanted}' is taken`, key);
    return candidate;
  }
}
