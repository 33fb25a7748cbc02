/** The project's scripts an image starts: found through the Dockerfile's COPY and CMD, read at load. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/compose/load.ts';
import { startedContextFiles } from '../../lib/images/dockerfile/started-scripts.ts';
import { parseDockerfile } from '../../lib/images/dockerfile/parse.ts';
import { readProjectImageFacts } from '../../lib/images/project-facts.ts';
import type { ImageConfig } from '../../lib/images/facts.ts';

const started = (dockerfile: string, config: Partial<ImageConfig>) =>
  Object.fromEntries(startedContextFiles(parseDockerfile(dockerfile, 'Dockerfile'), { exposedPorts: [], labels: {}, ...config }));

describe('the build-context files an image starts', () => {
  it('are the files COPY puts where ENTRYPOINT or CMD runs: into a folder by a pattern, to their own name, relative to WORKDIR', () => {
    expect(started('FROM nginx:latest\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY *.sh /\nCMD ["/cmd.sh"]\n', { cmd: ['/cmd.sh'] })).toEqual({ '/cmd.sh': 'cmd.sh' });
    expect(started('FROM alpine\nCOPY docker/entry.sh /usr/local/bin/entrypoint.sh\n', { entrypoint: ['/usr/local/bin/entrypoint.sh'], cmd: ['run'] })).toEqual({ '/usr/local/bin/entrypoint.sh': 'docker/entry.sh' });
    expect(started('FROM alpine\nWORKDIR /app\nCOPY scripts/start.sh ./\n', { workingDir: '/app', cmd: ['./start.sh'] })).toEqual({ '/app/start.sh': 'scripts/start.sh' });
    expect(started('FROM alpine\nCOPY bin/ /usr/local/bin/\nCOPY ["run.sh", "health.sh", "/opt/"]\n', { cmd: ['sh', '/opt/run.sh'] })).toEqual({ '/opt/run.sh': 'run.sh' });
    expect(started('FROM alpine\nCOPY start.sh /\n', { cmd: ['/start.sh'] })).toEqual({ '/start.sh': 'start.sh' });
    // A folder copied above it: the file at the same place in the context (pixelfed's `COPY . /var/www/`).
    expect(started('FROM php:7.4-apache\nWORKDIR /var/www/\nCOPY . /var/www/\nCMD ["/var/www/contrib/docker/start.apache.sh"]\n', { cmd: ['/var/www/contrib/docker/start.apache.sh'] })).toEqual({
      '/var/www/contrib/docker/start.apache.sh': 'contrib/docker/start.apache.sh',
    });
    expect(started('FROM alpine\nCOPY app /app\n', { cmd: ['/app/start.sh'] })).toEqual({ '/app/start.sh': 'app/start.sh' });
  });

  // strukturag/nextcloud-spreed-signaling's docker/server/Dockerfile: entrypoint.sh, stop.sh and wait.sh
  // copied to `/` one by one. The last, wait.sh, was taken for a folder holding /entrypoint.sh, so the
  // entrypoint (which ends with `exec su-exec spreedbackend …`) went unread (until 2026-12-07).
  it('are the file copied itself, not a later single copy to a folder above it taken for a folder', () => {
    const signaling = 'FROM alpine:3\nCOPY ./docker/server/entrypoint.sh /\nCOPY ./docker/server/stop.sh /\nCOPY ./docker/server/wait.sh /\nENTRYPOINT [ "/entrypoint.sh" ]\n';
    expect(started(signaling, { entrypoint: ['/entrypoint.sh'] })).toEqual({ '/entrypoint.sh': 'docker/server/entrypoint.sh' });
    // Without a copy of the file itself, a folder above it is still the guess.
    expect(started('FROM alpine\nCOPY ./docker/server /\n', { entrypoint: ['/entrypoint.sh'] })).toEqual({ '/entrypoint.sh': 'docker/server/entrypoint.sh' });
  });

  it("are found by a bare name in the PATH's directories, where a copy puts a file of that name (laravel/sail's start-container)", () => {
    const sail = 'FROM ubuntu:24.04\nCOPY start-container /usr/local/bin/start-container\nCOPY supervisord.conf /etc/supervisor/conf.d/supervisord.conf\nENTRYPOINT ["start-container"]\n';
    expect(started(sail, { entrypoint: ['start-container'] })).toEqual({ '/usr/local/bin/start-container': 'start-container' });
    expect(started('FROM php:8.3-fpm\nCOPY docker/php/docker-entrypoint.sh /usr/local/bin/docker-entrypoint\n', { entrypoint: ['docker-entrypoint'], cmd: ['php-fpm'] })).toEqual({
      '/usr/local/bin/docker-entrypoint': 'docker/php/docker-entrypoint.sh',
    });
    // A program of the image, which no copy of the context puts in the PATH.
    expect(started(sail, { entrypoint: ['start-container'], cmd: ['php', 'artisan', 'serve'] })).toEqual({ '/usr/local/bin/start-container': 'start-container' });
  });

  it('are none for a program of the image, a copied folder, a file of a stage the image is not built from, or a pattern that does not match', () => {
    expect(started('FROM nginx\nCOPY . /srv\n', { cmd: ['nginx', '-g', 'daemon off;'] })).toEqual({});
    expect(started('FROM alpine AS other\nCOPY start.sh /start.sh\nFROM alpine\nCOPY run.sh /run.sh\n', { cmd: ['/start.sh'] })).toEqual({});
    expect(started('FROM alpine\nCOPY *.py /\n', { cmd: ['/cmd.sh'] })).toEqual({});
  });

  it("are the final stage's own copies, not those of a stage it only copies files from (getodk/central's nginx)", () => {
    // The intermediate stage's `COPY ./ ./` put the context at its own root, not at the image's
    // /scripts/: read as the image's, it named scripts/odk-setup.sh, which the context lacks, and
    // the script the ENTRYPOINT runs (it writes /etc/nginx/conf.d) went unread.
    const odk = 'FROM node:16.19.1 as intermediate\nCOPY ./ ./\nRUN files/prebuild/build-frontend.sh\nFROM jonasal/nginx-certbot:2.4.1\nENTRYPOINT [ "/bin/bash", "/scripts/odk-setup.sh" ]\nCOPY files/nginx/odk-setup.sh /scripts/\nCOPY --from=intermediate client/dist/ /usr/share/nginx/html/\n';
    expect(started(odk, { entrypoint: ['/bin/bash', '/scripts/odk-setup.sh'] })).toEqual({ '/scripts/odk-setup.sh': 'files/nginx/odk-setup.sh' });
    // A stage it is built FROM is its own file system: its copies hold, a later one replacing them.
    expect(started('FROM alpine AS base\nCOPY old.sh /start.sh\nFROM base\nCOPY start.sh /start.sh\n', { cmd: ['/start.sh'] })).toEqual({ '/start.sh': 'start.sh' });
    expect(started('FROM alpine AS base\nCOPY start.sh /start.sh\nFROM base\n', { cmd: ['/start.sh'] })).toEqual({ '/start.sh': 'start.sh' });
  });
});

describe('image facts', () => {
  const directories: string[] = [];
  afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

  it("hold the text of the project's scripts the image starts, by their path in the image (friendica/docker's avatar cmd.sh)", () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'started-scripts-'));
    directories.push(directory);
    const files: Record<string, string> = {
      'compose.yaml': 'services:\n  avatar:\n    build: ./avatar\n  web:\n    build: ./web\n  app:\n    build: ./app\n',
      'app/Dockerfile': 'FROM php:7.4-apache\nCOPY . /var/www/\nCMD ["/var/www/contrib/docker/start.apache.sh"]\n',
      'app/contrib/docker/start.apache.sh': '#!/bin/bash\nexec apache2-foreground\n',
      'avatar/Dockerfile': 'FROM nginx:latest\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY *.sh /\nCMD ["/cmd.sh"]\n',
      'avatar/cmd.sh': '#!/bin/sh\nenvsubst < /etc/nginx/conf.d/templates/server_name.template > /etc/nginx/conf.d/server_name.active\nexec nginx -g "daemon off;"\n',
      'avatar/nginx.conf': 'events {}\n',
      // The script its CMD names is missing from the context: nothing is read.
      'web/Dockerfile': 'FROM nginx:latest\nCOPY *.sh /\nCMD ["/cmd.sh"]\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
      writeFileSync(path.join(directory, name), text);
    }
    const facts = readProjectImageFacts(loadProject({ cwd: directory, environment: {} }));
    expect(facts.services['avatar']?.facts?.startedScripts).toEqual({ '/cmd.sh': files['avatar/cmd.sh'] });
    expect(facts.services['web']?.facts?.startedScripts).toBeUndefined();
    expect(facts.services['app']?.facts?.startedScripts).toEqual({ '/var/www/contrib/docker/start.apache.sh': files['app/contrib/docker/start.apache.sh'] });
  });
});
