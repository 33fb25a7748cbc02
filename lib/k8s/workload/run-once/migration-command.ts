/**
 * A statement that migrates a database's schema with a framework's or a migration tool's command,
 * which ends once the schema is current. Framework starters and monorepos run it as a service of its
 * own, named for the tool rather than the task: a Prisma stack's `prisma` service runs
 * `npx prisma migrate deploy` (no restart, nothing waits for it); as a Deployment Kubernetes ran it
 * again after every exit, in CrashLoopBackOff, which reads as a failure of the migration (rw18vc,
 * until 2026-12-07). Only the statement's own command counts: `… migrate deploy && node server.js`
 * ends with the server.
 */
const MIGRATIONS: readonly (readonly [RegExp, string])[] = [
  [/\bprisma\s+(?:migrate\s+(?:deploy|reset)|db\s+push)\b/, 'prisma migrate'],
  [/\balembic\b(?:\s+-\S+(?:\s+\S+)?)*\s+upgrade\b/, 'alembic upgrade'],
  [/(?:\bmanage\.py|\bdjango-admin(?:\.py)?)\s+migrate\b/, 'manage.py migrate'],
  [/\b(?:rails|rake)\s+db:(?:migrate|prepare|setup)\b/, 'rails db:migrate'],
  [/\bartisan\s+migrate\b/, 'artisan migrate'],
  [/\bconsole\s+doctrine:migrations:migrate\b/, 'doctrine:migrations:migrate'],
  [/\bmix\s+ecto\.(?:migrate|setup)\b/, 'mix ecto.migrate'],
  [/\beval\s+["']?[\w.]+\.migrate(?:\(\))?["']?\s*$/, "a release's migrate function"],
  [/(?:^|\/)goose\s.*\bup\b/, 'goose up'],
  [/(?:^|\/)migrate\s+(?:-\S+\s+\S+\s+)+up\b/, 'migrate up'],
  [/\bdbmate\b.*\s(?:up|migrate)\b/, 'dbmate up'],
  [/\bflyway\b.*\smigrate\b/, 'flyway migrate'],
  [/\bliquibase\b.*\supdate\b/, 'liquibase update'],
  [/\batlas\s+migrate\s+apply\b/, 'atlas migrate apply'],
  [/\bsqlx\s+migrate\s+run\b/, 'sqlx migrate run'],
  [/\bdiesel\s+migration\s+run\b/, 'diesel migration run'],
  [/\bknex\s+migrate:latest\b/, 'knex migrate:latest'],
  [/\bsequelize(?:-cli)?\s+db:migrate\b/, 'sequelize db:migrate'],
  [/\btypeorm(?:-ts-node-\w+)?\b.*\smigration:run\b/, 'typeorm migration:run'],
  [/\bdotnet\s+ef\s+database\s+update\b/, 'dotnet ef database update'],
  [/\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:db:)?migrat(?:e|ions?)(?::(?:deploy|up|latest|run))?\s*$/, 'its package script migrate'],
];

/** Why the statement (the last of a service's script) is a schema migration that finishes, or undefined. */
export function migrationCommandSign(statement: string): string | undefined {
  const found = MIGRATIONS.find(([pattern]) => pattern.test(statement));
  return found === undefined ? undefined : `its command ends by migrating the database (${found[1]}), which finishes once the schema is current`;
}
