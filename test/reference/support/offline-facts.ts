/**
 * Run in a network namespace of its own (`unshare -n`, where not even loopback is up): proves the
 * registry is unreachable, then runs `convert` and reads the image facts, which must come from the
 * lock file alone. Prints one JSON object.
 *   node --import tsx offline-facts.ts PROJECT_DIR REGISTRY_BASE
 */
import { runCli } from '../../../lib/cli/main.ts';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';

const [directory = '.', registry = 'http://127.0.0.1:1'] = process.argv.slice(2);
let registryError = '';
try {
  await fetch(`${registry}/v2/`, { signal: AbortSignal.timeout(5000) });
} catch (error) {
  registryError = String((error as Error).cause ?? error);
}
let manifests = '';
let warnings = '';
const convertExit = await runCli(['convert', '--stdout'], { cwd: directory, env: {}, stdout: (text) => (manifests += text), stderr: (text) => (warnings += text) });
const facts = readProjectImageFacts(loadProject({ cwd: directory, environment: {} }));
process.stdout.write(JSON.stringify({ registryError, convertExit, manifestsLength: manifests.length, warnings, facts }));
