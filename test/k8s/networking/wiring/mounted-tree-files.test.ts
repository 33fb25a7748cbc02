import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../../support/compose-text.ts';

/**
 * A folder a service mounts speaks for it only through its own files: not another service's
 * configuration below it, not another service's build context, and, where the folder is the whole
 * project (it holds the compose file), only its configuration files and only for a service that
 * runs the project. bookwyrm-social/bookwyrm's web and celery workers mount `.:/app`, which holds
 * nginx's `nginx/default.conf` (`upstream web { server web:8000; }`).
 */
const bookwyrm = `services:
  nginx:
    image: nginx:1.25.2
    ports: ["1333:80"]
    volumes: ["./nginx:/etc/nginx/conf.d"]
  web:
    build: .
    command: python manage.py runserver 0.0.0.0:8000
    volumes: [".:/app"]
    ports: ["8000"]
  celery_worker:
    build: .
    command: celery -A celerywyrm worker -l info
    volumes: [".:/app"]
  cache:
    image: redis:7.2.1
  db:
    image: postgres:13
`;

const files: Record<string, string> = {
  Dockerfile: 'FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt /app/\nRUN pip install -r requirements.txt\n',
  'requirements.txt': 'django\n',
  // The project's own configuration: web's calls.
  '.env': 'REDIS_URL=redis://cache:6380/0\n',
  // nginx's configuration, which nginx mounts by itself.
  'nginx/default.conf': 'resolver 127.0.0.11 valid=10s;\nupstream web {\n    server web:8000;\n}\nserver {\n    listen 80;\n    location / { proxy_pass http://web; }\n}\n',
  // What no program of the project reads: CI, documents, tests, and manifests converted into the project.
  '.github/workflows/ci.yml': 'services:\n  postgres:\n    image: postgres\nenv:\n  DATABASE_URL: postgres://db:5433/test\n',
  'docs/setup.md': 'Point DATABASE_URL at postgres://db:5434/bookwyrm\n',
  'tests/settings.py': 'DATABASES = {"default": {"HOST": "db", "PORT": 5435}}\n',
  'out/bookwyrm.k8s.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - command: [sh, -c, "until nc -z web 8000; do sleep 2; done"]\n          env:\n            - {name: DB, value: "db:5436"}\n',
};

const ports = (service: Json): number[] => (service.spec.ports ?? []).map((port: Json) => port.port);
/** The services the wiring credits with using each port of `service`'s. */
const users = (converted: ReturnType<typeof convertCompose>, service: string): Record<number, readonly string[]> =>
  Object.fromEntries((converted.plan.wiring[service]?.ports ?? []).map((port) => [port.port, port.users ?? []]));

describe('the files of a mounted folder that speak for the service', () => {
  it("do not include another service's configuration below it: web does not call itself through nginx's upstream", () => {
    const converted = convertCompose(bookwyrm, files);
    const web = converted.object('Deployment', 'web').spec.template.spec;
    expect(web.hostname).toBeUndefined();
    expect(converted.object('Service', 'web').spec.clusterIP).toBeUndefined();
    expect(users(converted, 'web')).toEqual({ 8000: ['nginx'] });
    expect(converted.warnings.map((warning) => warning.message).join('\n')).not.toMatch(/Service 'web' is headless|hostname is 'web'/);
  });

  it("report Docker's DNS server where the service's own files write it, not where the folder holds nginx's", () => {
    const converted = convertCompose(bookwyrm, files);
    expect(converted.warningsAt('services.nginx.volumes.0').join('\n')).toContain('127.0.0.11');
    expect(converted.warningsAt('services.web.').join('\n')).not.toContain('127.0.0.11');
    expect(converted.warningsAt('services.celery_worker.').join('\n')).not.toContain('127.0.0.11');
  });

  it("include the whole project's configuration files for the services that run it", () => {
    const converted = convertCompose(bookwyrm, files);
    expect(ports(converted.object('Service', 'cache'))).toEqual([6379, 6380]);
    expect(users(converted, 'cache')).toEqual({ 6379: [], 6380: ['celery_worker', 'web'] });
  });

  it("leave out the project's CI workflows, documents, tests and converted manifests", () => {
    const converted = convertCompose(bookwyrm, files);
    expect(ports(converted.object('Service', 'db'))).toEqual([5432]);
    expect(users(converted, 'db')).toEqual({ 5432: [] });
  });

  it('are none of the project for a code editor that mounts it to edit it', () => {
    const converted = convertCompose(`services:
  editor:
    image: codercom/code-server:4.96.4
    volumes: [".:/home/coder/project"]
  cache:
    image: redis:7.2.1
`, { '.env': 'REDIS_URL=redis://cache:6380/0\n' });
    expect(ports(converted.object('Service', 'cache'))).toEqual([6379]);
    expect(users(converted, 'cache')).toEqual({ 6379: [] });
  });

  it("do not include the folder another service is built from", () => {
    const converted = convertCompose(`services:
  tools:
    image: alpine:3.20
    command: ["sleep", "infinity"]
    volumes: ["./services:/services"]
  api:
    build: ./services/api
  db:
    image: postgres:16
`, { 'services/api/Dockerfile': 'FROM node:22\n', 'services/api/.env': 'DATABASE_URL=postgres://db:5433/api\n', 'services/tools.conf': 'upstream = http://api:9000\n' });
    expect(users(converted, 'api')).toEqual({ 9000: ['tools'] });
    expect(ports(converted.object('Service', 'db'))).toEqual([5432]);
  });

  it('are every file of a configuration folder that is not the project', () => {
    const converted = convertCompose(`services:
  app:
    image: x/app:1
    volumes: ["./conf:/etc/app"]
  api:
    image: x/api:1
`, { 'conf/scripts/ready.sh': '#!/bin/sh\ncurl -fsS http://api:9090/health\n', 'conf/app.toml': 'x = 1\n' });
    expect(users(converted, 'api')).toEqual({ 9090: ['app'] });
  });
});
