/**
 * MODAX's database scripts run without error (issue 23): Debian's PostgreSQL 15 starts on
 * 127.0.0.1 as the `postgres` user, the database and superuser are made from the emitted
 * timescaledb container's POSTGRES_DB and POSTGRES_USER as the image's entrypoint makes them, and
 * the files its Dockerfile copies to /docker-entrypoint-initdb.d run in order, as the entrypoint
 * runs them (psql -v ON_ERROR_STOP=1).
 *
 * Debian packages no TimescaleDB, so two kinds of statement are stubbed, and only those:
 * `CREATE EXTENSION ... timescaledb` is left out, and `create_hypertable(table, column, ...)` is a
 * function that only checks the table has that timestamptz column. The document's own init-db.sql
 * fails the same run, which is why the chart's departs from it.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modax } from '../../charts/modax/index.ts';
import { freePort } from '../reference/support/registry.ts';
import { buildSystemPlan } from '../../charts/build.ts';
import { commandAvailable, noticeMissing, run } from './container-root.ts';
import { findObject } from '../support/k8s.ts';
import { container, envOf, synthSystem } from './manifests.ts';
import { seedText, seedsAvailable } from './seeds.ts';
import { containerFiles } from '../../lib/mqtt/container-files.ts';

const BIN = '/usr/lib/postgresql/15/bin';
const postgresUser = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
const available = existsSync(join(BIN, 'initdb')) && commandAvailable('psql', 'runuser') && postgresUser.status === 0;
noticeMissing(available, "MODAX's SQL scripts against a real PostgreSQL 15", 'apt-get install postgresql-15, which also makes the postgres user');

const INIT_DIR = '/docker-entrypoint-initdb.d/';
const TIMESCALE_EXTENSION = /^CREATE EXTENSION IF NOT EXISTS timescaledb;$/gm;
const HYPERTABLE_STUB = `CREATE FUNCTION create_hypertable(relation regclass, time_column_name name, if_not_exists boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = relation AND attname = time_column_name AND atttypid = 'timestamptz'::regtype) THEN
    RAISE EXCEPTION '% has no timestamptz column %', relation, time_column_name;
  END IF;
END $$;`;

describe.runIf(available).each(['dev', 'prod'])('MODAX %s: the database scripts against PostgreSQL 15', (environment) => {
  let root: string;
  let port: number;
  let database: string;
  let user: string;
  const asPostgres = (command: string, args: readonly string[]) => run('runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]);
  const psql = (db: string, args: readonly string[]) => run('psql', ['-v', 'ON_ERROR_STOP=1', '--no-psqlrc', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, ...args]);

  /** A fresh server with the entrypoint's database and superuser, the hypertable stub in that database. */
  async function freshServer(): Promise<void> {
    await stopServer();
    root = mkdtempSync(join(tmpdir(), 'modax-sql-'));
    chownSync(root, Number(postgresUser.stdout.trim()), 0);
    port = await freePort();
    const init = await asPostgres('initdb', ['-D', join(root, 'data'), '-U', user, '--auth=trust', '--encoding=UTF8']);
    expect(init.code, init.stderr).toBe(0);
    const start = await asPostgres('pg_ctl', ['-D', join(root, 'data'), '-w', '-l', join(root, 'log'), '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`, 'start']);
    expect(start.code, start.stderr).toBe(0);
    // The entrypoint's docker_setup_db: POSTGRES_DB, when it is not `postgres`.
    expect((await psql('postgres', ['-c', `CREATE DATABASE "${database}"`])).code).toBe(0);
    const stub = await psql(database, ['-c', HYPERTABLE_STUB]);
    expect(stub.code, stub.stderr).toBe(0);
  }

  beforeAll(async () => {
    const env = envOf(container(synthSystem(modax, environment), 'timescaledb'));
    database = env['POSTGRES_DB']?.value ?? '';
    user = env['POSTGRES_USER']?.value ?? '';
    expect([database, user]).toEqual(['modax', 'modax_user']);
    await freshServer();
  }, 120_000);

  async function stopServer(): Promise<void> {
    if (!root) return;
    await asPostgres('pg_ctl', ['-D', join(root, 'data'), '-m', 'immediate', 'stop']);
    rmSync(root, { recursive: true, force: true });
  }

  afterAll(stopServer);

  it('every file the image puts in /docker-entrypoint-initdb.d runs without error, in order', async () => {
    // The image is built where the environment's images are built (MODAX prod runs dev's builds).
    const built = modax.environments[environment]?.imagesBuiltIn ?? environment;
    const files = [...containerFiles(buildSystemPlan(modax, built), 'timescaledb')].filter(([path]) => path.startsWith(INIT_DIR)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    expect(files.map(([path]) => path)).toEqual([`${INIT_DIR}01-init.sql`, `${INIT_DIR}02-schema.sql`]);
    let stubbed = 0;
    for (const [path, file] of files) {
      const text = file.text!.replace(TIMESCALE_EXTENSION, () => {
        stubbed++;
        return '-- CREATE EXTENSION timescaledb: left out by the test (Debian has no TimescaleDB)';
      });
      const copy = join(root, path.slice(INIT_DIR.length));
      writeFileSync(copy, text);
      const result = await psql(database, ['-f', copy]);
      expect(result.code, `${path}:\n${result.stderr}`).toBe(0);
    }
    expect(stubbed).toBe(1);
    const tables = await psql(database, ['-At', '-c', "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"]);
    expect(tables.stdout.trim()).toBe('ai_analysis,control_commands,devices,safety_status,sensor_readings');
  }, 120_000);

  it.runIf(environment === 'dev')("Grafana's dashboard queries run against this schema", async () => {
    const data = (findObject(synthSystem(modax, environment), 'ConfigMap', 'grafana-etc-grafana-provisioning')['data'] ?? {}) as Record<string, string>;
    const dashboard = JSON.parse(data['dashboards_modax.json'] ?? '{}') as { panels?: { title: string; targets: { rawSql: string }[] }[] };
    const queries = (dashboard.panels ?? []).flatMap((panel) => panel.targets.map((target) => [panel.title, target.rawSql] as const));
    expect(queries.length).toBeGreaterThan(0);
    const rows = [
      "INSERT INTO devices (device_id, name) VALUES ('esp32-1', 'Mill 1')",
      "INSERT INTO sensor_readings VALUES (now(), 'esp32-1', '{1.5,2.5}', '{\"x\": 0.1}', '{41.5,43.0}')",
      "INSERT INTO safety_status VALUES (now(), 'esp32-1', false, true, false, true)",
      "INSERT INTO ai_analysis VALUES (now(), 'esp32-1', 0.2, 0.4, '[]')",
      "INSERT INTO control_commands VALUES (now(), 'esp32-1', 'stop', '{}', true)",
    ];
    const insert = await psql(database, ['-c', `${rows.join(';\n')};`]);
    expect(insert.code, insert.stderr).toBe(0);
    for (const [title, sql] of queries) {
      // Grafana's macro for the dashboard's time range, as its PostgreSQL datasource expands it.
      const expanded = sql.replaceAll(/\$__timeFilter\((\w+)\)/g, "$1 BETWEEN now() - interval '6 hours' AND now() + interval '1 minute'");
      expect(expanded, title).not.toContain('$');
      const result = await psql(database, ['-At', '-c', expanded]);
      expect(result.code, `${title}: ${result.stderr}`).toBe(0);
      expect(result.stdout.trim().split('\n'), title).toHaveLength(1);
    }
  }, 120_000);

  it.runIf(seedsAvailable && environment === 'dev')("the document's own init-db.sql stops at CREATE DATABASE", async () => {
    await freshServer();
    const text = seedText('000');
    const at = text.indexOf('-- timescaledb/init-db.sql');
    const documented = text.slice(at, text.indexOf('\n```', at)).replace(TIMESCALE_EXTENSION, '');
    writeFileSync(join(root, 'documented.sql'), documented);
    const result = await psql(database, ['-f', join(root, 'documented.sql')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('database "modax" already exists');
  }, 120_000);
});
