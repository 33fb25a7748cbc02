/**
 * MeshyMcMapface agents authenticate (issue 16): the server's [api_keys] and every agent's api_key come
 * from the one Secret agent-api-key, and each agent reports its own id. The containers' exact commands
 * run here with python3 (the images' python): render_config.py and the config templates are taken
 * from the emitted ConfigMaps, the key file is what the Secret mounts, the environment is the
 * container's (the downward API's node name resolved), and the two programs are replaced by one that
 * reads the rendered --config with configparser, as mmm-server.py and the agent's ConfigManager do.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { meshymcmapface } from '../../charts/meshymcmapface/index.ts';
import { findObject, type Manifest } from '../support/k8s.ts';
import { container, envOf, podSpec, synthSystem, workload, workloads, type Container } from './manifests.ts';

const pythonAvailable = spawnSync('python3', ['--version']).status === 0;
if (!pythonAvailable) console.warn('[skip] MeshyMcMapface config rendering: python3 not installed');

const SECRET = 'agent-api-key';
const KEY_PATH = '/run/secrets/agent_api_key';
const NODE_NAME = 'radio-node-7';

/** Prints the sections of the file after --config as JSON, read like the applications read it. */
const READER = `
import configparser, json, sys
config = configparser.ConfigParser()
path = sys.argv[sys.argv.index("--config") + 1]
if not config.read(path): sys.exit("no config at " + path)
print(json.dumps({"argv": sys.argv[1:], "sections": {s: dict(config.items(s)) for s in config.sections()}}))
`;

const work = mkdtempSync(join(tmpdir(), 'meshy-keys-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The text a mount shows: the ConfigMap key behind the volume mounted at `path`. */
function mountedConfigText(docs: readonly Manifest[], name: string, path: string): string {
  const mount = container(docs, name).volumeMounts?.find((m) => m.mountPath === path);
  const volume = podSpec(workload(docs, name)).volumes?.find((v) => v.name === mount?.name) as
    | { configMap?: { name: string; items: { key: string }[] } }
    | undefined;
  if (!volume?.configMap) throw new Error(`${name}: ${path} is not mounted from a ConfigMap`);
  const data = findObject(docs, 'ConfigMap', volume.configMap.name)['data'] as Record<string, string>;
  const text = data[volume.configMap.items[0]?.key ?? ''];
  if (text === undefined) throw new Error(`${name}: ConfigMap ${volume.configMap.name} lacks the mounted key`);
  return text;
}

function secretMountedAt(docs: readonly Manifest[], name: string, path: string): string | undefined {
  const mount = container(docs, name).volumeMounts?.find((m) => m.mountPath === path);
  const volume = podSpec(workload(docs, name)).volumes?.find((v) => v.name === mount?.name) as { secret?: { secretName: string } } | undefined;
  return volume?.secret?.secretName;
}

function containerEnvironment(c: Container): Record<string, string> {
  return Object.fromEntries(
    (c.env ?? []).map((v) => [v.name, v.valueFrom?.fieldRef?.fieldPath === 'spec.nodeName' ? NODE_NAME : (v.value ?? '')]),
  );
}

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  readonly sections: Record<string, Record<string, string>>;
  readonly argv: readonly string[];
}

/** The container's command with its files in a scratch folder, the key file holding `key`. */
function runContainer(docs: readonly Manifest[], name: string, key: string, environment: Record<string, string> = {}): Run {
  const c = container(docs, name);
  const [interpreter, script, template, ...program] = c.command ?? [];
  expect([interpreter, script, program.slice(0, 1)]).toEqual(['python', '/config/render_config.py', ['python']]);
  const dir = mkdtempSync(join(work, `${name}-`));
  const files = { script: join(dir, 'render_config.py'), template: join(dir, basename(template ?? '')), key: join(dir, 'key'), reader: join(dir, 'reader.py') };
  writeFileSync(files.script, mountedConfigText(docs, name, script ?? ''));
  writeFileSync(files.template, mountedConfigText(docs, name, template ?? ''));
  writeFileSync(files.key, key);
  writeFileSync(files.reader, READER);
  mkdirSync(join(dir, 'tmp'));
  const env = { ...containerEnvironment(c), API_KEY_FILE: files.key, TMPDIR: join(dir, 'tmp'), PATH: process.env['PATH'] ?? '', ...environment };
  const result = spawnSync('python3', [files.script, files.template, 'python3', files.reader, ...(c.args ?? [])], { env, encoding: 'utf8' });
  const report = result.status === 0 ? (JSON.parse(result.stdout) as Pick<Run, 'sections' | 'argv'>) : { sections: {}, argv: [] };
  return { status: result.status, stderr: result.stderr, ...report };
}

const KEY = 'c0ffee0123456789abcdef0123456789';

describe.each(['dev', 'prod', 'multi-agent'])('meshymcmapface %s: every agent authenticates with the server', (environment) => {
  const docs = synthSystem(meshymcmapface, environment);
  const agents = workloads(docs).map((w) => w.metadata.name).filter((name) => name !== 'server');

  it('mounts the one Secret agent-api-key into the server and every agent, at the path API_KEY_FILE names', () => {
    expect(agents.length).toBeGreaterThan(0);
    for (const name of ['server', ...agents]) {
      expect(secretMountedAt(docs, name, KEY_PATH), name).toBe(SECRET);
      expect(envOf(container(docs, name))['API_KEY_FILE']?.value, name).toBe(KEY_PATH);
    }
    // The config files (ConfigMaps) hold only the key's placeholder.
    const configFiles = docs.filter((d) => d.kind === 'ConfigMap').flatMap((d) => Object.entries(d['data'] as Record<string, string>));
    const keyLines = configFiles.filter(([file]) => file.endsWith('.ini')).flatMap(([, text]) => text.split('\n').filter((line) => /^(api_key|agents) =/.test(line)));
    expect(keyLines.length).toBe(agents.length + 1);
    for (const line of keyLines) expect(line).toMatch(/ = \$\{API_KEY\}$/);
  });

  it.skipIf(!pythonAvailable)("renders the server's [api_keys] and each agent's api_key from that key, and each agent's own id", () => {
    const server = runContainer(docs, 'server', `${KEY}\n`);
    expect(server.status, server.stderr).toBe(0);
    expect(server.argv).toEqual(['--log-level', 'INFO', '--config', expect.stringMatching(/server_config\.ini$/)]);
    const accepted = Object.values(server.sections['api_keys'] ?? {});
    expect(accepted).toEqual([KEY]);
    for (const name of agents) {
      const agent = runContainer(docs, name, KEY);
      expect(agent.status, agent.stderr).toBe(0);
      // mmm-server.py: `api_key not in self.api_keys.values()` answers 401.
      expect(accepted).toContain(agent.sections['server_primary']?.['api_key']);
      expect(agent.sections['server_primary']?.['url']).toBe('http://server:8082');
      const expectedId = environment === 'prod' ? NODE_NAME : environment === 'dev' ? 'agent-001' : name;
      expect(agent.sections['agent']?.['id'], name).toBe(expectedId);
      // The sections and keys the agent's ConfigManager requires.
      expect(Object.keys(agent.sections)).toEqual(expect.arrayContaining(['agent', 'meshtastic', 'server_primary']));
      expect(Number(agent.sections['agent']?.['location_lat'])).not.toBeNaN();
    }
  });

  it.skipIf(!pythonAvailable)('refuses to start with an empty key or an empty agent id, in one line naming it', () => {
    const empty = runContainer(docs, 'server', '\n');
    expect(empty.status).not.toBe(0);
    expect(empty.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^render_config: the API key in .* is empty/)]);
    const withoutId = runContainer(docs, agents[0] ?? '', KEY, { AGENT_ID: '' });
    if (environment === 'multi-agent') {
      // Each of section 3.2's agents has its own config file, its id written in it.
      expect(withoutId.status, withoutId.stderr).toBe(0);
    } else {
      expect(withoutId.status).not.toBe(0);
      expect(withoutId.stderr.trim().split('\n')).toEqual([expect.stringMatching(/needs the variable AGENT_ID, which is unset or empty$/)]);
    }
  });
});
