/**
 * Issue 13 item 1 over the real stacks of ../shared/corpus/realworld, converted as their users
 * would (the CLI with each folder's arguments): every service another one waits for with
 * service_completed_successfully runs as exactly one Job, never as a long-running workload, and its
 * command never runs as an init container of other pods.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCli } from '../../../lib/cli/main.ts';
import { projectArgs } from '../../../tools/cluster/units.ts';
import { noticeSkip, sharedDir } from '../../support/k8s.ts';

// Compose and manifests as plain JSON.
type Json = any;

const corpus = join(sharedDir, 'corpus', 'realworld');
const available = existsSync(corpus);
noticeSkip(available, 'run-once tasks over ../shared/corpus/realworld');

async function cli(argv: readonly string[], cwd: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd, env: {} });
  if (code !== 0) throw new Error(`${argv.join(' ')} in ${cwd}: ${stderr}`);
  return stdout;
}

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const words = (container: Json): string => JSON.stringify([...(container.command ?? []), ...(container.args ?? [])]);

describe.skipIf(!available)('../shared/corpus/realworld: run-once tasks', () => {
  const projects = available ? readdirSync(corpus).filter((name) => statSync(join(corpus, name)).isDirectory()).sort() : [];
  let targetsSeen = 0;

  test.each(projects)('%s', async (name) => {
    const dir = join(corpus, name);
    const args = projectArgs(dir) ?? [];
    const config = parse(await cli(['config', ...args], dir)) as Json;
    const targets = new Set<string>();
    for (const service of Object.values<Json>(config.services ?? {})) {
      for (const [target, dependency] of Object.entries<Json>(service.depends_on ?? {})) {
        if (dependency.condition === 'service_completed_successfully') targets.add(target);
      }
    }
    targetsSeen += targets.size;
    const docs: Json[] = parseAllDocuments(await cli(['convert', ...args, '--stdout'], dir)).map((doc) => doc.toJSON()).filter(Boolean);
    const pods = docs.filter((doc) => doc.spec?.template?.spec).map((doc) => ({ doc, spec: doc.spec.template.spec }));
    const ofService = (target: string) => docs.filter((doc) => doc.metadata?.labels?.['app.kubernetes.io/name'] === target.toLowerCase().replace(/[_.]/g, '-'));
    const problems: string[] = [];
    for (const target of [...targets].sort()) {
      const objects = ofService(target);
      const longRunning = objects.filter((doc) => LONG_RUNNING.has(doc.kind)).map((doc) => `${doc.kind}/${doc.metadata.name}`);
      if (longRunning.length > 0) problems.push(`${target} is long-running: ${longRunning.join(', ')}`);
      const jobs = objects.filter((doc) => doc.kind === 'Job');
      if (jobs.length !== 1) problems.push(`${target} runs as ${jobs.length} Jobs`);
      const task = jobs[0]?.spec.template.spec.containers[0];
      if (!task) continue;
      const reruns = pods.filter(({ spec }) => (spec.initContainers ?? []).some((init: Json) => init.image === task.image && words(init) === words(task)));
      if (reruns.length > 0) problems.push(`${target} also runs as an init container of ${reruns.map(({ doc }) => `${doc.kind}/${doc.metadata.name}`).join(', ')}`);
      const waiters = pods.filter(({ spec }) => (spec.initContainers ?? []).some((init: Json) => (init.command ?? []).includes(`job/${jobs[0].metadata.name}`)));
      const dependents = Object.values<Json>(config.services).filter((service) => service.depends_on?.[target]?.condition === 'service_completed_successfully');
      if (waiters.length !== dependents.length) problems.push(`${target}: ${dependents.length} services wait for it, ${waiters.length} pods wait for its Job`);
    }
    expect(problems).toEqual([]);
  });

  test('the corpus has run-once tasks to check (airflow-init, twenty\'s change-vol-ownership)', () => {
    expect(targetsSeen).toBeGreaterThanOrEqual(2);
  });
});
