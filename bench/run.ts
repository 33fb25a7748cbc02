/**
 * `npm run bench [-- --json FILE] [-- --sizes 10,100]`: the performance figures of issues 7, 11 and
 * 22, all measured in this one run on this machine, printed as markdown tables. Convert is compared
 * with three floors measured beside it: the native floor (JSON in, JSON out: the least Node can do
 * with the same data), the yaml floor (Node with the `yaml` package parsing the same compose file
 * and writing the same bytes) and Node's own start (`node -e 0`, time and peak memory).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { buildBundles } from './bundle.ts';
import { copyRepo } from './repo-copy.ts';
import { writeComposeProject } from './generate.ts';
import { benchEach, eachTable } from './each.ts';
import { measure, peakMemoryAvailable, type Command, type Measurement } from './measure.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;

interface ConvertFigures {
  readonly services: number;
  /** `bin/cdk8s-compose convert`, as users run it. */
  readonly cli: Measurement;
  readonly nativeFloor: Measurement;
  readonly yamlFloor: Measurement;
}

function machine(): Record<string, string | number> {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${type()} ${release()}`,
  };
}

function nodeCommand(args: readonly string[], cwd: string): Command {
  return { command: node, args, cwd };
}

/** The one file `convert -o` wrote. */
function outputFile(outDir: string): string {
  const [file] = readdirSync(outDir).filter((name) => name.endsWith('.yaml'));
  if (!file) throw new Error(`${outDir}: convert wrote no YAML file`);
  return join(outDir, file);
}

/** The manifests `convert -o` wrote, as JSON documents for the native floor. */
function outputDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .flatMap((doc) => ('toJS' in doc ? [doc.toJS({ maxAliasCount: -1 }) as unknown] : []));
}

function benchConvert(work: string, services: number): ConvertFigures {
  const dir = join(work, `estate-${services}`);
  mkdirSync(dir, { recursive: true });
  writeComposeProject(dir, services);
  const runs = services >= 5000 ? 1 : 3;
  const cli = measure(nodeCommand([join(repo, 'bin', 'cdk8s-compose'), 'convert', '-f', 'compose.yaml', '-o', 'out'], dir), runs);
  const converted = outputFile(join(dir, 'out'));
  writeFileSync(join(dir, 'compose.json'), JSON.stringify(parse(readFileSync(join(dir, 'compose.yaml'), 'utf8'))));
  writeFileSync(join(dir, 'documents.json'), JSON.stringify(outputDocuments(converted)));
  const nativeFloor = measure(
    nodeCommand([join(repo, 'bench', 'native-floor.mjs'), 'compose.json', 'documents.json', 'native-floor.out'], dir),
    runs,
  );
  const yamlFloor = measure(nodeCommand([join(repo, 'bench', 'yaml-floor.mjs'), 'compose.yaml', converted, 'yaml-floor.out'], dir), runs);
  return { services, cli, nativeFloor, yamlFloor };
}

const ms = (m: Measurement): string => `${Math.round(m.wallMs)} ms`;
const mib = (m: Measurement): string => (m.peakMiB === undefined ? 'n/a' : `${Math.round(m.peakMiB)} MiB`);
const times = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** Time ratio to the previous size; for steps other than 10×, also scaled to a 10× step. */
function growth(previous: ConvertFigures, current: ConvertFigures): string {
  const factor = current.services / previous.services;
  const ratio = current.cli.wallMs / previous.cli.wallMs;
  const per10 = ratio ** (1 / Math.log10(factor));
  return factor === 10 ? times(ratio, 1) : `${times(ratio, 1)} for ${factor}× (≙ ${times(per10, 1)} per 10×)`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'string' }, sizes: { type: 'string' } } });
  const sizes = (values.sizes ?? '10,100,1000,5000').split(',').map(Number);
  const work = mkdtempSync(join(tmpdir(), 'cdk8s-compose-bench-'));
  try {
    // Synth runs in a copy: the bench must not rewrite the dist/ others are working on.
    const copy = join(work, 'repo');
    copyRepo(repo, copy);
    // Built up front: the figures are for running the precompiled entry points, not for building them.
    await buildBundles(copy);
    await buildBundles(repo);
    const synth = {
      npm: measure({ command: 'npm', args: ['run', '--silent', 'synth'], cwd: copy }, 3),
      tsx: measure(nodeCommand(['--import', 'tsx', 'main.ts'], copy), 3),
    };
    const nodeStart = measure(nodeCommand(['-e', '0'], work), 5);
    const convert = sizes.map((n) => benchConvert(work, n));
    const cdk8sCli = measure({ command: 'npx', args: ['--no-install', 'cdk8s', 'synth'], cwd: copy }, 3);
    const each = benchEach(repo, join(repo, '..', 'shared', 'corpus', 'awesome-compose'), work);
    const figures = { machine: machine(), synth, nodeStart, convert, cdk8sCli, each };

    const m = figures.machine;
    console.log(`Machine: ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.os}` +
      `${peakMemoryAvailable ? '' : ' — /usr/bin/time missing: no peak memory'}\n`);
    console.log(table(['synth of all systems and environments', 'wall', 'peak memory', 'vs npm run synth'], [
      ['`npm run synth` (precompiled, as users run it)', ms(synth.npm), mib(synth.npm), '1.00×'],
      ['`node --import tsx main.ts`', ms(synth.tsx), mib(synth.tsx), times(synth.tsx.wallMs, synth.npm.wallMs)],
      ['`npx cdk8s synth`', ms(cdk8sCli), mib(cdk8sCli), times(cdk8sCli.wallMs, synth.npm.wallMs)],
    ]));
    console.log();
    const rss = (m: Measurement): string =>
      (m.peakMiB === undefined || nodeStart.peakMiB === undefined ? 'n/a' : times(m.peakMiB, nodeStart.peakMiB));
    console.log(`\`node -e 0\`: ${ms(nodeStart)}, ${mib(nodeStart)}\n`);
    console.log(table(
      ['services', 'convert wall', 'peak memory (at 5,000: ≤ 300 MiB; issue 22: ≤ 200 MiB)', 'growth (linear: ≤ 10× per 10×)',
        'native floor', 'vs native floor (target ≤ 3× at 1,000)', 'yaml floor', 'vs yaml floor (target ≤ 1.2× at 10)',
        'vs `node -e 0` (issue 22: ≤ 1.3× at 10)', 'peak vs `node -e 0` (issue 22: ≤ 1.2× at 10)'],
      convert.map((c, i) => {
        const previous = convert[i - 1];
        return [String(c.services), ms(c.cli), mib(c.cli), previous ? growth(previous, c) : '—',
          ms(c.nativeFloor), times(c.cli.wallMs, c.nativeFloor.wallMs), ms(c.yamlFloor), times(c.cli.wallMs, c.yamlFloor.wallMs),
          times(c.cli.wallMs, nodeStart.wallMs), rss(c.cli)];
      }),
    ));
    console.log(`\n${eachTable(each)}`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
