/**
 * Issue 18 item 5 and issue 22 item 3: a monorepo's small stacks converted by one process
 * (`convert --each`) against one process per stack, as a shell loop would run them. The stacks are
 * the awesome-compose corpus copied under new names (a project name must not repeat), so both ways
 * convert the same real compose files; the bench checks that both write byte-identical manifests.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultComposeFile } from '../lib/compose/load.ts';
import { measure, type Measurement } from './measure.ts';

export interface EachFigures {
  readonly stacks: number;
  /** `convert --each -o out @list` over every stack. */
  readonly oneProcess: Measurement;
  /** `convert -o out` once per stack, one after another. */
  readonly processes: Measurement;
}

/** Target of issue 22 item 3: one process takes at most this share of the time of one process per stack. */
export const EACH_TARGET = 1 / 20;

/** Writes `count` stacks below `root`, cycling through the corpus; returns their directory names. */
function writeStacks(corpus: string, root: string, count: number): string[] {
  const sources = readdirSync(corpus).sort().flatMap((name) => {
    const file = defaultComposeFile(join(corpus, name));
    return file ? [{ name: name.toLowerCase(), directory: join(corpus, name), file }] : [];
  });
  if (sources.length === 0) throw new Error(`${corpus}: no compose projects`);
  return Array.from({ length: count }, (_, index) => {
    const source = sources[index % sources.length]!;
    const name = `stack-${String(index).padStart(4, '0')}-${source.name}`;
    cpSync(source.directory, join(root, name), { recursive: true });
    // A project that names itself would repeat its name in every copy.
    const file = join(root, name, source.file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^name:.*$/m, `name: ${name}`));
    return name;
  });
}

function runChecked(command: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${args.join(' ')} in ${cwd} exited ${result.status}: ${(result.stderr ?? '').slice(-2000)}`);
}

/** Both ways over the same stacks. */
export function benchEach(repo: string, corpus: string, work: string, count = 500): EachFigures {
  const root = join(work, 'each');
  const names = writeStacks(corpus, join(root, 'stacks'), count);
  writeFileSync(join(root, 'stacks.txt'), `${names.map((name) => `stacks/${name}`).join('\n')}\n`);
  const cli = join(repo, 'bin', 'cdk8s-compose');
  const oneProcess = measure({ command: process.execPath, args: [cli, 'convert', '--each', '-q', '-o', 'out-each', '@stacks.txt'], cwd: root }, 3);
  // The runs above filled the OS file cache and the bundle's code cache for these too.
  const start = process.hrtime.bigint();
  for (const name of names) runChecked(process.execPath, [cli, 'convert', '-q', '-o', join(root, 'out-loop', name)], join(root, 'stacks', name));
  const processes: Measurement = { wallMs: Number(process.hrtime.bigint() - start) / 1e6 };
  for (const name of names) {
    const one = readFileSync(join(root, 'out-each', name, `${name}.k8s.yaml`));
    if (!one.equals(readFileSync(join(root, 'out-loop', name, `${name}.k8s.yaml`)))) throw new Error(`${name}: --each and a process of its own wrote different manifests`);
  }
  return { stacks: count, oneProcess, processes };
}

/** The markdown table `npm run bench` prints. */
export function eachTable(figures: EachFigures): string {
  const ratio = figures.oneProcess.wallMs / figures.processes.wallMs;
  const ms = (m: Measurement): string => `${Math.round(m.wallMs)} ms`;
  return [
    `| ${figures.stacks} awesome-compose stacks | wall | per stack | share of one process per stack (target ≤ ${EACH_TARGET}) |`,
    '| --- | --- | --- | --- |',
    `| one process: \`convert --each -o out @list\` | ${ms(figures.oneProcess)} | ${(figures.oneProcess.wallMs / figures.stacks).toFixed(1)} ms | ${ratio.toFixed(3)} (1/${Math.round(1 / ratio)}) ${ratio <= EACH_TARGET ? 'met' : 'NOT met'} |`,
    `| one process per stack: \`convert -o out\` | ${ms(figures.processes)} | ${(figures.processes.wallMs / figures.stacks).toFixed(1)} ms | 1 |`,
  ].join('\n');
}
