import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/** The one container's arguments of the service's workload. */
function argsOf(converted: ReturnType<typeof convertCompose>, name: string): string[] | undefined {
  const workload = [...converted.objects('StatefulSet'), ...converted.objects('Deployment')].find((object) => object.metadata.name === name);
  return workload.spec.template.spec.containers[0].args;
}

const mysql = (extra = '') => `services:
  db:
    image: mysql:8.0.33
    environment: {MYSQL_ROOT_PASSWORD: Xk4-secret-9Qz}
    volumes: ["db:/var/lib/mysql"]
${extra}volumes:
  db: {}
`;

describe("MySQL's data directory on a claim", () => {
  // mysqld --initialize aborts on a directory that holds anything: a managed cluster's ext4 claim holds lost+found.
  it('moves below the claim root, and says so', () => {
    const converted = convertCompose(mysql());
    expect(argsOf(converted, 'db')).toEqual(['--datadir=/var/lib/mysql/data']);
    expect(converted.warnings.filter((warning) => warning.message.startsWith('--datadir=/var/lib/mysql/data: the server refuses to initialize'))).toHaveLength(1);
  });

  it("follows compose's options, or mysqld with options", () => {
    expect(argsOf(convertCompose(mysql('    command: --character-set-server=utf8mb4\n')), 'db')).toEqual(['--character-set-server=utf8mb4', '--datadir=/var/lib/mysql/data']);
    expect(argsOf(convertCompose(mysql('    command: mysqld --skip-log-bin\n')), 'db')).toEqual(['mysqld', '--skip-log-bin', '--datadir=/var/lib/mysql/data']);
  });

  it("stays where compose's command or entrypoint puts it, and where no volume is", () => {
    expect(argsOf(convertCompose(mysql('    command: --datadir=/var/lib/mysql/db\n')), 'db')).toEqual(['--datadir=/var/lib/mysql/db']);
    expect(argsOf(convertCompose(mysql('    command: ["sh", "-c", "exec mysqld"]\n')), 'db')).toEqual(['sh', '-c', 'exec mysqld']);
    const entrypoint = convertCompose(mysql('    entrypoint: ["docker-entrypoint.sh"]\n'));
    expect(argsOf(entrypoint, 'db')).toBeUndefined();
    expect(argsOf(convertCompose('services:\n  db:\n    image: mysql:8.0.33\n    environment: {MYSQL_ALLOW_EMPTY_PASSWORD: "yes"}\n'), 'db')).toBeUndefined();
  });

  it("is MariaDB's own, whose installer takes a directory holding lost+found", () => {
    const converted = convertCompose('services:\n  db:\n    image: mariadb:11\n    environment: {MARIADB_ROOT_PASSWORD: Xk4-secret-9Qz}\n    volumes: ["db:/var/lib/mysql"]\nvolumes:\n  db: {}\n');
    expect(argsOf(converted, 'db')).toBeUndefined();
  });
});
