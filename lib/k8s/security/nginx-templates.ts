/**
 * The official nginx image renders `/etc/nginx/templates/*.template` into `/etc/nginx/conf.d` at
 * start (its 20-envsubst-on-templates.sh), and skips them, saying only "is not writable", when it
 * cannot write the output directory. Docker runs the image as root, which owns that directory; as
 * the nginx user (101) the templates were silently ignored and nginx served its default page
 * instead of the proxy the stack configures (pedrolamas/docker-iot-stack's nginx, which renders
 * into /etc/nginx itself with NGINX_ENVSUBST_OUTPUT_DIR, until 2026-12-06).
 */
import type { Service } from '../../compose/model.ts';
import { imageProfile, type ImageProfile } from '../workload/image-profiles.ts';

const NGINX = imageProfile('nginx');
const TEMPLATE_DIR = '/etc/nginx/templates';
const OUTPUT_DIR = '/etc/nginx/conf.d';

/** Why the image must start as root to render the templates the service mounts, if it must. */
export function nginxTemplatesRootReason(service: Service, known: ImageProfile | undefined): string | undefined {
  if (known === undefined || known !== NGINX) return undefined;
  const templates = directory(service.environment['NGINX_ENVSUBST_TEMPLATE_DIR'], TEMPLATE_DIR);
  const output = directory(service.environment['NGINX_ENVSUBST_OUTPUT_DIR'], OUTPUT_DIR);
  const targets = [...service.volumes.map((mount) => mount.target), ...service.configs.map((config) => config.target)].map((target) => directory(target, target));
  if (!targets.some((target) => target === templates || target.startsWith(`${templates}/`))) return undefined;
  // A volume or tmpfs of its own there is writable by the pod's group, as the image's user.
  if (service.volumes.some((mount) => directory(mount.target, mount.target) === output && !mount.readOnly && mount.type !== 'bind')) return undefined;
  return `its entrypoint renders the templates at ${templates} into ${output}, which root owns in the image (as the nginx user it skips them and serves its default page)`;
}

function directory(value: string | null | undefined, fallback: string): string {
  const path = value === undefined || value === null || value === '' ? fallback : value;
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
