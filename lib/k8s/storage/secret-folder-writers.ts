/**
 * Who writes a folder of key material outside the project (`../secrets:/run/secrets`,
 * `/etc/ssl/private:/certs`, `../tls:/etc/nginx/tls`). Compose mounts a bind read-write unless told
 * otherwise, so a read-write mount says nothing by itself: most such folders hold keys the operator
 * put there, which the service reads. Taking every read-write mount for a writer made each of them
 * a new, empty claim, and the service started without its keys, said only by the general warning
 * to copy the data in (until 2026-12-07). Such a folder is written where a service shows it: it
 * mounts it read-write in so many words (`:rw`, `read_only: false`, certbot's
 * `/srv/stack/certs:/etc/letsencrypt/live:rw`), its image makes certificates (certbot, acme.sh,
 * lego, step-ca, the ACME companions, mkcert, cfssl), or its command runs a tool that makes keys or
 * certificates (`openssl req`, `cockroach cert create-node`, `elasticsearch-certutil`,
 * `ssh-keygen`, `keytool -genkeypair`) or names a file it writes there (`-keyout /certs/tls.key`), or
 * a setting has it fetch certificates itself (`TLS_FLAVOR=letsencrypt`) or generate them there
 * (docker:dind's `DOCKER_TLS_CERTDIR`), or it hands the folder out: it mounts it read-write while
 * two or more other services each mount a folder below it read-only in so many words (EdgeX's
 * security-secretstore-setup writes each service's token into /tmp/edgex/secrets/<service>, which
 * that service mounts `read_only: true`). A path below a folder a service writes is written by it
 * too. Elsewhere it is a Secret the operator creates from the folder, mounted read-only.
 */
import type { BindMount, ComposeProject, Service } from '../../compose/model.ts';
import { isBelow, withoutTrailingSlash } from '../../container-paths.ts';
import { parseImage } from '../workload/image-profiles.ts';
import { commandTokens } from '../workload/container-command.ts';
import { looksLikeFile } from './bind-kinds.ts';
import { bindsOf, boundSources } from './mount-index.ts';
import { outputFlagPaths } from './output-flags.ts';

/** Images whose program makes or renews keys and certificates (the last component of the repository). */
const CERTIFICATE_IMAGES = /^(?:certbot|openssl|dns-[a-z0-9-]+|acme\.sh|acme-companion|letsencrypt-nginx-proxy-companion|lego|step-ca|step-cli|mkcert|cfssl|certgen|cert-gen|certs?-generator|cert-manager-.*)$/;

/** A program that makes keys or certificates, with the words that make it do so (none: any use). */
const KEY_MAKERS: readonly (readonly [RegExp, RegExp | undefined])[] = [
  [/^(?:.*\/)?openssl$/, /^(?:req|genrsa|genpkey|gendsa|ecparam|x509|ca|dhparam|pkcs12)$/],
  [/^(?:.*\/)?(?:certbot|mkcert|cfssl|cfssljson|acme\.sh|lego|ssh-keygen|certstrap|minica|easyrsa)$/, undefined],
  [/^(?:.*\/)?(?:elasticsearch|opensearch|kibana)-certutil$/, undefined],
  [/^(?:.*\/)?keytool$/, /^-(?:genkeypair|genkey|importcert|import|gencert)$/],
  [/^(?:.*\/)?(?:cockroach|nats|step)$/, /^(?:cert|certificate|create-ca|create-node|create-client)$/],
];

/**
 * The services that write `source` by what they show, sorted; empty when none does: those that
 * write the folder itself or, failing that, the nearest folder above it that a service writes.
 * EdgeX's /tmp/edgex/secrets/core-data, which core-data mounts read-only, holds the token
 * security-secretstore-setup writes into /tmp/edgex/secrets: made a Secret to create from a folder
 * only the running stack fills, no EdgeX service could start (until 2026-12-07).
 */
export function secretFolderWriters(project: ComposeProject, source: string): string[] {
  const own = folderWriters(project, source);
  if (own.length > 0) return own;
  for (let slash = source.lastIndexOf('/'); slash > 0; slash = source.lastIndexOf('/', slash - 1)) {
    const above = folderWriters(project, source.slice(0, slash));
    if (above.length > 0) return above;
  }
  return [];
}

function folderWriters(project: ComposeProject, folder: string): string[] {
  if (looksLikeFile(folder)) return [];
  const writers = bindsOf(project, folder)
    .filter(({ service, mount }) => !mount.readOnly && showsWriting(project, service, mount))
    .map(({ service }) => service.name);
  return [...new Set(writers)].sort();
}

function showsWriting(project: ComposeProject, service: Service, mount: BindMount): boolean {
  return (
    writtenAsWritable(service, mount) ||
    makesCertificates(service) ||
    writesOutputBelow(service, mount.target) ||
    asksForAcme(service) ||
    generatesDockerTls(service, mount.target) ||
    handsOut(project, service, mount.source)
  );
}

/**
 * Whether the service hands the folder out: two or more other services mount folders below it, each
 * its own and each read-only in so many words (`:ro`, `read_only: true`), and none mounts it
 * read-write. One that reads the whole folder, or mounts a file of it, says nothing: many stacks
 * mount `./certs` in one service and `./certs/db.pem:ro` in another, keys the operator put there.
 */
function handsOut(project: ComposeProject, service: Service, folder: string): boolean {
  const below = bindsBelowOf(project).get(folder);
  if (below === undefined) return false;
  const readers = new Set<string>();
  for (const { service: other, mount } of below) {
    if (other.name === service.name) continue;
    if (!mount.readOnly || looksLikeFile(mount.source)) return false;
    readers.add(other.name);
  }
  return readers.size >= 2;
}

const bindsBelow = new WeakMap<ComposeProject, ReadonlyMap<string, readonly { readonly service: Service; readonly mount: BindMount }[]>>();

/** Folder → the binds of paths strictly below it, built once per project (not a scan per mount). */
function bindsBelowOf(project: ComposeProject): ReadonlyMap<string, readonly { readonly service: Service; readonly mount: BindMount }[]> {
  const known = bindsBelow.get(project);
  if (known) return known;
  const index = new Map<string, { service: Service; mount: BindMount }[]>();
  for (const source of boundSources(project)) {
    for (let slash = source.lastIndexOf('/'); slash > 0; slash = source.lastIndexOf('/', slash - 1)) {
      const folder = source.slice(0, slash);
      const list = index.get(folder) ?? [];
      list.push(...bindsOf(project, source));
      index.set(folder, list);
    }
  }
  bindsBelow.set(project, index);
  return index;
}

/**
 * Docker's daemon image (docker:dind) generates its CA, server and client certificates at start
 * into the folder `DOCKER_TLS_CERTDIR` names (`ca/`, `server/`, `client/` below it), which a Jenkins
 * or CI runner beside it reads (DOCKER_CERT_PATH). FLY-Open-DevOps/Jenkins-SonarQube-DockerCompose
 * binds a folder outside the project at /certs/client with DOCKER_TLS_CERTDIR=/certs: made a
 * read-only Secret to create, the daemon's entrypoint could not write the client certificates and
 * dockerd never started (until 2026-12-07). The mount is at the folder or below it; an empty value
 * turns TLS off.
 */
function generatesDockerTls(service: Service, target: string): boolean {
  if (!runsDockerDaemon(service)) return false;
  const certificates = service.environment['DOCKER_TLS_CERTDIR'];
  if (certificates === undefined || certificates === null || certificates.trim() === '') return false;
  const folder = withoutTrailingSlash(certificates.trim());
  const mounted = withoutTrailingSlash(target);
  return mounted === folder || isBelow(mounted, folder);
}

/**
 * Whether the service runs Docker's daemon, whose entrypoint generates the certificates: Docker's
 * image with a `dind` tag (`docker:27-dind`, `code.forgejo.org/oci/docker:dind`), an image named for
 * it (`cruizba/ubuntu-dind`), or a command that starts `dockerd` or its entrypoint. A client given
 * the variable (a CI runner passing DOCKER_TLS_CERTDIR on to its jobs, beside the client certificates
 * it reads) generates nothing, and its folder stays a Secret the operator creates.
 */
function runsDockerDaemon(service: Service): boolean {
  if (service.image !== undefined) {
    const { repository, tag } = parseImage(service.image);
    const name = repository.slice(repository.lastIndexOf('/') + 1);
    if (/(?:^|[-_.])dind(?:$|[-_.])/.test(name) || (name === 'docker' && tag !== undefined && /(?:^|[-_.])dind(?:$|[-_.])/.test(tag))) return true;
  }
  return commandTokens([...(service.entrypoint ?? []), ...(service.command ?? [])]).some((word) => /^(?:.*\/)?dockerd(?:-entrypoint\.sh)?$/.test(word));
}

/**
 * A setting that has the service fetch its certificates itself (Let's Encrypt, ACME): Mailu's front
 * writes them into /certs with `TLS_FLAVOR=letsencrypt`, and reads the operator's with `cert`.
 */
function asksForAcme(service: Service): boolean {
  return Object.entries(service.environment).some(([name, value]) => {
    if (value === null || /^(?:|0|false|no|off|none)$/i.test(value.trim())) return false;
    return /LETSENCRYPT|ACME|CERTBOT/i.test(name) || (/TLS|SSL|CERT/i.test(name) && /letsencrypt|acme/i.test(value));
  });
}

/** Whether the command names a file it writes at or below the mount's target with an output flag (output-flags.ts: `-keyout /certs/tls.key`, `-o`). */
function writesOutputBelow(service: Service, target: string): boolean {
  const folder = withoutTrailingSlash(target);
  return outputFlagPaths([...(service.entrypoint ?? []), ...(service.command ?? [])]).some((path) => path === folder || isBelow(path, folder));
}

/**
 * Whether the compose file asks for the read-write mount in so many words (`:rw`, `read_only:
 * false`): compose's default, which most files leave unsaid, so only a written one says the
 * service writes there.
 */
export function writtenAsWritable(service: Service, mount: BindMount): boolean {
  const volumes = service.raw['volumes'];
  const entry = Array.isArray(volumes) ? (volumes as unknown[])[service.volumes.indexOf(mount)] : undefined;
  if (typeof entry === 'string') return /:(?:[^:,]*,)*rw(,|$)/.test(entry);
  return typeof entry === 'object' && entry !== null && (entry as Record<string, unknown>)['read_only'] === false;
}

function makesCertificates(service: Service): boolean {
  if (service.image !== undefined) {
    const { repository } = parseImage(service.image);
    if (CERTIFICATE_IMAGES.test(repository.slice(repository.lastIndexOf('/') + 1).toLowerCase())) return true;
  }
  const tokens = commandTokens([...(service.entrypoint ?? []), ...(service.command ?? [])]);
  return tokens.some((token, index) =>
    KEY_MAKERS.some(([program, action]) => program.test(token) && (action === undefined || tokens.slice(index + 1, index + 4).some((word) => action.test(word)))),
  );
}
