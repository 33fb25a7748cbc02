/** The schema migrations of frameworks and migration tools, which a service's last statement may run and which finish. */
import { describe, expect, it } from 'vitest';
import { migrationCommandSign } from '../../../lib/k8s/workload/run-once/migration-command.ts';

describe('migrationCommandSign', () => {
  it.each([
    ['npx prisma migrate deploy', 'prisma migrate'],
    ['pnpm prisma db push --skip-generate', 'prisma migrate'],
    ['alembic upgrade head', 'alembic upgrade'],
    ['alembic -c /app/alembic.ini upgrade head', 'alembic upgrade'],
    ['python manage.py migrate --noinput', 'manage.py migrate'],
    ['bundle exec rails db:migrate', 'rails db:migrate'],
    ['bin/rails db:prepare', 'rails db:migrate'],
    ['php artisan migrate --force', 'artisan migrate'],
    ['php bin/console doctrine:migrations:migrate --no-interaction', 'doctrine:migrations:migrate'],
    ['mix ecto.migrate', 'mix ecto.migrate'],
    ['/app/bin/my_app eval "MyApp.Release.migrate"', "a release's migrate function"],
    ['goose -dir /migrations postgres "$DB" up', 'goose up'],
    ['migrate -path /migrations -database postgres://db/app up', 'migrate up'],
    ['dbmate --wait up', 'dbmate up'],
    ['flyway -connectRetries=60 migrate', 'flyway migrate'],
    ['liquibase --changelog-file=changelog.xml update', 'liquibase update'],
    ['atlas migrate apply --url "$DB"', 'atlas migrate apply'],
    ['sqlx migrate run', 'sqlx migrate run'],
    ['diesel migration run', 'diesel migration run'],
    ['npx knex migrate:latest', 'knex migrate:latest'],
    ['npx sequelize-cli db:migrate', 'sequelize db:migrate'],
    ['npm run typeorm migration:run -- -d dist/data-source.js', 'typeorm migration:run'],
    ['dotnet ef database update', 'dotnet ef database update'],
    ['npm run db:migrate', 'its package script migrate'],
    ['yarn migrate', 'its package script migrate'],
  ])('recognizes %s', (statement, tool) => {
    expect(migrationCommandSign(statement)).toBe(`its command ends by migrating the database (${tool}), which finishes once the schema is current`);
  });

  it.each([
    'node server.js',
    'npx prisma studio',
    'npx prisma generate',
    'alembic history',
    'python manage.py runserver 0.0.0.0:8000',
    'bundle exec rails server -b 0.0.0.0',
    'php artisan queue:work',
    'goose status',
    'npm run migrate-and-serve',
    'flyway info',
    'echo migrate',
  ])('not %s', (statement) => {
    expect(migrationCommandSign(statement)).toBeUndefined();
  });
});
