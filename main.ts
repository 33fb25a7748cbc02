/**
 * `npm run synth` / `cdk8s synth`: writes dist/<env>/<system>.k8s.yaml and dist/<env>/kustomization.yaml
 * for the five documented systems. Warnings (what was not translated, and why) go to stderr; bad input
 * ends in one error line, exit code 1 and the previous dist/ left as it was.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systems } from './charts/index.ts';
import { renderDist, type SystemWarning } from './charts/dist.ts';
import { writeDirectoryAtomic } from './lib/k8s/output/synth.ts';
import { ComposeError, formatLocation } from './lib/compose/errors.ts';
import type { SourceLocation } from './lib/compose/model.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

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
    writeDirectoryAtomic(rendered.files, path.join(root, 'dist'));
    // `cdk8s synth` insists that the app creates its output folder; the manifests live in dist/.
    if (process.env['CDK8S_OUTDIR']) mkdirSync(process.env['CDK8S_OUTDIR'], { recursive: true });
    process.stderr.write(`wrote ${rendered.files.length} files to dist/\n`);
    return 0;
  } catch (error) {
    // Anything but bad compose input is our bug, but users still get one line, not a stack trace.
    process.stderr.write(`error: ${describeError(error)}\n`);
    return 1;
  }
}

process.exitCode = run();
