/**
 * What a start-up snapshot of the CLI holds and does when a process starts from it (see
 * tools/snapshot.mjs): the bundle's modules already evaluated, the Compose schema's validator
 * already made, the converter's code already compiled by a few warm-up conversions; on start, a
 * check that the files the bundle was built from are unchanged, then the CLI.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/**
 * Exercises every stage a conversion goes through, so the snapshot holds their compiled code: a
 * project from standard input with anchors, merge keys, a block scalar and flow collections, and
 * one on disk in block style (anchors, merge keys, block scalars, escapes), with the files it
 * names, two files merged and a profile. Both are read by the line reader (yaml-simple.ts), as
 * most Compose files are: the yaml library, which reads the few others (tags, several documents,
 * multi-line plain scalars), is compiled on its first use, and the snapshot is 40 KB smaller
 * than with its parser warmed up. A function the warm-up never ran is compiled on its first call
 * in every start: 120-200 functions per realworld stack (4-8 ms) with the first project alone,
 * 40-95 (2-4 ms) with both, for a snapshot 0.3 MB larger.
 */
const WARM_UP = `---
name: warm
x-common: &common
  restart: always
  environment: &common-env
    LOG_LEVEL: 'info'
    FEATURE: "on"
services:
  web:
    <<: *common
    image: nginx:1.27
    ports: ["8080:80"]
    environment:
      <<: *common-env
      DATABASE_URL: "postgres://db:5432/app"
    command:
      - sh
      - -c
      - |
        echo starting
        exec nginx -g 'daemon off;'
    depends_on: { db: { condition: service_healthy } }
    volumes: ["data:/var/lib/data"]
    healthcheck: { test: ["CMD", "wget", "-q", "http://localhost:80/"], interval: 10s, timeout: 3s, retries: 5, start_period: 20s }
  db:
    <<: *common
    image: postgres:16
    environment: { POSTGRES_PASSWORD: example }
    healthcheck: { test: ["CMD-SHELL", "pg_isready"], interval: 5s }
    volumes: ["db:/var/lib/postgresql/data"]
volumes: { data: {}, db: {} }
`;

const WARM_UP_FILES: Readonly<Record<string, string>> = {
  'compose.yaml': `name: warm-files
services:
  app:
    build:
      context: ./app
      args:
        VERSION: "1"
    image: example/app:1.0
    container_name: warm-app
    hostname: app
    restart: unless-stopped
    user: "1000:1000"
    command: ["serve", "--port", "8080"]
    env_file:
      - app.env
    environment:
      - DATABASE_URL=postgres://db:5432/app
      - REDIS_URL=redis://:\${REDIS_PASSWORD}@cache:6379
      - SECRET_KEY=\${SECRET_KEY:-changeme}
    ports:
      - "8080:8080"
      - "127.0.0.1:9090:9090/tcp"
    expose:
      - "7070"
    volumes:
      - ./config:/etc/app:ro
      - uploads:/var/lib/app/uploads
      - type: tmpfs
        target: /tmp
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
    healthcheck:
      test: curl -f http://localhost:8080/health || exit 1
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 1m
    networks:
      - front
      - back
    secrets:
      - db_password
    labels:
      com.example.team: platform
    shm_size: 256m
    deploy:
      resources:
        limits:
          memory: 512M
          cpus: "0.5"
  worker:
    image: example/app:1.0
    command: worker --queue default
    profiles:
      - jobs
    depends_on:
      - cache
    networks:
      - back
  db:
    image: postgres:16
    restart: always
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
      POSTGRES_DB: app
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
    networks:
      - back
    secrets:
      - db_password
  cache:
    image: redis:7-alpine
    command: redis-server --requirepass \${REDIS_PASSWORD}
    volumes:
      - cache-data:/data
    networks:
      - back
volumes:
  uploads:
  db-data:
  cache-data:
networks:
  front:
  back:
secrets:
  db_password:
    file: ./db_password.txt
`,
  'compose.override.yaml': `---
x-logging: &logging
  LOG_FORMAT: json
services:
  app:
    environment:
      - DEBUG=false
    ports:
      - "8443:8443"
  worker:
    environment:
      <<: *logging
      QUEUE: "default\\x2dlow"
    entrypoint:
      - sh
      - -c
      - |
        echo "worker"
        exec "$$@"
    labels: [
      com.example.role=worker,
    ]
`,
  '.env': 'SECRET_KEY=warm-up-key\nREDIS_PASSWORD=warm-up-password\n',
  'app.env': 'LOG_LEVEL=info\nWORKERS=2\n',
  'db_password.txt': 'warm-up-password\n',
  'app/Dockerfile': 'FROM node:20-alpine\nWORKDIR /app\nUSER 1000\nEXPOSE 8080\nCMD ["node", "server.js"]\n',
  'config/app.conf': 'listen = 8080\n',
};

function writeWarmUpProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-compose-warm-up-'));
  for (const [file, text] of Object.entries(WARM_UP_FILES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

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

/** Only the standard streams' own handles (a pipe, a terminal), which hold nothing to do once flushed. */
const STDIO_RESOURCES = new Set(['PipeWrap', 'TTYWrap']);

/**
 * Whether the process may leave at once: exiting skips tearing the heap down (~3 ms of a ~70 ms
 * conversion), which only matters to a short process. Not while stdout or stderr still queue text
 * (a full pipe takes the rest later) or anything else is pending.
 */
function doneWithEverything(): boolean {
  return (
    process.stdout.writableLength === 0 &&
    process.stderr.writableLength === 0 &&
    process.getActiveResourcesInfo().every((resource) => STDIO_RESOURCES.has(resource))
  );
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
  const quiet = { env: {}, stdout: () => {}, stderr: () => {} };
  const fromStdin = (): Promise<number> => runCli(['convert', '-f', '-', '-q'], { ...quiet, cwd: tmpdir(), readStdin: () => WARM_UP });
  const dir = writeWarmUpProject();
  const project = ['-f', 'compose.yaml', '-f', 'compose.override.yaml', '--profile', 'jobs'];
  const fromDisk = (...args: string[]) => (): Promise<number> => runCli(['convert', ...project, ...args], { ...quiet, cwd: dir });
  void fromStdin()
    .then(fromDisk())
    .then(fromDisk('-q', '-o', join(dir, 'out')))
    .finally(() => rmSync(dir, { recursive: true, force: true }));
  startupSnapshot.setDeserializeMainFunction(() => {
    // A source edited, a package reinstalled, or the repository copied or moved since the build.
    const root = snapshotRoot();
    if (root === undefined || inputsChanged(record, root)) process.exit(STALE_SNAPSHOT_EXIT);
    restoreCaCerts();
    // `node --snapshot-blob FILE -- ARGS`: argv holds no script name.
    void main(process.argv.slice(1)).then(() => {
      if (doneWithEverything()) process.exit();
    });
  });
}
