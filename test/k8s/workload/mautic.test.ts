import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/**
 * mautic/mautic's entrypoint chowns its volumes to www-data unless they are www-data's already and
 * exits when it cannot; DOCKER_MAUTIC_ROLE=mautic_cron registers www-data's crontab and runs cron.
 * mautic/docker-mautic's examples run three roles of the image on shared bind mounts.
 */
const mautic = `services:
  mautic_web:
    image: mautic/mautic:5-apache
    volumes: ["./mautic/config:/var/www/html/config"]
  mautic_cron:
    image: mautic/mautic:5-apache
    environment: [DOCKER_MAUTIC_ROLE=mautic_cron]
    volumes: ["./mautic/config:/var/www/html/config"]
`;

describe('mautic images', () => {
  it('run as root, as the image does, since its entrypoint chowns the volumes and its cron role runs cron', () => {
    const converted = convertCompose(mautic);
    for (const name of ['mautic-web', 'mautic-cron']) {
      expect(converted.object('Deployment', name).spec.template.spec.containers[0].securityContext.runAsUser).toBe(0);
    }
    expect(converted.warnings.some((warning) => warning.message.includes('mautic/mautic:5-apache runs as root because its entrypoint chowns its volumes'))).toBe(true);
  });
});
