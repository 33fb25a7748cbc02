import type { BindMount, ComposeProject, FileReference, Service } from '../../compose/model.ts';
import { withServices } from '../../compose/with-services.ts';
import { own } from '../plan/own.ts';
import { writtenFolderAbove } from './host-data.ts';

/**
 * A compose secret whose file is absent but lies in a folder some service mounts read-write as data
 * is written there at run time: element-docker-demo's init writes `./secrets/synapse/signing.key`
 * into `./secrets`, and synapse reads it as the compose secret `signing_key`. As a Secret to create
 * from a file only the running stack writes, it could not be created before applying (until
 * 2026-12-07). The reference becomes a read-only bind mount of the file at the secret's target,
 * which the storage rules mount from that folder's claim (bind-mounts.ts), as a bind mount of a
 * missing file there already is, and said there, at the secret's reference.
 */
export function withWrittenSecretFiles(project: ComposeProject): ComposeProject {
  let services: Record<string, Service> | undefined;
  for (const [name, service] of Object.entries(project.services)) {
    const mounted = writtenSecretMounts(project, service);
    if (mounted === undefined) continue;
    services ??= { ...project.services };
    services[name] = mounted;
  }
  return services === undefined ? project : withServices(project, services);
}

function writtenSecretMounts(project: ComposeProject, service: Service): Service | undefined {
  const kept: FileReference[] = [];
  const mounts: BindMount[] = [];
  service.secrets.forEach((reference, index) => {
    const secret = own(project.secrets, reference.source);
    const above = secret?.missing === 'absent' && secret.source.kind === 'file' ? writtenFolderAbove(project, secret.source.path) : undefined;
    // A mode or owner of its own is the Secret's to give (file-objects.ts): a claim's file keeps the writer's.
    const ownsFile = reference.mode !== undefined || reference.uid !== undefined || reference.gid !== undefined;
    if (secret?.source.kind !== 'file' || above === undefined || ownsFile) {
      kept.push(reference);
      return;
    }
    mounts.push({ type: 'bind', source: secret.source.path, target: reference.target, readOnly: true, createHostPath: false, declaredAt: `services.${service.name}.secrets.${index}` });
  });
  if (mounts.length === 0) return undefined;
  return Object.assign({}, service, { secrets: kept, volumes: [...service.volumes, ...mounts] });
}
