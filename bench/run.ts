/**
 * `npm run bench [-- --json FILE] [-- --sizes 10,1000,5000] [-- --runs N] [-- --skip synth,startup,scale,each]`:
 * the performance figures of issues 7, 11 and 22, each printed as a ratio to a floor measured in the
 * same run on the same machine, the two run in turn (A B A B …) so that the machine's drift cancels:
 * - start-up: `bin/cdk8s-compose` run as users run it (a program: the start-up snapshot) on a
 *   10-service project and on each stack of ../shared/corpus/realworld, against `node -e 0` — time
 *   and peak memory; when the environment sets NODE_EXTRA_CA_CERTS (which Node 20 parses at every
 *   start, ~35 ms), once more with it unset for both, the floor of an environment without it;
 * - scale: generated estates of 10 to 5,000 services against the native floor (Node parsing the
 *   same compose tree and output objects as JSON and writing them) and the I/O floor (Node reading
 *   the project's files and writing the same output bytes), with peak memory and growth; up to 100
 *   services also the `yaml` floor of issue 11 (Node loading `yaml`, parsing the compose file and
 *   writing the same bytes);
 * - synth: `npm run synth` against `node --import tsx main.ts` and `npx cdk8s synth`.
 * See docs/performance.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { projectArgs } from '../tools/cluster/units.ts';
import { buildBundles } from './bundle.ts';
import { copyRepo } from './repo-copy.ts';
import { writeComposeProject } from './generate.ts';
import { benchEach, eachTable } from './each.ts';
import { measure, measurePair, peakMemoryAvailable, type Command, type Measurement, type Paired } from './measure.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const bin = join(repo, 'bin', 'cdk8s-compose');

interface StartFigure {
  readonly what: string;
  readonly paired: Paired;
}

/** NODE_EXTRA_CA_CERTS set (Node 20 reads and parses the certificates at every start) or unset. */
type Certificates = 'as set' | 'unset';

interface ScaleFigure {
  readonly services: number;
  readonly native: Paired;
  readonly io: Paired;
  /** Issue 11's floor for a small project (loading `yaml`, parsing the compose file, writing the bytes); up to 100 services. */
  readonly yaml?: Paired;
}

function machine(): Record<string, string | number> {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${type()} ${release()}`,
    loadAverage: loadavg()[0]!.toFixed(1),
  };
}

const nodeCommand = (args: readonly string[], cwd: string): Command => ({ command: node, args, cwd });
/** The CLI as users run it: a program (its start-up snapshot when it has one). */
const cliCommand = (args: readonly string[], cwd: string): Command => ({ command: bin, args, cwd });

function withoutCertificates(command: Command): Command {
  const { NODE_EXTRA_CA_CERTS: _unset, ...env } = process.env;
  return { ...command, env };
}

/** The manifests a conversion wrote, as JSON documents for the native floor. */
function outputDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .flatMap((doc) => ('toJS' in doc ? [doc.toJS({ maxAliasCount: -1 }) as unknown] : []));
}

function benchStartup(work: string, corpus: string, runs: number, certificates: Certificates): StartFigure[] {
  const environment = certificates === 'unset' ? withoutCertificates : (command: Command) => command;
  const pair = (command: Command) => measurePair(environment(command), environment(nodeCommand(['-e', '0'], work)), runs);
  const small = join(work, 'startup-10');
  writeComposeProject(small, 10);
  const figures: StartFigure[] = [
    { what: '`--version`', paired: pair(cliCommand(['--version'], small)) },
    { what: 'convert 10 services', paired: pair(cliCommand(['convert', '-f', 'compose.yaml', '-q'], small)) },
  ];
  let stacks: string[] = [];
  try {
    stacks = readdirSync(corpus).filter((name) => projectArgs(join(corpus, name)) !== undefined).sort();
  } catch {
    console.error(`${corpus}: not found; the realworld stacks are left out`);
  }
  for (const name of stacks) {
    const dir = join(corpus, name);
    const args = ['convert', ...projectArgs(dir)!, '-q'];
    figures.push({ what: `realworld/${name}`, paired: pair(cliCommand(args, dir)) });
  }
  return figures;
}

function benchScale(work: string, services: number, runs: number): ScaleFigure {
  const dir = join(work, `estate-${services}`);
  const project = join(dir, 'project');
  writeComposeProject(project, services);
  // `-o DIR` writes DIR/<project>.k8s.yaml.
  const convert = cliCommand(['convert', '-f', 'compose.yaml', '-q', '-o', join(dir, 'out')], project);
  const converted = join(dir, 'out', 'estate.k8s.yaml');
  measure(convert, 1);
  writeFileSync(join(dir, 'compose.json'), JSON.stringify(parse(readFileSync(join(project, 'compose.yaml'), 'utf8'))));
  writeFileSync(join(dir, 'documents.json'), JSON.stringify(outputDocuments(converted)));
  const native = nodeCommand([join(repo, 'bench', 'native-floor.mjs'), 'compose.json', 'documents.json', 'native-floor.out'], dir);
  const io = nodeCommand([join(repo, 'bench', 'io-floor.mjs'), project, converted, 'io-floor.out'], dir);
  const yamlFloor = nodeCommand([join(repo, 'bench', 'yaml-floor.mjs'), join(project, 'compose.yaml'), converted, 'yaml-floor.out'], dir);
  return {
    services,
    native: measurePair(convert, native, runs),
    io: measurePair(convert, io, runs),
    ...(services <= 100 ? { yaml: measurePair(convert, yamlFloor, runs) } : {}),
  };
}

const ms = (m: Measurement): string => `${Math.round(m.wallMs)} ms`;
const cpuMs = (m: Measurement): string => (m.cpuMs === undefined ? 'n/a' : `${Math.round(m.cpuMs)} ms`);
const mib = (m: Measurement): string => (m.peakMiB === undefined ? 'n/a' : `${Math.round(m.peakMiB)} MiB`);
const times = (ratio: number | undefined): string => (ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function printStartup(figures: readonly StartFigure[], certificates: Certificates): void {
  const floor = figures[0]!.paired.floor;
  const environment = certificates === 'unset' ? 'NODE_EXTRA_CA_CERTS unset for both' : `NODE_EXTRA_CA_CERTS ${process.env['NODE_EXTRA_CA_CERTS'] === undefined ? 'not set' : 'set'}`;
  console.log(`\`node -e 0\` (${environment}): ${ms(floor)} wall, ${cpuMs(floor)} CPU, ${mib(floor)} (its medians over the pairs of the first row)`);
  if (certificates === 'as set' && process.env['NODE_EXTRA_CA_CERTS'] !== undefined) {
    console.log('(`node -e 0` parses the certificates; bin/cdk8s-compose starts these commands without them, as they open no TLS connection)');
  }
  console.log();
  console.log(table(
    ['start-up, `bin/cdk8s-compose` as a program', 'wall', 'vs `node -e 0` (≤ 1.3× at 10 services, ≤ 1.5× per stack)', 'CPU', 'vs `node -e 0`', 'peak memory', 'vs `node -e 0` (≤ 1.2× at 10 services)'],
    figures.map(({ what, paired }) => [what, ms(paired.command), times(paired.wall), cpuMs(paired.command), times(paired.cpu), mib(paired.command), times(paired.peak)]),
  ));
}

function printScale(figures: readonly ScaleFigure[]): void {
  const at = (services: number) => figures.find((figure) => figure.services === services);
  console.log(table(
    ['services', 'convert wall', 'CPU', 'peak memory (≤ 200 MiB at 5,000)', 'native floor', 'vs native floor (≤ 3× at 1,000; wall, CPU)', 'I/O floor', 'vs I/O floor (wall, CPU)', 'peak vs native floor\'s (≤ 3× at 1,000)'],
    figures.map(({ services, native, io }) => [
      String(services), ms(native.command), cpuMs(native.command), mib(native.command), ms(native.floor),
      `${times(native.wall)}, ${times(native.cpu)}`, ms(io.floor), `${times(io.wall)}, ${times(io.cpu)}`, times(native.peak),
    ]),
  ));
  const [small, large] = [at(1000), at(5000)];
  const cpuGrowth = small?.native.command.cpuMs && large?.native.command.cpuMs ? `, CPU ${times(large.native.command.cpuMs / small.native.command.cpuMs)}` : '';
  if (small && large) console.log(`\nTime 1,000 → 5,000 services: wall ${times(large.native.command.wallMs / small.native.command.wallMs)}${cpuGrowth} (≤ 5×).`);
  for (const { services, yaml } of figures) {
    if (yaml) console.log(`\n${services} services against the \`yaml\` floor (Node loading \`yaml\`, parsing the compose file, writing the same bytes; ≤ 1.2× at 10): ${ms(yaml.command)} vs ${ms(yaml.floor)}, wall ${times(yaml.wall)}, CPU ${times(yaml.cpu)}.`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'string' }, sizes: { type: 'string' }, runs: { type: 'string' }, skip: { type: 'string' }, corpus: { type: 'string' } },
  });
  const sizes = (values.sizes ?? '10,100,1000,5000').split(',').map(Number);
  const runs = Number(values.runs ?? 5);
  const skip = new Set((values.skip ?? '').split(','));
  const corpus = resolve(values.corpus ?? join(repo, '..', 'shared', 'corpus', 'realworld'));
  const work = mkdtempSync(join(tmpdir(), 'cdk8s-compose-bench-'));
  try {
    // Built up front: the figures are for running the bundle and the snapshot, not for building them.
    await buildBundles(repo);
    const { ensureSnapshot } = (await import(pathToFileURL(join(repo, 'tools', 'snapshot.mjs')).href)) as { ensureSnapshot(): Promise<boolean> };
    const snapshot = await ensureSnapshot();
    const m = machine();
    console.log(`Machine: ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.os}, load average ${m.loadAverage} at the start` +
      `${peakMemoryAvailable ? '' : ' — /usr/bin/time missing: no peak memory'}` +
      `${snapshot ? '' : ' — no start-up snapshot could be built: plain starts'}\n`);
    const figures: Record<string, unknown> = { machine: m };
    if (!skip.has('startup')) {
      const startup = benchStartup(work, corpus, runs, 'as set');
      figures['startup'] = startup;
      printStartup(startup, 'as set');
      console.log();
      if (process.env['NODE_EXTRA_CA_CERTS'] !== undefined) {
        const unset = benchStartup(work, corpus, runs, 'unset');
        figures['startupWithoutExtraCaCerts'] = unset;
        printStartup(unset, 'unset');
        console.log();
      }
    }
    if (!skip.has('scale')) {
      mkdirSync(join(work, 'scale'));
      const scale = sizes.map((services) => benchScale(join(work, 'scale'), services, services >= 5000 ? Math.min(runs, 3) : runs));
      figures['scale'] = scale;
      printScale(scale);
      console.log();
    }
    // Many small projects: one process (`convert --each`) against one process per project.
    const awesomeCompose = join(dirname(corpus), 'awesome-compose');
    if (!skip.has('each') && !existsSync(awesomeCompose)) console.error(`${awesomeCompose}: not found; the --each figure is left out`);
    else if (!skip.has('each')) {
      const each = benchEach(repo, awesomeCompose, work);
      figures['each'] = each;
      console.log(`${eachTable(each)}\n`);
    }
    if (!skip.has('synth')) {
      // Synth runs in a copy: the bench must not rewrite the dist/ others are working on.
      const copy = join(work, 'repo');
      copyRepo(repo, copy);
      await buildBundles(copy);
      const npmSynth: Command = { command: 'npm', args: ['run', '--silent', 'synth'], cwd: copy };
      const tsx = measurePair(nodeCommand(['--import', 'tsx', 'main.ts'], copy), npmSynth, 3);
      const cdk8s = measurePair({ command: 'npx', args: ['--no-install', 'cdk8s', 'synth'], cwd: copy }, npmSynth, 3);
      figures['synth'] = { tsx, cdk8s };
      console.log(table(['synth of all systems and environments', 'wall', 'peak memory', 'vs `npm run synth`'], [
        ['`npm run synth` (precompiled, as users run it)', ms(tsx.floor), mib(tsx.floor), '1.00×'],
        ['`node --import tsx main.ts`', ms(tsx.command), mib(tsx.command), times(tsx.wall)],
        ['`npx cdk8s synth`', ms(cdk8s.command), mib(cdk8s.command), times(cdk8s.wall)],
      ]));
    }
    if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
