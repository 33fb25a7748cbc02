/**
 * A build FROM an image another service of the project builds starts from that build: its command,
 * user, external base and files. Ninjaclasher/dmoj-docker's static image builds FROM dmoj-site-base
 * (the `base` service's build, FROM debian:buster-slim, no CMD) and fills /assets with `RUN cp`: it
 * inherits Debian's `bash`, which exits at once, and Docker fills its `assets` volume with what it
 * copied there. Seen as an image of unknown command with no files, it ran as a Deployment in
 * CrashLoopBackOff and nginx served an empty claim (until 2026-12-07).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/compose/load.ts';
import { placedFiles } from '../../lib/images/dockerfile/copies.ts';
import { parseDockerfile } from '../../lib/images/dockerfile/parse.ts';
import { readProjectImageFacts, referencesToLock } from '../../lib/images/project-facts.ts';
import { translate } from '../../lib/k8s/translate.ts';
import type { Json } from '../k8s/support/compose-text.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function load(files: Record<string, string>) {
  const directory = mkdtempSync(path.join(tmpdir(), 'project-base-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  return loadProject({ cwd: directory, environment: {}, projectName: 'dmoj' });
}

const DMOJ = {
  'compose.yaml': `services:
  base:
    build: { context: ., dockerfile: ./base/Dockerfile }
    image: dmoj-site-base
  static:
    build: { context: ., dockerfile: ./static/Dockerfile }
    image: dmoj-site-static
    volumes: ["assets:/assets/"]
    depends_on: [base]
  site:
    build: { context: ., dockerfile: ./site/Dockerfile }
    image: dmoj-site
    volumes: ["assets:/assets/"]
    depends_on: [static]
volumes:
  assets: {}
`,
  'base/Dockerfile': 'FROM debian:buster-slim\nRUN apt-get update && apt-get install -y python3\nCOPY scripts/ /usr/local/share/dmoj/\n',
  'static/Dockerfile': 'FROM dmoj-site-base:latest\nCOPY repo/ /site/\nWORKDIR /site/\nRUN mkdir /assets/\nRUN python3 manage.py collectstatic --noinput\nRUN cp -r resources /assets/ && cp 502.html /assets/\n',
  'site/Dockerfile': 'FROM dmoj-site-base:latest\nEXPOSE 8000\nENTRYPOINT uwsgi --ini uwsgi.ini\n',
};

describe('a build FROM an image the project builds', () => {
  it("starts from that build's facts: its external base, command, user and files", () => {
    const facts = readProjectImageFacts(load(DMOJ), undefined).services;
    expect(facts['static']?.facts?.baseImage).toBe('debian:buster-slim');
    expect(facts['static']?.facts?.config.cmd).toBeUndefined();
    expect(facts['static']?.facts?.placedFiles).toEqual(['/assets', '/site', '/usr/local/share/dmoj']);
    expect(facts['site']?.facts?.baseImage).toBe('debian:buster-slim');
    expect(facts['site']?.facts?.config.exposedPorts).toEqual([{ port: 8000, protocol: 'tcp' }]);
  });

  it("keeps the base build's resolved user, and a USER of its own replaces it", () => {
    const files = {
      ...DMOJ,
      'base/Dockerfile': 'FROM debian:bookworm\nRUN useradd -u 1234 judge\nUSER judge\n',
      'site/Dockerfile': 'FROM dmoj-site-base\nUSER 0\n',
    };
    const facts = readProjectImageFacts(load(files), undefined).services;
    expect(facts['static']?.facts?.config.user).toMatchObject({ spec: 'judge', uid: 1234 });
    expect(facts['site']?.facts?.config.user).toMatchObject({ spec: '0', uid: 0 });
  });

  it("is named by compose's default image name too", () => {
    const files = {
      'compose.yaml': 'services:\n  a:\n    build: a\n  b:\n    build: b\n',
      'a/Dockerfile': 'FROM alpine:3.20\nCMD ["serve"]\n',
      'b/Dockerfile': 'FROM dmoj-a\n',
    };
    const facts = readProjectImageFacts(load(files), undefined).services;
    expect(facts['b']?.facts?.config.cmd).toEqual(['serve']);
    expect(facts['b']?.facts?.baseImage).toBe('alpine:3.20');
  });

  it('reads a chain that comes back to itself (which no build can make) without end', () => {
    const files = {
      'compose.yaml': 'services:\n  a:\n    build: a\n    image: loop-a\n  b:\n    build: b\n    image: loop-b\n',
      'a/Dockerfile': 'FROM loop-b\nCMD ["serve"]\n',
      'b/Dockerfile': 'FROM loop-a\n',
    };
    const facts = readProjectImageFacts(load(files), undefined).services;
    expect(facts['a']?.facts?.config.cmd).toEqual(['serve']);
    expect(facts['b']?.facts?.baseImage).toBe('loop-a');
  });

  it('locks the external image the chain starts from, never the project image', () => {
    expect(referencesToLock(load(DMOJ))).toEqual(['docker.io/library/debian:buster-slim']);
  });

  it("runs once when it inherits a distribution's shell, and fills its volume with the files its RUN copied", () => {
    const project = load(DMOJ);
    const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
    const manifests = plan.entries.map((entry) => entry.manifest as Json);
    const job = manifests.find((manifest) => manifest.kind === 'Job' && manifest.metadata.labels['app.kubernetes.io/name'] === 'static');
    expect(job).toBeDefined();
    expect(job.spec.template.spec.initContainers.map((init: Json) => init.name)).toContain('image-files-assets');
  });
});

describe('where a RUN script puts files', () => {
  const placed = (dockerfile: string) => [...placedFiles(parseDockerfile(dockerfile, 'Dockerfile'))].sort();

  it('are the destinations of cp and mv, absolute or against WORKDIR, and -t', () => {
    expect(placed('FROM alpine\nWORKDIR /site\nRUN cp -r resources /assets/ && cp 502.html /assets/\nRUN mv build out\nRUN cp -t /srv/www a b\n')).toEqual(['/assets', '/assets', '/site/out', '/srv/www']);
  });

  it('are not a destination a variable names, a pattern, a relative one after cd, nor mkdir, or one operand', () => {
    expect(placed('FROM alpine\nWORKDIR /site\nRUN cp a $DEST && cp a "${X}/b" && mkdir /assets && cp -r /a/* && cd /tmp && cp a b && mv x /out/*\n')).toEqual([]);
  });
});
