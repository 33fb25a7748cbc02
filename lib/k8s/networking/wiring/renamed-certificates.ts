/**
 * A name Kubernetes cannot hold (`wazuh1.indexer`) is dialled by its Service's name
 * (`wazuh1-indexer`) on Kubernetes. A server that presents a certificate issued for its compose
 * name then fails every client that checks host names (wazuh's dashboard, filebeat and the other
 * indexers of its multi-node example did, with no word until 2026-12-07): the certificate must be
 * issued for the new name too, which the converter cannot do.
 */
import type { Service } from '../../../compose/model.ts';

/** A certificate or key file, or a directory that holds them by convention. */
const CERTIFICATE_PATH = /\.(pem|crt|cer|p12|pfx|jks|keystore)$|(^|\/)(certs?|certificates|ssl|tls)(\/|$)/i;

/**
 * The first path at which `service` mounts certificates: a target that names them, or a mount whose
 * file is one (`./certs/wazuh1.indexer.pem`; its folders are the converting machine's, not read).
 */
export function mountedCertificate(service: Service): string | undefined {
  for (const mount of service.volumes) {
    const source = mount.type === 'bind' || mount.type === 'volume' ? mount.source : undefined;
    if (CERTIFICATE_PATH.test(mount.target) || (source !== undefined && CERTIFICATE_PATH.test(source.slice(source.lastIndexOf('/') + 1)))) return mount.target;
  }
  return [...service.secrets, ...service.configs].find((file) => CERTIFICATE_PATH.test(file.target) || CERTIFICATE_PATH.test(file.source))?.target;
}

/** The warning for a server that mounts certificates and whose compose name `name` its clients now dial as `resolvesAs`. */
export function renamedCertificateWarning(service: Service, name: string, resolvesAs: string): string | undefined {
  const certificate = mountedCertificate(service);
  if (certificate === undefined) return undefined;
  return `'${name}' is dialled as '${resolvesAs}' on Kubernetes, and service '${service.name}' mounts certificates (${certificate}): a client that checks host names rejects a certificate issued for '${name}' alone; issue it for '${resolvesAs}' too (a subject alternative name)`;
}
