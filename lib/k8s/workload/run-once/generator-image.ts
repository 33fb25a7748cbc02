import type { Service } from '../../../compose/model.ts';
import { parseImage } from '../image-profiles.ts';

/**
 * An image named for generating certificates or keys (`wazuh/wazuh-certs-generator`, `…-cert-gen`,
 * `…-keygen`): it writes them into a mounted folder and exits. wazuh/wazuh-docker's single-node
 * generate-indexer-certs.yml runs it as `generator`, by hand, with no restart: no task name and nobody
 * waiting for it, it stayed a Deployment that Kubernetes ran again after every exit (until 2026-12-07).
 */
const GENERATOR = /(?:^|[-_.])(?:certs?|certificates?|keys?|secrets?|tls|ssl)[-_.]?(?:gen|generator|generate|maker)$/i;

/** Why the service's image runs once by its name, or undefined. A command of compose's own says what runs instead. */
export function generatorImageSign(service: Service): string | undefined {
  if (service.image === undefined || service.command !== undefined || service.entrypoint !== undefined) return undefined;
  const { repository } = parseImage(service.image);
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return GENERATOR.test(name) ? `its image ${name} generates certificates or keys, which it writes once and exits` : undefined;
}
