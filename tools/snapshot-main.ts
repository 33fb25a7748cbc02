/**
 * What a start-up snapshot of the CLI holds and does when a process starts from it (see
 * tools/snapshot.mjs): the bundle's modules already evaluated, the Compose schema's validator
 * already made, the converter's code already compiled by a few warm-up conversions; on start, a
 * check that the sources and packages are still those it was built from, then the CLI.
 */
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startupSnapshot } from 'node:v8';
import { main, runCli } from '../lib/cli/main.ts';
import { validator } from '../lib/compose/schema/schema.ts';
import { newestInput } from './build-inputs.mjs';

/**
 * The exit code of a start refused because the snapshot is stale: Node's own code for a snapshot it
 * cannot load (one built by another Node.js), so bin/cdk8s-compose handles both by starting the
 * plain way, which rebuilds the snapshot. The CLI itself exits 0, 1 or 2 only.
 */
const STALE_SNAPSHOT_EXIT = 14;

/** The environment variable through which tools/snapshot.mjs (ensureSnapshot) says what the build is made from. */
const INPUTS_VARIABLE = 'CDK8S_COMPOSE_SNAPSHOT_INPUTS';

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

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Runs while the snapshot is built: warms the converter up and sets what a start runs. */
export function prepareSnapshot(): void {
  const builtFrom = Number(process.env[INPUTS_VARIABLE]);
  validator();
  const warmUp = (): Promise<number> =>
    runCli(['convert', '-f', '-', '-q'], { cwd: tmpdir(), env: {}, stdout: () => {}, stderr: () => {}, readStdin: () => WARM_UP });
  void warmUp().then(warmUp).then(warmUp);
  startupSnapshot.setDeserializeMainFunction(() => {
    // Sources edited, packages reinstalled, or the repository moved since the build.
    if (newestInput(root) !== builtFrom) process.exit(STALE_SNAPSHOT_EXIT);
    // `node --snapshot-blob FILE -- ARGS`: argv holds no script name.
    void main(process.argv.slice(1));
  });
}
