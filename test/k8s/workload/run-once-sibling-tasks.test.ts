/**
 * A service written as one of the project's completion targets is (an image of the same maker, no
 * command, entrypoint or restart, its named volumes at the same paths) is a task too
 * (lib/k8s/workload/run-once/sibling-tasks.ts): Greenbone's community containers ship each feed as a
 * data container that fills its volume at /mnt and exits; gvmd and openvasd wait for the others with
 * service_completed_successfully, but nothing waits for `notus-data`, which was a Deployment that
 * Kubernetes restarted after every exit, in CrashLoopBackOff.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { siblingTaskSign } from '../../../lib/k8s/workload/run-once/sibling-tasks.ts';
import type { Json } from '../support/compose-text.ts';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function convert(compose: string) {
  const directory = mkdtempSync(path.join(tmpdir(), 'run-once-sibling-tasks-'));
  directories.push(directory);
  writeFileSync(path.join(directory, 'compose.yaml'), compose);
  const plan = translate(loadProject({ cwd: directory, environment: {}, projectName: 'greenbone' }));
  const manifests = plan.entries.map((entry) => entry.manifest) as Json[];
  const kind = (name: string): string | undefined =>
    manifests.find((manifest) => ['Deployment', 'Job', 'StatefulSet', 'CronJob'].includes(manifest.kind) && manifest.metadata.labels?.['app.kubernetes.io/name'] === name)?.kind;
  return { kind, messages: plan.warnings.map((warning) => warning.message) };
}

const greenbone = (notus: string, feed = 'registry.community.greenbone.net/community/vulnerability-tests') => `services:
  vulnerability-tests:
    image: ${feed}
    volumes:
      - vt_data_vol:/mnt
  gpg-data:
    image: ${feed.replace('vulnerability-tests', 'gpg-data').replace(':17', ':11')}
    volumes:
      - gpg_data_vol:/mnt
  notus-data:
${notus}
  openvasd:
    image: registry.community.greenbone.net/community/openvas-scanner:stable
    restart: on-failure
    volumes:
      - vt_data_vol:/var/lib/openvas/plugins
      - notus_data_vol:/var/lib/notus
      - gpg_data_vol:/etc/openvas/gnupg
    depends_on:
      vulnerability-tests:
        condition: service_completed_successfully
      gpg-data:
        condition: service_completed_successfully
volumes:
  vt_data_vol:
  gpg_data_vol:
  notus_data_vol:
`;

const notusData = `    image: registry.community.greenbone.net/community/notus-data
    volumes:
      - notus_data_vol:/mnt/`;

describe('a data container written as a completion target of the same maker is', () => {
  it('a Job, said with the task it is written like', () => {
    const { kind, messages } = convert(greenbone(notusData));
    expect(kind('vulnerability-tests')).toBe('Job');
    expect(kind('notus-data')).toBe('Job');
    expect(kind('openvasd')).toBe('Deployment');
    expect(messages.join('\n')).toContain("it is written like 'gpg-data', 'vulnerability-tests', tasks others wait for to complete");
  });

  it('nor beside a single target of that shape: one task is no family', () => {
    const single = greenbone(notusData).replace(/  gpg-data:\n    image: [^\n]*\n    volumes:\n      - gpg_data_vol:\/mnt\n/, '').replace(/      gpg-data:\n        condition: service_completed_successfully\n/, '').replace('      - gpg_data_vol:/etc/openvas/gnupg\n', '');
    expect(single).not.toContain('gpg-data');
    expect(convert(single).kind('notus-data')).toBe('Deployment');
  });

  it.each([
    ['with a command of its own', `${notusData}\n    command: ["notus-server"]`],
    ['asking for a restart', `${notusData}\n    restart: unless-stopped`],
    ['with its volume at another path', notusData.replace('/mnt/', '/var/lib/notus')],
    ['of another maker', notusData.replace('registry.community.greenbone.net/community/', 'ghcr.io/other/')],
    ['with a terminal kept open', `${notusData}\n    tty: true`],
  ])('not %s', (_, notus) => {
    expect(convert(greenbone(notus)).kind('notus-data')).toBe('Deployment');
  });

  it('nor beside a target that is an official image, which shares no maker', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'run-once-sibling-tasks-'));
    directories.push(directory);
    const official = greenbone(notusData.replace('registry.community.greenbone.net/community/notus-data', 'eclipse-temurin:21'), 'eclipse-temurin:17');
    writeFileSync(path.join(directory, 'compose.yaml'), official);
    const project = loadProject({ cwd: directory, environment: {}, projectName: 'greenbone' });
    expect(siblingTaskSign(project, project.services['notus-data']!)).toBeUndefined();
    writeFileSync(path.join(directory, 'compose.yaml'), greenbone(notusData));
    const greenboneProject = loadProject({ cwd: directory, environment: {}, projectName: 'greenbone' });
    expect(siblingTaskSign(greenboneProject, greenboneProject.services['notus-data']!)).toContain("'gpg-data', 'vulnerability-tests'");
    // Greenbone has seven feed containers: two are named, the others counted.
    const scap = `  scap-data:\n    image: registry.community.greenbone.net/community/scap-data\n    volumes:\n      - scap_data_vol:/mnt\n  openvasd:`;
    writeFileSync(path.join(directory, 'compose.yaml'), greenbone(notusData).replace('  openvasd:', scap).replace('      gpg-data:\n        condition', '      scap-data:\n        condition: service_completed_successfully\n      gpg-data:\n        condition').replace('  notus_data_vol:', '  notus_data_vol:\n  scap_data_vol:'));
    const three = loadProject({ cwd: directory, environment: {}, projectName: 'greenbone' });
    expect(siblingTaskSign(three, three.services['notus-data']!)).toContain("it is written like 'gpg-data', 'scap-data' and 1 more, tasks");
  });
});
