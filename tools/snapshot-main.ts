/**
 * What a start-up snapshot of the CLI holds and does when a process starts from it (see
 * tools/snapshot.mjs): the bundle's modules already evaluated, the Compose schema's validator
 * already made, the converter's code already compiled by a few warm-up conversions; on start, a
 * check that the files the bundle was built from are unchanged, then the CLI.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { main, runCli } from '../lib/cli/main.ts';
import { validator } from '../lib/compose/schema/schema.ts';
import { inputsChanged, recordOf, type BuildRecord } from './build-inputs.mjs';

/**
 * The exit code of a start refused because the snapshot is stale: Node's own code for a snapshot it
 * cannot load (one built by another Node.js), so bin/cdk8s-compose handles both by starting the
 * plain way, which rebuilds the snapshot. The CLI itself exits 0, 1 or 2 only.
 */
const STALE_SNAPSHOT_EXIT = 14;

/** The environment variable through which tools/snapshot.mjs (ensureSnapshot) names the bundle the snapshot is built from. */
const BUNDLE_VARIABLE = 'CDK8S_COMPOSE_SNAPSHOT_BUNDLE';

/**
 * Where bin/cdk8s-compose keeps NODE_EXTRA_CA_CERTS while Node starts (Node 20 reads and parses the
 * certificates at every start, ~35 ms, for commands that open no TLS connection); the CLI puts it
 * back before anything reads the environment.
 */
const SET_ASIDE_CA_CERTS = 'CDK8S_COMPOSE_EXTRA_CA_CERTS';

/** Exercises every stage a conversion goes through, so the snapshot holds their compiled code. */
const WARM_UP = `name: warm
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    environment: { LOG_LEVEL: info, DATABASE_URL: "postgres://db:5432/app" }
    depends_on: { db: { condition: service_healthy } }
    volumes: ["data:/var/lib/data"]
    healthcheck: { test: ["CMD", "wget", "-q", "http://localhost:80/"], interval: 10s, timeout: 3s, retries: 5, start_period: 20s }
  db:
    image: postgres:16
    environment: { POSTGRES_PASSWORD: example }
    healthcheck: { test: ["CMD-SHELL", "pg_isready"], interval: 5s }
    volumes: ["db:/var/lib/postgresql/data"]
volumes: { data: {}, db: {} }
`;

/** The repository of the snapshot this process started from (`--snapshot-blob ROOT/.build/cli.blob`). */
function snapshotRoot(): string | undefined {
  const args = process.execArgv;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const blob = arg === '--snapshot-blob' ? args[index + 1] : arg.startsWith('--snapshot-blob=') ? arg.slice('--snapshot-blob='.length) : undefined;
    if (blob === undefined) continue;
    try {
      return dirname(dirname(realpathSync.native(blob)));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function restoreCaCerts(): void {
  const certs = process.env[SET_ASIDE_CA_CERTS];
  if (certs === undefined) return;
  process.env['NODE_EXTRA_CA_CERTS'] = certs;
  delete process.env[SET_ASIDE_CA_CERTS];
}

/** Runs while the snapshot is built: warms the converter up and sets what a start runs. */
export function prepareSnapshot(): void {
  const record: BuildRecord | undefined = recordOf(readFileSync(process.env[BUNDLE_VARIABLE] ?? '', 'latin1'));
  if (record === undefined) throw new Error(`${BUNDLE_VARIABLE}: not a bundle with a build record`);
  validator();
  const warmUp = (): Promise<number> =>
    runCli(['convert', '-f', '-', '-q'], { cwd: tmpdir(), env: {}, stdout: () => {}, stderr: () => {}, readStdin: () => WARM_UP });
  void warmUp().then(warmUp).then(warmUp);
  startupSnapshot.setDeserializeMainFunction(() => {
    // A source edited, a package reinstalled, or the repository copied or moved since the build.
    const root = snapshotRoot();
    if (root === undefined || inputsChanged(record, root)) process.exit(STALE_SNAPSHOT_EXIT);
    restoreCaCerts();
    // `node --snapshot-blob FILE -- ARGS`: argv holds no script name.
    void main(process.argv.slice(1));
  });
}
