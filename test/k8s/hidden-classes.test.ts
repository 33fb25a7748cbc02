import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../compose/support/shared.ts';

/**
 * Node 20's V8 keeps at most 1,536 transitions per hidden class, and gives each object a hidden
 * class of its own when its shape is first met after the table is full, or when it is made by a
 * literal that starts with a spread. Either makes loading and translating a large estate slower
 * than linear (lib/name-records.ts). This converts, in a process that may ask V8, an estate with
 * more distinct names than that table holds, in every place names become keys, and checks that
 * objects of one kind share their hidden class.
 */
const SERVICES = 2_000;

function diverseEstate(): string {
  const lines = ['name: diverse', 'services:'];
  for (let index = 0; index < SERVICES; index++) {
    lines.push(
      `  app${index}:`,
      `    image: example/app${index}:1`,
      '    environment:',
      `      VAR_${index}_URL: http://x${index}`,
      '    labels:',
      `      com.example.label${index}: "v"`,
      '    networks:',
      `      net${index}: {}`,
      '    ports:',
      `      - "${10_000 + index}:80"`,
      '    secrets:',
      `      - sec${index}`,
      '    configs:',
      `      - source: conf${index}`,
      `        target: /etc/conf${index}.ini`,
      '    volumes:',
      `      - vol${index}:/data`,
      '    cap_add: [CHOWN, SETUID]',
      '    deploy:',
      '      labels:',
      `        deploy${index}: x`,
      '    logging:',
      '      driver: json-file',
      '      options:',
      `        option${index}: "1"`,
      ...(index > 0 ? ['    depends_on:', `      app${Math.floor((index - 1) / 2)}:`, '        condition: service_started'] : []),
    );
  }
  lines.push('networks:', ...Array.from({ length: SERVICES }, (_, index) => `  net${index}: {}`));
  lines.push('volumes:', ...Array.from({ length: SERVICES }, (_, index) => `  vol${index}:\n    labels:\n      volume${index}: x`));
  lines.push('secrets:', ...Array.from({ length: SERVICES }, (_, index) => `  sec${index}:\n    file: ./secret.txt`));
  lines.push('configs:', ...Array.from({ length: SERVICES }, (_, index) => `  conf${index}:\n    content: "key${index}=1"`));
  return `${lines.join('\n')}\n`;
}

const directory = mkdtempSync(path.join(tmpdir(), 'hidden-classes-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('hidden classes of a large estate', () => {
  it('are shared by the objects of each kind, from loading to the plan', { timeout: 60_000 }, () => {
    writeFileSync(path.join(directory, 'compose.yaml'), diverseEstate());
    writeFileSync(path.join(directory, 'secret.txt'), 'Vq8-secret-value\n');
    const module = (file: string): string => JSON.stringify(pathToFileURL(path.join(repoRoot, file)).href);
    const script = `
      const { loadProject } = await import(${module('lib/compose/load.ts')});
      const { translate } = await import(${module('lib/k8s/translate.ts')});
      const same = new Function('a', 'b', 'return %HaveSameMap(a, b)');
      let fresh = 0;
      // A key no object had: two new objects given it share a class unless {}'s table is full.
      const freshObjectsShare = () => { const key = 'probe' + fresh++; const a = {}, b = {}; a[key] = 1; b[key] = 2; return same(a, b); };
      const project = loadProject({ cwd: ${JSON.stringify(directory)} });
      const afterLoading = freshObjectsShare();
      const plan = translate(project);
      const kinds = (kind) => plan.entries.map((entry) => entry.manifest).filter((manifest) => manifest.kind === kind);
      const [, first, second] = kinds('Deployment');
      const { services, volumes, networks, secrets, configs } = project;
      console.log(JSON.stringify({
        afterLoading,
        afterTranslation: freshObjectsShare(),
        services: same(services.app1, services.app2),
        logging: same(services.app1.logging, services.app2.logging),
        volumes: same(volumes.vol1, volumes.vol2),
        networks: same(networks.net1, networks.net2),
        secrets: same(secrets.sec1, secrets.sec2),
        configs: same(configs.conf1, configs.conf2),
        deployments: same(first, second),
        podSpecs: same(first.spec.template.spec, second.spec.template.spec),
        containers: same(first.spec.template.spec.containers[0], second.spec.template.spec.containers[0]),
        probes: same(first.spec.template.spec.containers[0].readinessProbe, second.spec.template.spec.containers[0].readinessProbe),
        serviceObjects: same(kinds('Service')[1], kinds('Service')[2]),
      }));
    `;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).toBe('');
    const shared = JSON.parse(run.stdout) as Record<string, boolean>;
    expect(Object.entries(shared).filter(([, sharing]) => !sharing).map(([kind]) => kind)).toEqual([]);
    expect(Object.keys(shared)).toHaveLength(13);
  });
});
