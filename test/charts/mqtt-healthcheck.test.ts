/**
 * The MQTT brokers' health checks pass (issue 16): a real mosquitto (Debian's package) runs with the
 * chart's configuration file on 127.0.0.1, its listeners moved to free ports, and the exact exec
 * command of the emitted probes must exit 0. The same command fails without the health listener (the
 * document's configuration) and against the authenticated listener, so the check can fail.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modax } from '../../charts/modax/index.ts';
import { scip } from '../../charts/scip/index.ts';
import type { SystemDefinition } from '../../charts/system.ts';
import { freePort } from '../reference/support/registry.ts';
import { waitForPort } from './container-root.ts';
import { container, synthSystem } from './manifests.ts';

const mosquittoAvailable = ['mosquitto', 'mosquitto_sub'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
if (!mosquittoAvailable) {
  console.warn('[skip] MQTT health checks against a real broker: mosquitto and mosquitto_sub not installed (apt-get install mosquitto mosquitto-clients)');
}

interface Broker {
  readonly system: SystemDefinition;
  readonly service: string;
  /** The folder whose files the broker's /mosquitto/config holds (mounted by compose or copied by the Dockerfile). */
  readonly configDir: string;
}

const brokers: readonly Broker[] = [
  { system: modax, service: 'mosquitto', configDir: join(modax.directory, 'mosquitto') },
  { system: scip, service: 'mqtt', configDir: join(scip.directory, 'mqtt') },
];

const HEALTH_PORT = 1880;
const MAIN_PORT = 1883;

/** The configuration with every listener on a free loopback port and /mosquitto/ under `root`. */
function rewriteConfig(text: string, ports: ReadonlyMap<number, number>, root: string): string {
  return text
    .replace(/^listener (\d+)\b.*$/gm, (_line, port: string) => {
      const free = ports.get(Number(port));
      if (free === undefined) throw new Error(`no free port for listener ${port}`);
      return `listener ${free} 127.0.0.1`;
    })
    .replaceAll('/mosquitto/', `${root}/`);
}

/** The probe command with its `-p N` aimed at the port N was moved to (`-p` as its own argument or inside a shell line). */
function rewriteCommand(command: readonly string[], ports: ReadonlyMap<number, number>): string[] {
  const moved = (port: string): string => String(ports.get(Number(port)) ?? port);
  return command.map((arg, i) =>
    command[i - 1] === '-p' ? moved(arg) : arg.replace(/(-p\s+)(\d+)/g, (_m, flag: string, port: string) => flag + moved(port)),
  );
}

function exitCode(command: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(command[0]!, command.slice(1), { timeout: 20_000 }, (error) => {
      resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0);
    });
  });
}

const running: ChildProcess[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const broker of running.splice(0)) broker.kill();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Starts mosquitto with `config` (the chart's text), its files from `configDir`; returns where 1880 and 1883 went. */
async function startBroker(config: string, configDir: string): Promise<Map<number, number>> {
  const root = mkdtempSync(join(tmpdir(), 'mqtt-health-'));
  folders.push(root);
  const ports = new Map<number, number>();
  for (const match of config.matchAll(/^listener (\d+)/gm)) ports.set(Number(match[1]), await freePort());
  for (const dir of ['config', 'data', 'log']) mkdirSync(join(root, dir));
  // Files the configuration names under /mosquitto/config: the chart's, or empty like a fresh placeholder.
  for (const match of config.matchAll(/\/mosquitto\/config\/(\S+)/g)) {
    const name = match[1]!;
    const shipped = join(configDir, name);
    writeFileSync(join(root, 'config', name), existsSync(shipped) ? readFileSync(shipped) : '');
  }
  const file = join(root, 'config', 'mosquitto.conf');
  writeFileSync(file, rewriteConfig(config, ports, root));
  // Started as root, mosquitto drops to its own user, which must still read and write these.
  for (const dir of ['', 'config', 'data', 'log']) chmodSync(join(root, dir), 0o777);
  const broker = spawn('mosquitto', ['-c', file], { stdio: 'ignore' });
  running.push(broker);
  await Promise.all([...ports.values()].map((port) => waitForPort(port)));
  return ports;
}

describe.runIf(mosquittoAvailable).each(brokers)('$system.name: the broker health check against a real mosquitto', (broker) => {
  const charted = readFileSync(join(broker.configDir, 'mosquitto.conf'), 'utf8');

  it.each(['dev', 'prod'])('%s: every probe command of the emitted manifests exits 0', async (environment) => {
    const c = container(synthSystem(broker.system, environment), broker.service);
    const commands = [c.startupProbe, c.readinessProbe, c.livenessProbe].flatMap((probe) => (probe?.exec ? [probe.exec.command] : []));
    expect(commands.length).toBeGreaterThan(0);
    const ports = await startBroker(charted, broker.configDir);
    for (const command of commands) {
      expect(command.join(' ')).toContain(`-p ${HEALTH_PORT}`);
      expect(await exitCode(rewriteCommand(command, ports)), command.join(' ')).toBe(0);
    }
  });

  it('fails against the document\'s configuration, and against the authenticated listener', async () => {
    const command = container(synthSystem(broker.system, 'dev'), broker.service).readinessProbe?.exec?.command ?? [];
    // The listener block up to the next blank line: what the document (SCIP: the earlier placeholder) had.
    const documented = charted.replace(new RegExp(`^listener ${HEALTH_PORT} [^\\n]*\\n(?:[^\\n]+\\n?)*`, 'm'), '');
    expect(documented).not.toContain(`listener ${HEALTH_PORT}`);
    const withoutHealthListener = await startBroker(documented, broker.configDir);
    // The health listener's port is not open: aim at a free one nobody listens on.
    withoutHealthListener.set(HEALTH_PORT, await freePort());
    expect(await exitCode(rewriteCommand(command, withoutHealthListener))).not.toBe(0);

    const ports = await startBroker(charted, broker.configDir);
    const atMain = new Map([[HEALTH_PORT, ports.get(MAIN_PORT)!]]);
    expect(await exitCode(rewriteCommand(command, atMain))).not.toBe(0);
  });
});
