/**
 * A read-write project folder that the service's own command or environment names as the place it
 * keeps its state: a blockchain node's `--base-path`/`--datadir`, a server's `FABRIC_CA_HOME`. What
 * the service writes there (its chain, its keys, its database) is kept on the host by compose, so it
 * is a claim the folder's files fill once, not a copy refilled at every start.
 *
 * graphprotocol/graph-node's parity (`./parity:/root/.local/share/io.parity.ethereum/` with
 * `--base-path /root/.local/share/io.parity.ethereum`) lost its chain at every restart, and
 * hyperledger/fabric-samples' CAs (`../organizations/fabric-ca/org1:/etc/hyperledger/fabric-ca-server`,
 * `FABRIC_CA_HOME` there) made a new root key at every start, so that every certificate they had
 * issued stopped verifying (until 2026-12-07).
 */
import type { BindMount, ComposeProject, Service } from '../../compose/model.ts';
import { isBelow, withoutTrailingSlash } from '../../container-paths.ts';
import { bindsOf } from './mount-index.ts';

/** The service whose command or environment names a project folder as its data, and how. */
export interface DataFolderNamer {
  readonly service: string;
  readonly namer: string;
}

/**
 * The first service (by name) that mounts `source` read-write and names it as where it keeps its
 * data. The folder is one on the host for every service that binds it, so it is one claim for all:
 * OffchainLabs/eth-pos-devnet's prysmctl task writes ./execution/genesis.json for geth-genesis and
 * geth (`--datadir=/execution`), and a copy of its own would have kept it from them.
 */
export function dataFolderNamerOf(project: ComposeProject, source: string): DataFolderNamer | undefined {
  const found = bindsOf(project, source)
    .map(({ service, mount }) => ({ service: service.name, namer: dataFolderNamer(service, mount) }))
    .filter((candidate): candidate is DataFolderNamer => candidate.namer !== undefined)
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  return found[0];
}

/**
 * Command-line options that name a data directory (`--datadir` of geth and bitcoind, `--base-path`
 * of Substrate and parity, `--data-path` of Besu, `--home` of Cosmos SDK nodes, `--db-path`,
 * `--dbpath` of mongod and Meilisearch, `--data-dir` of consul and etcd's `--data-dir`).
 */
const DATA_FLAG = /^--?(datadir|data-?dir|data\.dir|data-path|data-directory|base-?path|db-?path|db-dir|home|state-dir|storage-path)$/i;
/** Environment variables that name one: `<APP>_HOME`, `<APP>_DATA_DIR`, `DATADIR`, `<APP>_DATA_PATH`. */
const DATA_VARIABLE = /^(?:[A-Z0-9]+_)*(?:[A-Z0-9]+_HOME|DATA_?DIR|DATA_PATH|DATA_DIRECTORY|STATE_DIR)$/i;
/** Homes of runtimes and tools, which name where they are installed, not where a service writes. */
const INSTALL_HOME = /^(JAVA|JRE|JDK|CATALINA|GRADLE|MAVEN|M2|ANT|GOROOT|CARGO|RUSTUP|NVM|PYENV|CONDA|SDKMAN|ANDROID|HADOOP|SPARK|SCALA|KOTLIN|GROOVY|DOTNET|PHP|PERL|RUBY|NODE|NPM|YARN|PNPM|BUN|DENO|FLUTTER|DART)_HOME$/i;

/**
 * What names the mount's target (or a folder below it) as where the service keeps its data, said
 * for the warning (`its command's --base-path`, `its FABRIC_CA_HOME`); undefined when nothing does,
 * or the mount is read-only.
 */
export function dataFolderNamer(service: Service, mount: BindMount): string | undefined {
  if (mount.readOnly) return undefined;
  const target = withoutTrailingSlash(mount.target);
  if (target === '' || target === '/') return undefined;
  // The service's other mounts below this one hold what is written there, not this folder:
  // forem's XDG_DATA_HOME=/app/tmp/cache is its rails_cache volume, not the code bound at /app.
  const deeper = service.volumes
    .filter((other) => other !== mount)
    .map((other) => withoutTrailingSlash(other.target))
    .filter((other) => isBelow(other, target));
  const names = (value: string | null | undefined): boolean => {
    if (value === undefined || value === null) return false;
    const path = withoutTrailingSlash(value.trim());
    if (path === target) return true;
    return isBelow(path, target) && !deeper.some((other) => path === other || isBelow(path, other));
  };
  const words = [...(service.entrypoint ?? []), ...(service.command ?? [])].flatMap((word) => word.split(/\s+/)).map(unquoted).filter((word) => word !== '');
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const equals = word.indexOf('=');
    const flag = equals < 0 ? word : word.slice(0, equals);
    if (!DATA_FLAG.test(flag)) continue;
    if (names(equals < 0 ? words[index + 1] : word.slice(equals + 1))) return `its command's ${flag}`;
  }
  const variables = Object.keys(service.environment).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of variables) {
    if (DATA_VARIABLE.test(name) && !INSTALL_HOME.test(name) && names(service.environment[name])) return `its ${name}`;
  }
  return undefined;
}

function unquoted(word: string): string {
  return word.replace(/^['"]+|['"]+$/g, '');
}
