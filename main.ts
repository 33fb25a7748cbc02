/**
 * The cdk8s app of the five documented systems: writes <env>/<system>.k8s.yaml and
 * <env>/kustomization.yaml into cdk8s' output folder (CDK8S_OUTDIR, which `cdk8s synth` sets from
 * cdk8s.yaml, `-o` or `--stdout`), or into dist/ when run on its own (`npm run synth`), as a cdk8s App
 * does. Warnings (what was not translated, and why) go to stderr; bad input ends in one error line,
 * exit code 1 and the previous output folder left as it was.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systems } from './charts/index.ts';
import { renderDist, type SystemWarning } from './charts/dist.ts';
import { writeDirectoryAtomic } from './lib/k8s/output/synth.ts';
import { ComposeError, formatLocation } from './lib/compose/errors.ts';
import type { SourceLocation } from './lib/compose/model.ts';

const root = path.dirname(fileURLToPath(import.meta.url));
const outdir = process.env['CDK8S_OUTDIR'] ? path.resolve(process.env['CDK8S_OUTDIR']) : path.join(root, 'dist');

function relative(location: SourceLocation): SourceLocation {
  return { ...location, file: path.relative(process.cwd(), location.file) };
}

function relativeLocation(warning: SystemWarning): string {
  const location = warning.warning.location;
  return location ? formatLocation(relative(location)) : `${warning.system} (${warning.environment})`;
}

function describeError(error: unknown): string {
  if (error instanceof ComposeError) {
    return new ComposeError(error.message, error.location && relative(error.location), error.key).format();
  }
  return error instanceof Error ? error.message : String(error);
}

function run(): number {
  try {
    const rendered = renderDist(systems);
    for (const warning of rendered.warnings) {
      process.stderr.write(`warning: ${relativeLocation(warning)}: [${warning.environment}] ${warning.warning.message}\n`);
    }
    writeDirectoryAtomic(rendered.files, outdir);
    const shown = path.relative(process.cwd(), outdir);
    process.stderr.write(`wrote ${rendered.files.length} files to ${shown.startsWith('..') ? outdir : shown || '.'}/\n`);
    return 0;
  } catch (error) {
    // Anything but bad compose input is our bug, but users still get one line, not a stack trace.
    process.stderr.write(`error: ${describeError(error)}\n`);
    return 1;
  }
}

process.exitCode = run();
