/**
 * The ports an image EXPOSEs for its CMD, not credited to a service whose command replaces that CMD
 * (simple-login/app's email handler, built from the webapp's Dockerfile).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../../lib/images/project-facts.ts';
import { translate } from '../../../../lib/k8s/translate.ts';
import { replacedCommandPorts } from '../../../../lib/k8s/networking/wiring/replaced-command-ports.ts';
import type { ImageConfig } from '../../../../lib/images/facts.ts';
import { makeService } from '../../../support/model.ts';
import type { Json } from '../../support/compose-text.ts';

const gunicorn: ImageConfig = {
  exposedPorts: [{ port: 7777, protocol: 'tcp' }],
  cmd: ['gunicorn', 'wsgi:app', '-b', '0.0.0.0:7777', '-w', '2'],
  labels: {},
};

describe('replacedCommandPorts', () => {
  it('is the port the CMD binds when the command replaces it without naming the port', () => {
    expect([...replacedCommandPorts(makeService('email-handler', { command: ['python', 'email_handler.py'] }), gunicorn)]).toEqual([7777]);
  });

  it('is empty where the container runs the CMD, or its command names the port', () => {
    expect(replacedCommandPorts(makeService('webapp'), gunicorn).size).toBe(0);
    expect(replacedCommandPorts(makeService('dev', { command: ['flask', 'run', '--port=7777'] }), gunicorn).size).toBe(0);
    expect(replacedCommandPorts(makeService('dev', { command: ['gunicorn', 'wsgi:app', '-b', ':7777', '--reload'] }), gunicorn).size).toBe(0);
  });

  it('is empty where what runs holds a variable, or the CMD names no port (an entrypoint script binds it)', () => {
    expect(replacedCommandPorts(makeService('dev', { command: ['sh', '-c', 'flask run --port $PORT'] }), gunicorn).size).toBe(0);
    const script: ImageConfig = { exposedPorts: [{ port: 8080, protocol: 'tcp' }], entrypoint: ['/entrypoint.sh'], cmd: ['serve'], labels: {} };
    expect(replacedCommandPorts(makeService('worker', { command: ['worker'] }), script).size).toBe(0);
  });

  it('counts the image ENTRYPOINT that still runs, but not one compose replaces', () => {
    const wrapped: ImageConfig = { ...gunicorn, entrypoint: ['tini', '--', 'serve', '--listen=7777'], cmd: ['--bind=0.0.0.0:7777'] };
    expect(replacedCommandPorts(makeService('a', { command: ['--workers=4'] }), wrapped).size).toBe(0);
    expect([...replacedCommandPorts(makeService('b', { entrypoint: ['python', 'handler.py'] }), wrapped)]).toEqual([7777]);
  });
});

describe('replacedCommandPorts of an image without CMD, whose ENTRYPOINT script runs its arguments', () => {
  // laravel/sail's runtimes: no CMD, EXPOSE 80, and start-container, which serves the app (through
  // supervisord) without arguments and runs them instead when given.
  const sail: ImageConfig = { exposedPorts: [{ port: 80, protocol: 'tcp' }], entrypoint: ['start-container'], labels: {} };
  const startContainer = '#!/usr/bin/env bash\nif [ $# -gt 0 ]; then\n    exec gosu $WWWUSER "$@"\nelse\n    exec /usr/bin/supervisord -c /etc/supervisor/conf.d/supervisord.conf\nfi\n';

  it('is the EXPOSEd port where compose gives it a program that names none (the queue worker)', () => {
    expect([...replacedCommandPorts(makeService('queue', { command: ['php', 'artisan', 'queue:listen'] }), sail, [startContainer])]).toEqual([80]);
    expect([...replacedCommandPorts(makeService('q', { command: ['php', 'artisan', 'queue:work'] }), sail, ['#!/bin/sh\nset -e\nexec "$@"\n'])]).toEqual([80]);
  });

  it('is empty without a command, for options, a program naming the port, a script that passes them to its own program, or none read', () => {
    expect(replacedCommandPorts(makeService('app'), sail, [startContainer]).size).toBe(0);
    expect(replacedCommandPorts(makeService('app', { command: ['--verbose'] }), sail, [startContainer]).size).toBe(0);
    expect(replacedCommandPorts(makeService('app', { command: ['php', 'artisan', 'serve', '--port=80'] }), sail, [startContainer]).size).toBe(0);
    expect(replacedCommandPorts(makeService('app', { command: ['--workers', '4'] }), sail, ['#!/bin/sh\nexec gunicorn app "$@"\n']).size).toBe(0);
    expect(replacedCommandPorts(makeService('app', { command: ['worker'] }), sail, ['#!/bin/sh\nexec gunicorn app "$@"\n']).size).toBe(0);
    expect(replacedCommandPorts(makeService('queue', { command: ['php', 'artisan', 'queue:listen'] }), sail).size).toBe(0);
  });
});

describe("laravel/sail's queue worker, of the app's runtime image, with a command of its own", () => {
  const { object } = convert({
    'compose.yaml': 'services:\n  app:\n    build: ./runtime\n    image: sail-8.1/app\n  queue:\n    build: ./runtime\n    image: sail-8.1/app\n    command: php artisan queue:listen\n',
    'runtime/Dockerfile': 'FROM ubuntu:24.04\nCOPY start-container /usr/local/bin/start-container\nEXPOSE 80/tcp\nENTRYPOINT ["start-container"]\n',
    'runtime/start-container': '#!/usr/bin/env bash\nif [ $# -gt 0 ]; then\n    exec gosu $WWWUSER "$@"\nelse\n    exec /usr/bin/supervisord -c /etc/supervisor/conf.d/supervisord.conf\nfi\n',
  });

  it('gets no readiness probe on the port only the app serves, which keeps it', () => {
    expect(object('Deployment', 'queue').spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(object('Deployment', 'app').spec.template.spec.containers[0].readinessProbe).toEqual(expect.objectContaining({ tcpSocket: { port: 80 } }));
  });
});

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function convert(files: Record<string, string>) {
  const directory = mkdtempSync(path.join(tmpdir(), 'replaced-command-ports-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  const project = loadProject({ cwd: directory, environment: {}, projectName: 'simplelogin' });
  const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
  const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
  const object = (kind: string, name: string): Json => manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  return { object };
}

describe("simple-login's email handler, built from the webapp's Dockerfile with a command of its own", () => {
  const { object } = convert({
    'compose.yaml': `services:
  nginx:
    image: nginx:1.27
    ports: ["80:80"]
    command: ["sh", "-c", "echo 'proxy_pass http://webapp:7777/;' > /tmp/x && nginx -g 'daemon off;'"]
  webapp:
    build: .
  email-handler:
    build: .
    command: python email_handler.py
`,
    Dockerfile: 'FROM python:3.12-slim\nWORKDIR /code\nCOPY . .\nEXPOSE 7777\nCMD ["gunicorn","wsgi:app","-b","0.0.0.0:7777","-w","2"]\n',
    'wsgi.py': 'app = None\n',
  });

  it('gets no Service port nor readiness probe on the port only gunicorn serves', () => {
    const handler = object('Deployment', 'email-handler').spec.template.spec.containers[0];
    expect(handler.readinessProbe).toBeUndefined();
    expect(handler.ports).toBeUndefined();
    expect(object('Service', 'email-handler').spec.ports ?? []).toEqual([]);
  });

  it('while the webapp, which runs the CMD, keeps it', () => {
    const webapp = object('Deployment', 'webapp').spec.template.spec.containers[0];
    expect(webapp.readinessProbe).toEqual(expect.objectContaining({ tcpSocket: { port: 7777 } }));
    expect(object('Service', 'webapp').spec.ports).toEqual([expect.objectContaining({ port: 7777 })]);
  });
});
