/**
 * A service whose image runs a project script that ends with `exit` is a run-once task
 * (lib/k8s/workload/run-once/image-script-exit.ts): jeboehm/docker-mailserver's `ssl`.
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
  const directory = mkdtempSync(path.join(tmpdir(), 'image-script-exit-'));
  directories.push(directory);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    writeFileSync(path.join(directory, name), text);
  }
  const project = loadProject({ cwd: directory, environment: {}, projectName: 'mailserver' });
  const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
  const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
  const kindOf = (name: string): string | undefined =>
    manifests.find((manifest) => ['Deployment', 'Job', 'StatefulSet'].includes(manifest.kind) && manifest.metadata.labels?.['app.kubernetes.io/name'] === name)?.kind;
  return { kindOf, messages: plan.warnings.filter((warning) => warning.key === 'services.ssl').map((warning) => warning.message) };
}

const createTls = `#!/bin/sh
set -e
if [ -r \${SSL_CERT} ]
then
    echo "SSL certificate found. Exiting..."
    exit 0
fi
openssl req -nodes -newkey rsa:2048 -keyout \${SSL_KEY} -out \${SSL_CSR} -subj "/CN=\${MAILNAME}"
openssl x509 -req -days 3000 -in \${SSL_CSR} -signkey \${SSL_KEY} -out \${SSL_CERT}

exit 0
`;

const stack = (ssl: string, script = createTls) => ({
  'compose.yaml': `services:
  ssl:
${ssl}
    volumes: ["data-tls:/media/tls"]
  mta:
    image: jeboehm/mailserver-mta:4.0.0
    volumes: ["data-tls:/media/tls:ro"]
volumes:
  data-tls: {}
`,
  'ssl/Dockerfile': 'FROM alpine:3.20\nRUN apk --no-cache add openssl\nCOPY create_tls.sh /usr/local/bin\nCMD ["/usr/local/bin/create_tls.sh"]\n',
  'ssl/create_tls.sh': script,
});

describe("jeboehm/docker-mailserver's ssl service, whose image runs create_tls.sh", () => {
  it('runs as a Job, saying why', () => {
    const { kindOf, messages } = convert(stack('    image: jeboehm/mailserver-ssl:4.0.0\n    build: ./ssl'));
    expect(kindOf('ssl')).toBe('Job');
    expect(kindOf('mta')).toBe('Deployment');
    expect(messages).toContainEqual(expect.stringContaining("runs as a Job, once per change of its spec: its image runs the project's script /usr/local/bin/create_tls.sh, which ends with exit"));
  });

  it('stays a Deployment where the script ends by starting a server, compose gives it a command, or asks for restarts', () => {
    expect(convert(stack('    build: ./ssl', createTls.replace(/exit 0\n$/, 'exec crond -f\n'))).kindOf('ssl')).toBe('Deployment');
    expect(convert(stack('    build: ./ssl\n    command: ["sleep", "infinity"]')).kindOf('ssl')).toBe('Deployment');
    expect(convert(stack('    build: ./ssl\n    restart: always')).kindOf('ssl')).toBe('Deployment');
  });
});

/**
 * getodk/central's `secrets`: compose's command runs `./generate-secrets.sh`, which its image copies
 * from the build context, and the script ends with the `fi` of its last generator block, not `exit`.
 */
const generateSecrets = `#!/bin/bash -eu
set -o pipefail

if [ ! -f /etc/secrets/enketo-secret ]; then
  head -c1024 /dev/urandom | LC_ALL=C tr -dc '[:alnum:]' | head -c64 > /etc/secrets/enketo-secret
fi

if [ ! -f /etc/secrets/enketo-api-key ]; then
  head -c1024 /dev/urandom | LC_ALL=C tr -dc '[:alnum:]' | head -c128 > /etc/secrets/enketo-api-key
fi
`;

const odk = (script: string, command = "'./generate-secrets.sh'") => ({
  'compose.yaml': `services:
  ssl:
    build: {context: ., dockerfile: secrets.dockerfile}
    command: ${command}
    volumes: ["secrets:/etc/secrets"]
  enketo:
    image: ghcr.io/enketo/enketo-express:5.0.2
    depends_on: [ssl]
    volumes: ["secrets:/etc/secrets"]
volumes:
  secrets: {}
`,
  'secrets.dockerfile': 'FROM node:12.6.0\nCOPY files/enketo/generate-secrets.sh ./\n',
  'files/enketo/generate-secrets.sh': script,
});

describe("getodk/central's secrets service, whose command runs generate-secrets.sh, ending with fi", () => {
  it('runs as a Job, saying why', () => {
    const { kindOf, messages } = convert(odk(generateSecrets));
    expect(kindOf('ssl')).toBe('Job');
    expect(kindOf('enketo')).toBe('Deployment');
    expect(messages).toContainEqual(expect.stringContaining("its command runs the project's script /generate-secrets.sh, whose last statements (through a closing if … fi) run only programs that finish by themselves"));
  });

  it('stays a Deployment where a branch starts a server, or compose runs something else', () => {
    expect(convert(odk(generateSecrets.replace(/fi\n$/, 'else\n  exec node server.js\nfi\n'))).kindOf('ssl')).toBe('Deployment');
    expect(convert(odk(`${generateSecrets}exec node server.js >> /logs/server.log 2>&1\n`)).kindOf('ssl')).toBe('Deployment');
    expect(convert(odk(generateSecrets, '["node", "server.js"]')).kindOf('ssl')).toBe('Deployment');
  });
});
