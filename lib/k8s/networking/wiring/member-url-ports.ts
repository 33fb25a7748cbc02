import type { Service } from '../../../compose/model.ts';
import { usualServicePorts } from '../service-default-ports.ts';
import { sameImage } from './cluster-members.ts';

/**
 * Whether a URL without a port that one member of a known server writes for another (or for
 * itself) names the member, not its URL scheme's port: the caller runs the target's image, whose
 * usual ports are known and lack the scheme's, and the target declares no such port. MinIO's
 * distributed mode lists its members' drives as `server http://minio1/data http://minio2/data`:
 * each endpoint is reached on the server's own port (9000), and the path is a drive, not an HTTP
 * path on 80. Until 2026-12-07 every member's Service got port 80 (and MinIO's ellipsis form,
 * `http://minio{1...2}/data`, none), where nothing listens. A client of another image that writes
 * `http://minio` does dial 80, and keeps it.
 */
export function memberUrlNamesNoPort(from: Service | undefined, target: Service | undefined, port: number, baseImage?: string): boolean {
  if (from === undefined || target === undefined || !sameImage(from, target)) return false;
  const usual = usualServicePorts(target, baseImage);
  if (usual.length === 0 || usual.includes(port)) return false;
  return !target.ports.some((mapping) => mapping.target === port) && !target.expose.some((exposed) => exposed.port === port);
}
