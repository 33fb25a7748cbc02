/** Where a build copies its context: the evidence that an image carries the project's code at a path. */
import { describe, expect, it } from 'vitest';
import { contextCopies } from '../../lib/images/dockerfile/copies.ts';
import { copiesOnlyDependencyManifests, isDependencyManifest } from '../../lib/images/dockerfile/dependency-manifests.ts';
import { parseDockerfile } from '../../lib/images/dockerfile/parse.ts';

const destinations = (text: string, target?: string) => contextCopies(parseDockerfile(text, 'Dockerfile'), target).map((copy) => copy.destination);

describe('the destinations of the build context in an image', () => {
  it('resolve COPY and ADD against WORKDIR, exec form included', () => {
    expect(destinations('FROM node:20\nWORKDIR /app\nCOPY package.json ./\nWORKDIR src\nADD ["a b", "."]\nCOPY --chown=1000 x /opt/x\n')).toEqual(['/app', '/app/src', '/opt/x']);
  });

  it('leave out COPY --from, heredocs and what a variable names (not evaluated: no evidence rather than a guess)', () => {
    expect(destinations('FROM node:20\nWORKDIR $HOME/app\nCOPY . .\nCOPY --from=build /out /srv\nCOPY x ${DEST}\nCOPY <<EOF /etc/motd\nhi\nEOF\nCOPY y /abs\n')).toEqual(['/abs']);
  });

  it('are those of the target stage and the stages it is built from, not of other stages', () => {
    const text = 'FROM node:20 AS base\nWORKDIR /app\nCOPY package.json .\nFROM base AS dev\nCOPY . .\nFROM node:20 AS prod\nCOPY dist /srv\n';
    expect(destinations(text)).toEqual(['/srv']);
    expect(destinations(text, 'dev')).toEqual(['/app', '/app']);
    expect(destinations(text, 'missing')).toEqual([]);
  });

  it('include the stages the target copies from: a production stage built from the code a build stage copied', () => {
    const text = 'FROM node:18 AS development\nWORKDIR /app\nCOPY . .\nFROM development AS build\nRUN npm run build\nFROM nginx:1.27 AS production\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nCOPY --from=build /app/dist /usr/share/nginx/html\n';
    expect(destinations(text, 'production')).toEqual(['/etc/nginx/conf.d/default.conf', '/app']);
    expect(destinations('FROM nginx:1.27\nCOPY --from=busybox:1.36 /bin/sh /bin/sh\n')).toEqual([]);
  });
});

describe('dependency manifests among the copies of the build context', () => {
  const copies = (text: string) => contextCopies(parseDockerfile(text, 'Dockerfile')).map((copy) => [copy.destination, copiesOnlyDependencyManifests(copy)]);

  it('are the copies of manifests and lock files alone, patterns naming them included', () => {
    expect(copies('FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt /app/\nCOPY --chown=1000 ["package*.json", "yarn.lock", "./"]\nCOPY requirements/ ./requirements/\nCOPY Gemfile Gemfile.lock ./\n')).toEqual([
      ['/app', true],
      ['/app', true],
      ['/app/requirements', true],
      ['/app', true],
    ]);
  });

  it('are not copies of the context, of a folder, of other files or of a pattern that may match code', () => {
    expect(copies('FROM node:20\nWORKDIR /app\nCOPY . .\nCOPY src ./src\nCOPY package.json server.js ./\nCOPY *.json ./\nCOPY entrypoint.sh /entrypoint.sh\n')).toEqual([
      ['/app', false],
      ['/app/src', false],
      ['/app', false],
      ['/app', false],
      ['/entrypoint.sh', false],
    ]);
  });

  it('name a manifest by its base name, in a folder or with a trailing slash', () => {
    expect(['backend/requirements-dev.txt', 'go.sum', 'pnpm-lock.yaml', 'constraints.txt', 'requirements/'].every(isDependencyManifest)).toBe(true);
    expect(['app.py', 'requirements.py', 'package.yaml', '*.lock', '.'].some(isDependencyManifest)).toBe(false);
  });
});
