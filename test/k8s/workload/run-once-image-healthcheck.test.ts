/**
 * A task-shaped service whose image has a HEALTHCHECK is meant to stay up: ftgo-application's
 * `dynamodblocal-init` creates its table, touches /tables-created and sleeps in a loop, and its
 * Dockerfile's HEALTHCHECK reports it done. As a Job it never finished, and the service that depends
 * on it waited for that Job for ever.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import type { Json } from '../support/compose-text.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function convert(files: Record<string, string>) {
  const directory = mkdtempSync(path.join(tmpdir(), 'run-once-image-healthcheck-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  const project = loadProject({ cwd: directory, environment: {}, projectName: 'ftgo' });
  const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
  const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
  return { kinds: (name: string): string[] => manifests.filter((manifest) => manifest.metadata?.name?.startsWith(name) && ['Deployment', 'Job'].includes(manifest.kind)).map((manifest) => manifest.kind), messages: plan.warnings.map((warning) => warning.message) };
}

const stack = (dockerfile: string, healthcheck = '') => ({
  'compose.yaml': `services:
  dynamodblocal:
    image: amazon/dynamodb-local:2.5.2
    ports: ["8000:8000"]
  dynamodblocal-init:
    build: ./dynamodblocal-init
    depends_on: [dynamodblocal]
    restart: on-failure
${healthcheck}  ftgo-order-history-service:
    image: x/order-history:1
    ports: ["8086:8080"]
    depends_on: [dynamodblocal, dynamodblocal-init]
`,
  'dynamodblocal-init/Dockerfile': dockerfile,
  'dynamodblocal-init/create-tables.sh': '#!/bin/sh\naws dynamodb create-table --cli-input-json file://t.json\ntouch /tables-created\nwhile true; do sleep 3600; done\n',
});

const CHECKED = 'FROM python:3.12-alpine\nCOPY create-tables.sh .\nHEALTHCHECK --interval=10s CMD [[ -f /tables-created ]]\nCMD ./create-tables.sh\n';

describe('a task-named service whose image has a HEALTHCHECK', () => {
  it('stays a Deployment, probed by that check, and its dependant does not wait for a Job', () => {
    const { kinds, messages } = convert(stack(CHECKED));
    expect(kinds('dynamodblocal-init')).toEqual(['Deployment']);
    expect(messages.join('\n')).not.toContain('runs as a Job');
    expect(messages.join('\n')).not.toContain("waits until its Job has finished");
  });

  it('is a Job where compose disables the check, or the image has none', () => {
    expect(convert(stack(CHECKED, '    healthcheck:\n      disable: true\n')).kinds('dynamodblocal-init')).toEqual(['Job']);
    expect(convert(stack('FROM python:3.12-alpine\nCOPY create-tables.sh .\nCMD ./create-tables.sh\n')).kinds('dynamodblocal-init')).toEqual(['Job']);
    expect(convert(stack('FROM python:3.12-alpine\nHEALTHCHECK NONE\nCMD ./create-tables.sh\n')).kinds('dynamodblocal-init')).toEqual(['Job']);
  });
});
