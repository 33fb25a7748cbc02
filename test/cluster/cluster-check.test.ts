/**
 * `npm run cluster:check` as users run it: its own cluster, a compose project converted first and a
 * manifest file taken as it is; exit 1 with the problems listed when anything does not work.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/k8s.ts';

const work = mkdtempSync(join(tmpdir(), 'cluster-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function clusterCheck(args: readonly string[]) {
  return spawnSync('npm', ['run', '--silent', 'cluster:check', '--', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
}

describe('npm run cluster:check', () => {
  it('says what works and what does not, and exits 1', () => {
    const project = join(work, 'shop');
    const compose = join(project, 'compose.yaml');
    mkdirSync(project);
    writeFileSync(compose, 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  cache:\n    image: redis:7\n');
    const broken = join(work, 'broken.yaml');
    writeFileSync(broken, [
      'apiVersion: v1', 'kind: Namespace', 'metadata: {name: broken}', '---',
      'apiVersion: v1', 'kind: PersistentVolumeClaim', 'metadata: {name: shared, namespace: broken}',
      'spec: {accessModes: [ReadWriteMany], resources: {requests: {storage: 1Gi}}}', '',
    ].join('\n'));
    // A relative PATH is relative to where npm was started (here the repository), an absolute one as it is.
    const run = clusterCheck(['--timeout', '60', relative(repoRoot, project), broken]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toContain(`${relative(repoRoot, project)}: ok, everything is running\n`);
    expect(run.stdout).toContain(`${broken}: 1 problem(s)\n  broken: PersistentVolumeClaim/shared: Pending: no pod uses it`);
    expect(run.status).toBe(1);
  });

  // windmill's compose file ships its optional indexer with deploy.replicas: 0: its claim and its
  // Service were reported as problems, and the project as not working.
  it('takes a workload compose scales to zero as intended: its claim and Service are no problem', () => {
    const project = join(work, 'optional');
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '  indexer:',
      '    image: nginx:1.27',
      '    deploy: {replicas: 0}',
      '    expose: ["8001"]',
      '    volumes: ["index:/var/cache/nginx"]',
      'volumes:',
      '  index: {}',
      '',
    ].join('\n'));
    const run = clusterCheck(['--timeout', '60', project]);
    expect(run.stdout).toContain(`${project}: ok, everything is running\n`);
    expect(run.status).toBe(0);
  });

  it('exits 2 on bad usage', () => {
    const run = clusterCheck(['--timeout', 'soon']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^cluster:check: --timeout needs a number of seconds/);
  });
});
