import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/** Nginx Proxy Manager's documented stack: its database named only in DB_MYSQL_HOST, its port left at 3306. */
describe("Nginx Proxy Manager's MariaDB", () => {
  it.each(['jc21/mariadb-aria:10.11.5', 'yobasystems/alpine-mariadb:10.11.5'])('%s gets 3306 on its Service and the proxy waits for it there', (image) => {
    const converted = convertCompose(`services:
  app:
    image: jc21/nginx-proxy-manager:2.11.3
    ports: ["80:80", "81:81", "443:443"]
    environment: {DB_MYSQL_HOST: db, DB_MYSQL_USER: npm, DB_MYSQL_NAME: npm}
    depends_on: [db]
  db:
    image: ${image}
    environment: {MYSQL_DATABASE: npm, MYSQL_USER: npm}
`);
    expect(converted.object('Service', 'db').spec.ports.map((entry: { port: number }) => entry.port)).toEqual([3306]);
    const waits = converted.object('Deployment', 'app').spec.template.spec.initContainers.map((init: { command: string[] }) => init.command.join(' '));
    expect(waits).toEqual([expect.stringContaining('db 3306')]);
  });
});
