import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_REGISTRY } from '../../charts/system.ts';
import { runCli } from '../../lib/cli/main.ts';
import { repoRoot } from '../support/k8s.ts';
import type { CliIO } from '../../lib/cli/io.ts';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: process.cwd(),
    env: {},
  };
  const code = await runCli(['team-dashboard', ...args], io);
  return { code, stdout, stderr };
}

const team = ['--exercise', 'ex1', '--team', 'blue', '--name', 'Team Blue', '--color', '#00f'];

describe('cdk8s-compose team-dashboard', () => {
  it('prints the Job and the Service as two YAML documents', async () => {
    const { code, stdout, stderr } = await cli(...team, '-n', 'scip');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [job, service] = parseAllDocuments(stdout).map((doc) => doc.toJS());
    expect(job).toMatchObject({ kind: 'Job', metadata: { name: 'td-ex1-blue', namespace: 'scip' } });
    expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'TEAM_COLOR', value: '#00f' });
    expect(service).toMatchObject({ kind: 'Service', metadata: { name: 'td-ex1-blue', namespace: 'scip' } });
    expect(service.metadata.ownerReferences).toBeUndefined();
  });

  it('passes image, memory and CPU through, and omits the namespace unless given', async () => {
    const { stdout } = await cli(...team, '--image', 'registry.example/td:2.0.0', '--memory', '512Mi', '--cpu', '0.5');
    const job = parseAllDocuments(stdout)[0]?.toJS();
    const container = job.spec.template.spec.containers[0];
    expect(job.metadata.namespace).toBeUndefined();
    expect(container.image).toBe('registry.example/td:2.0.0');
    expect(container.resources).toEqual({ requests: { cpu: '0.5', memory: '512Mi' }, limits: { cpu: '0.5', memory: '512Mi' } });
  });

  it("with the chart's registry, runs the image of the prod template in dist/; --max-seconds sets the deadline", async () => {
    const template = parseAllDocuments(readFileSync(join(repoRoot, 'dist/prod/scip.k8s.yaml'), 'utf8'))
      .map((doc) => doc.toJS())
      .find((doc) => doc?.kind === 'CronJob' && doc.metadata.name === 'team-dashboard');
    const { stdout } = await cli(...team, '--image-registry', IMAGE_REGISTRY, '--max-seconds', '604800');
    const job = parseAllDocuments(stdout)[0]?.toJS();
    expect(job.spec.template.spec.containers[0].image).toBe(template.spec.jobTemplate.spec.template.spec.containers[0].image);
    expect(job.spec.activeDeadlineSeconds).toBe(604800);
    expect((await cli(...team, '--max-seconds', '8h')).code).toBe(2);
  });

  it('keeps ids that YAML 1.1 reads as booleans or numbers strings', async () => {
    const { stdout } = await cli('--exercise', '2024', '--team', 'on', '--name', 'On', '--color', 'red');
    const job = parseAllDocuments(stdout, { version: '1.1' })[0]?.toJS();
    expect(job.metadata.labels).toMatchObject({ 'scip.exercise': '2024', 'scip.team': 'on' });
  });

  it('with --route-domain also prints the team\'s Ingress, host <name>.<domain>, as the manager creates it', async () => {
    const { code, stdout, stderr } = await cli(...team, '-n', 'scip', '--route-domain', 'dash.example.com', '--route-class', 'nginx', '--route-tls-secret', 'dash-tls');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const ingress = parseAllDocuments(stdout).map((doc) => doc.toJS())[2];
    expect(ingress).toMatchObject({
      kind: 'Ingress',
      metadata: { name: 'td-ex1-blue', namespace: 'scip' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['td-ex1-blue.dash.example.com'], secretName: 'dash-tls' }],
        rules: [{ host: 'td-ex1-blue.dash.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'td-ex1-blue' } } }] } }],
      },
    });
    expect((await cli(...team, '--route-class', 'nginx')).code).toBe(2);
    expect((await cli(...team, '--route-domain', 'Bad Domain')).stderr).toBe("error: route.domain: 'Bad Domain' is not a lowercase DNS domain\n");
  });

  it('exits 1 with one line on bad input, printing nothing', async () => {
    const result = await cli('--exercise', 'ex 1', '--team', 'blue', '--name', 'Blue', '--color', 'blue');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "error: exercise: 'ex 1' is not a valid Kubernetes label value: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit\n",
    });
    expect((await cli(...team, '--memory', '256m')).stderr).toBe("error: memoryLimit: '256m' means millibytes in Kubernetes; write 256Mi\n");
  });

  it('exits 2 with one line and a --help hint on a missing or unknown option', async () => {
    const missing = await cli('--exercise', 'ex1', '--team', 'blue', '--name', 'Blue');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("cdk8s-compose team-dashboard: --color is required; see 'cdk8s-compose team-dashboard --help'\n");
    const unknown = await cli(...team, '--colour', 'red');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    expect((await cli(...team, 'extra')).code).toBe(2);
    expect(missing.stdout + unknown.stdout).toBe('');
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--exercise ID');
  });

  it('refuses a namespace that is not a DNS label, an empty one included, and quantities Kubernetes cannot hold (issue 17)', async () => {
    const namespace = "error: namespace: '%s' is not a valid namespace: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit\n";
    for (const bad of ['Bad', 'a b', 'a'.repeat(64), 'a-', 'a.b']) {
      expect(await cli(...team, '-n', bad)).toEqual({ code: 1, stdout: '', stderr: namespace.replace('%s', bad) });
    }
    expect(await cli(...team, '-n', '')).toEqual({ code: 1, stdout: '', stderr: 'error: namespace: must not be empty\n' });
    expect(await cli(...team, '--memory', '99999999999999999999Gi')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: memoryLimit: '99999999999999999999Gi' is larger than Kubernetes can represent (8Ei)\n",
    });
    expect(await cli(...team, '--cpu', '99999999999999999999')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: cpu: '99999999999999999999' is larger than Kubernetes can represent\n",
    });
    expect((await cli(...team, '--cpu', '1.5m')).code).toBe(1);
    expect((await cli(...team, '-n', 'team-7', '--memory', '1Ti', '--cpu', '64')).code).toBe(0);
  });
});
