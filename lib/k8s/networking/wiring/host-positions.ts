/**
 * Which names are hosts where they stand. A name that stands alone (`bare`) is a host only where
 * its key, flag, variable or program says so (`-h db`, `DB_HOST=db`, `host = db` in a file,
 * `nc -z db 5432`); elsewhere it is a user, database, queue, label or type that shares the
 * service's name (`pg_isready -U postgres`, `CONTAINER_LABEL=autoheal`, `type: elasticsearch`).
 * URLs and `host:port` are hosts, but in an image reference (`FROM postgres:11`).
 */
import type { HostReference } from './host-references.ts';

/**
 * Keys, flags and variables that name a host, a list of hosts, or an address. `join`: the member
 * a cluster node joins (Consul's and Serf's `-join`/`-retry-join`, CockroachDB's `--join`): a Consul
 * server's `agent -server -join consul_1` kept the compose name, which no Service answers to, and the
 * servers never formed a cluster (goshlanguage/containers' consul-vault, until 2026-12-06). Also an
 * `ip` after a separator (JupyterHub's `hub_ip`, `BIND_IP`), not a word that ends so (`ZIP`, `SKIP`).
 */
const HOST_KEY = /(^-h$|^-H$|(?:^|[_.-])ip|host|hostname|server|broker|addr|address|url|uri|endpoint|upstream|backend|peer|node|seed|zookeeper|bootstrap|connect|dsn|target|join)(s|es)?$/i;

/**
 * Variables that name the nodes of an Erlang cluster (`name@host`): EMQX's
 * `EMQX_CLUSTER__STATIC__SEEDS` and `EMQX_NODE__NAME`, RabbitMQ's `RABBITMQ_NODENAME`.
 */
const NODE_NAME_KEY = /(node_*name|nodes|seeds|peers|members)$/i;
/** Keys and flags that name something else a service name may be spelled like. */
const OTHER_KEY = /(^-[uUdDnNpP]$|user|username|login|pass|password|pwd|secret|token|name|db|database|schema|topic|queue|bucket|index|role|group|dbname)s?$/i;
/**
 * Elasticsearch's and OpenSearch's bootstrap lists name nodes by their `node.name`, not by address:
 * a rewritten `cluster.initial_cluster_manager_nodes=wazuh.indexer` no longer matched
 * `node.name=wazuh.indexer`, and the cluster never formed (wazuh-docker's single-node indexer, until
 * 2026-12-06). `discovery.seed_hosts` lists addresses and stays a host key.
 */
const NODE_NAMES_KEY = /initial_(master|cluster_manager)_nodes$/i;
/** Programs whose operands are hosts. */
const NETWORK_TOOLS = new Set(['nc', 'netcat', 'ncat', 'telnet', 'ping', 'nslookup', 'dig', 'host', 'wait-for-it', 'wait-for', 'wait-for-it.sh', 'wait-for.sh']);

export interface WordSetting {
  /** The environment variable the text is the value of. */
  readonly variable?: string;
  /** The program the text is an argument of (`nc`, `pg_isready`). */
  readonly program?: string;
  /** The command word before this one, when the text is one word of a command. */
  readonly previousWord?: string;
}

/** Keys, flags and variables whose value is an image reference, or a list of them (`image: redis:7`, `--image`, `BASE_IMAGE`, `PRELOAD_IMAGES`). */
const IMAGE_KEY = /images?$/i;

/** Whether a reference is a host where it stands. */
export function isHostPosition(reference: HostReference<unknown>, setting: WordSetting): boolean {
  if (isImageName(reference, setting)) return false;
  // `redis:7`, `postgres:11`: a version tag, not a port. No service is reached on ports 1-19 (echo,
  // daytime, chargen…), but images are pulled by such tags: a GitLab CI file's `services: [redis:7]`
  // and a script's `docker run postgres:11`, mounted into a runner, put ports 7 and 11 on the
  // project's redis and postgres Services, and their readiness probes chose among them.
  if (reference.form === 'host-port' && reference.port !== undefined && reference.port < 20) return false;
  // `emqx@node1.emqx.io` is a host where the variable names a cluster's nodes (a node resolves
  // the others' by it, so it must be rewritten with them); elsewhere `admin@mail` is an e-mail address.
  if (reference.nodeName) return setting.variable !== undefined && NODE_NAME_KEY.test(setting.variable);
  if (reference.form !== 'bare') return true;
  const lead = (reference.whole && !reference.lead ? setting.previousWord : reference.lead) ?? '';
  // `--host`, `-host` → `host`; `-h` stays a one-letter flag.
  const key = lead.replace(/^--?(?=\w\w)/, '');
  if (NODE_NAMES_KEY.test(lead !== '' ? key : setting.variable ?? '')) return false;
  // A `-target` flag selects what to run, not where: Loki's, Mimir's and Tempo's module
  // (`-target=distributor` in Tempo's distributed example made each such service its own pod
  // hostname, as one calling itself, until 2026-12-06), docker's build stage, a compiler's triple.
  // A `*_TARGET` variable or a `target =` key may still name a host.
  if (lead.startsWith('-') && /^targets?$/i.test(key)) return false;
  if (lead !== '' && HOST_KEY.test(key)) return true;
  if (lead !== '' && OTHER_KEY.test(key)) return false;
  // A variable's whole value is a host only when the variable's name says so: `SITE_NAME_HEADER=frontend`
  // and `CONTAINER_LABEL=celery_worker` are values that happen to be spelled like a service.
  if (setting.variable !== undefined && (reference.whole || reference.listItem)) return HOST_KEY.test(setting.variable) || namesItsService(setting.variable, reference.name);
  return setting.program !== undefined && NETWORK_TOOLS.has(setting.program) && (!lead.startsWith('-') || /^-[zvn46]+$/.test(lead));
}

/**
 * A variable whose name ends with the service it holds, or with that service's first word: `REDIS=redis`,
 * `APP_REDIS_CACHE=redis_cache`, `REDIS=redis_cache` — a client library's host setting named after the
 * server alone. Not a variable that names something else (`CACHE_DRIVER=redis`, `DB=db`, which may be a
 * database's name).
 */
function namesItsService(variable: string, name: string): boolean {
  if (OTHER_KEY.test(variable)) return false;
  const variableWords = variable.toLowerCase().split(/[_.]+/).filter(Boolean);
  const nameWords = name.toLowerCase().split(/[-_.]+/).filter(Boolean);
  const ending = variableWords.slice(-nameWords.length);
  return (ending.length === nameWords.length && ending.every((word, index) => word === nameWords[index])) || variableWords.at(-1) === nameWords[0];
}

/**
 * Whether the name is an image's repository where an image is written: a Dockerfile's `FROM
 * postgres:11` (`FROM --platform=… postgres:11`) and `COPY --from=redis:7`, an `image:` key or
 * `--image` flag, an `*_IMAGE` variable. Its `:tag` is no port and the name no host — but the
 * registry of `registry:5000/app:1` is one.
 */
function isImageName(reference: HostReference<unknown>, setting: WordSetting): boolean {
  if (reference.form === 'url' || reference.pathFollows) return false;
  const lead = reference.lead || setting.previousWord || '';
  if (lead === '--from' || lead.startsWith('--platform=') || (reference.leadOpensLine && /^from$/i.test(lead))) return true;
  if (lead !== '' && IMAGE_KEY.test(lead.replace(/^--?/, ''))) return true;
  return setting.variable !== undefined && IMAGE_KEY.test(setting.variable);
}

/** The program a command runs: its first word's file name, or the script's under `sh -c`. */
export function programOf(words: readonly string[]): string | undefined {
  const [first, flag, script] = words;
  if (first === undefined) return undefined;
  const name = first.slice(first.lastIndexOf('/') + 1);
  if ((name === 'sh' || name === 'bash') && flag === '-c' && script !== undefined) return programOf(script.trim().split(/\s+/));
  return name;
}
