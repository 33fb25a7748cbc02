/**
 * Docker fills a new named volume with what the image has at the mount's target; Kubernetes leaves
 * a new claim empty. Where other services use what the image put there (invoiceninja's nginx serves
 * the php-fpm image's `public` folder, Monica's services share the Laravel `storage` skeleton), an
 * init container running the service's image copies its files in while the claim holds no file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { convertCompose, type Json } from '../support/compose-text.ts';

const podSpec = (workload: Json): Json => workload.spec.template.spec;
const initNames = (workload: Json): string[] => (podSpec(workload).initContainers ?? []).map((init: Json) => init.name);

/** invoiceninja's debian compose: the app's image carries the application, nginx reads it from the shared volumes. */
const invoiceninja = (appPublic = "'app_public:/var/www/html/public'") => `
services:
  app:
    image: invoiceninja/invoiceninja-debian:5.10.0
    volumes: [${appPublic}, 'app_storage:/var/www/html/storage']
    depends_on: [mysql]
  nginx:
    image: nginx:1.27-alpine
    ports: ['80:80']
    volumes: ['app_public:/var/www/html/public:ro', 'app_storage:/var/www/html/storage:ro']
    depends_on: [app]
  mysql:
    image: mysql:8.4
    volumes: ['mysql_data:/var/lib/mysql']
volumes:
  app_public:
  app_storage:
  mysql_data:
`;

describe("a named volume other services use, mounted where the image keeps its application (invoiceninja's app_public)", () => {
  const converted = convertCompose(invoiceninja());
  const app = converted.object('Deployment', 'app');

  it("is filled with the image's files by an init container running the service's image, before the other init containers", () => {
    expect(initNames(app)).toEqual(['image-files-app-public', 'image-files-app-storage', 'wait-for-mysql']);
    const [publicFiles] = podSpec(app).initContainers;
    expect(publicFiles.image).toBe(podSpec(app).containers[0].image);
    expect(publicFiles.image).toBe('invoiceninja/invoiceninja-debian:5.10.0');
    const volume = podSpec(app).volumes.find((entry: Json) => entry.name === publicFiles.volumeMounts[0].name);
    expect(volume).toEqual({ name: publicFiles.volumeMounts[0].name, persistentVolumeClaim: { claimName: 'app-public' } });
    expect(publicFiles.volumeMounts).toEqual([{ name: volume.name, mountPath: '/target' }]);
    // Only while the claim holds no file, as Docker copies once, when it creates the volume; as nobody, like the other helpers.
    const script: string = publicFiles.command[2];
    expect(publicFiles.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(script).toContain(`o() { find /target -maxdepth 1 -type d -name '.image-files.*.copying' ! -path "$m" "$@"; }`);
    expect(script).toContain(`if [ -n "$(find /target -type f | head -n 1)" ] && [ -z "$(o | head -n 1)" ]; then kill $b 2>/dev/null; wait $b 2>/dev/null; rm -rf "$m"; exit 0; fi`);
    expect(script).toContain(`cp -R '/var/www/html/public'/. "$s"`);
    expect(publicFiles.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('is not filled by the services that mount it read-only, nor for a data store', () => {
    expect(initNames(converted.object('Deployment', 'nginx')).filter((name) => name.startsWith('image-files-'))).toEqual([]);
    expect(initNames(converted.object('StatefulSet', 'mysql'))).toEqual([]);
  });

  it('says once per volume what fills it and how to keep it empty', () => {
    expect(converted.warningsAt('services.app.volumes.0').filter((warning) => warning.includes("image's files"))).toEqual([
      expect.stringMatching(/^services\.app\.volumes\.0: volume 'app_public' \(app, nginx\) is filled with the image's files at \/var\/www\/html\/public while its claim holds no file, as Docker fills a new named volume.*nocopy: true/),
    ]);
    expect(converted.warnings.filter((warning) => warning.message.includes("image's files at"))).toHaveLength(2);
  });
});

describe('a named volume the image does not fill', () => {
  it('with nocopy, or used by one service alone where it keeps data, or mounted where images keep data, gets no copy', () => {
    const nocopy = convertCompose(invoiceninja('{type: volume, source: app_public, target: /var/www/html/public, volume: {nocopy: true}}'));
    expect(initNames(nocopy.object('Deployment', 'app'))).toEqual(['image-files-app-storage', 'wait-for-mysql']);
    const alone = convertCompose(`
services:
  web:
    image: wordpress:6.6
    volumes: ['wp-uploads:/var/www/html/wp-content/uploads']
  worker:
    image: redis:7.4
    volumes: ['jobs:/data']
  reader:
    image: busybox:1.36
    command: ['sleep', '3600']
    volumes: ['jobs:/data:ro']
volumes:
  wp-uploads:
  jobs:
`);
    expect(initNames(alone.object('Deployment', 'web'))).toEqual([]);
    expect(alone.objects('Deployment').concat(alone.objects('StatefulSet')).flatMap(initNames).filter((name) => name.startsWith('image-files-'))).toEqual([]);
  });
});

/**
 * frappe_docker's pwd.yml: the bench image keeps its sites folder (with the built assets nginx
 * serves) in the frappe user's home, and its run-once configurator, the same image, writes into the
 * shared volume before the servers start.
 */
const frappe = `
services:
  configurator:
    image: frappe/erpnext:v15.69.1
    deploy: {restart_policy: {condition: none}}
    entrypoint: [bash, -c]
    command: ['ls -1 apps > sites/apps.txt; bench set-config -g db_host db']
    volumes: ['sites:/home/frappe/frappe-bench/sites', 'logs:/home/frappe/frappe-bench/logs']
  backend:
    image: frappe/erpnext:v15.69.1
    volumes: ['sites:/home/frappe/frappe-bench/sites', 'logs:/home/frappe/frappe-bench/logs']
  frontend:
    image: frappe/erpnext:v15.69.1
    command: [nginx-entrypoint.sh]
    environment: {BACKEND: 'backend:8000'}
    ports: ['8080:8080']
    volumes: ['sites:/home/frappe/frappe-bench/sites', 'logs:/home/frappe/frappe-bench/logs']
  helper:
    image: busybox:1.36
    deploy: {restart_policy: {condition: none}}
    command: ['sh', '-c', 'touch /home/frappe/frappe-bench/sites/.ready']
    volumes: ['sites:/home/frappe/frappe-bench/sites']
  node:
    image: n8nio/n8n:1.64.0
    volumes: ['n8n:/home/node/.n8n']
  worker:
    image: n8nio/n8n:1.64.0
    command: [worker]
    volumes: ['n8n:/home/node/.n8n']
volumes:
  sites:
  logs:
  n8n:
`;

describe("an application in its user's home (frappe's /home/frappe/frappe-bench/sites)", () => {
  const converted = convertCompose(frappe);

  it("is filled with the image's files by every server that shares it", () => {
    for (const name of ['backend', 'frontend']) {
      expect(initNames(converted.object('Deployment', name))).toContain('image-files-sites');
      const copy = podSpec(converted.object('Deployment', name)).initContainers.find((init: Json) => init.name === 'image-files-sites');
      expect(copy.command[2]).toContain(`cp -R '/home/frappe/frappe-bench/sites'/. "$s"`);
    }
  });

  it('and by a run-once task of the same image, which may start first and leave a file in it, but not by a helper of another image', () => {
    const jobs = converted.objects('Job');
    const configurator = jobs.find((job) => job.metadata.name.startsWith('configurator-'));
    const helper = jobs.find((job) => job.metadata.name.startsWith('helper-'));
    expect(initNames(configurator)).toContain('image-files-sites');
    expect(initNames(helper).filter((name) => name.startsWith('image-files-'))).toEqual([]);
  });

  it("but not a hidden folder in a home (n8n's), nor a data folder (the bench's logs), where a program keeps what it writes", () => {
    expect(initNames(converted.object('Deployment', 'node')).filter((name) => name.startsWith('image-files-'))).toEqual([]);
    expect(initNames(converted.object('Deployment', 'backend')).filter((name) => name.startsWith('image-files-'))).toEqual(['image-files-sites']);
  });
});

describe("a named volume one service mounts over what its image keeps there (beakman/medusa-stack-dockerized's backend)", () => {
  it('is filled with the image\'s files too: the application and its installed packages, which an empty claim would hide', () => {
    const converted = convertCompose(`
services:
  backend:
    image: medusa-starter-default:1.0.0
    volumes: ['medusa_data:/app/medusa', 'node_modules:/app/medusa/node_modules', 'uploads:/app/medusa/uploads']
volumes:
  medusa_data:
  node_modules:
  uploads:
`);
    const backend = converted.object('Deployment', 'backend');
    expect(initNames(backend)).toEqual(['image-files-medusa-data', 'image-files-node-modules']);
    expect(podSpec(backend).initContainers[1].command[2]).toContain(`cp -R '/app/medusa/node_modules'/. "$s"`);
    expect(converted.warningsAt('services.backend.volumes.1')).toEqual([
      expect.stringMatching(/^services\.backend\.volumes\.1: volume 'node_modules' \(backend\) is filled with the image's files at \/app\/medusa\/node_modules while its claim holds no file/),
    ]);
  });
});

describe("an anonymous volume over what the image keeps there (hoppscotch/hoppscotch's `- /usr/src/app/node_modules/`)", () => {
  const converted = convertCompose(`
services:
  backend:
    image: ghcr.io/example/backend:1.0
    command: ['node', 'main.js']
    ports: ['3170:3170']
    volumes: ['/usr/src/app/node_modules/', '/usr/src/app/uploads', 'scratch:/usr/src/app/other:nocopy']
  shielded:
    image: ghcr.io/example/backend:1.0
    command: ['node', 'main.js']
    volumes: [{ type: volume, target: /usr/src/app/node_modules, volume: { nocopy: true } }]
volumes:
  scratch:
`);
  const backend = converted.object('Deployment', 'backend');

  it("is filled with the image's files in its emptyDir, as Docker fills a new anonymous volume; not where the service keeps data", () => {
    expect(initNames(backend)).toEqual(['image-files-scratch-usr-src-app-node-modules']);
    const [copier] = podSpec(backend).initContainers;
    expect(copier.image).toBe('ghcr.io/example/backend:1.0');
    expect(copier.command[2]).toContain(`cp -R '/usr/src/app/node_modules'/. "$s"`);
    const volume = podSpec(backend).volumes.find((entry: Json) => entry.name === copier.volumeMounts[0].name);
    expect(volume).toEqual({ name: 'scratch-usr-src-app-node-modules', emptyDir: {} });
    expect(converted.warningsAt('services.backend.volumes.0')).toEqual([
      expect.stringMatching(/^services\.backend\.volumes\.0: anonymous volume \/usr\/src\/app\/node_modules is filled with the image's files, as Docker fills a new volume/),
    ]);
  });

  it('gets no copier with nocopy', () => {
    expect(initNames(converted.object('Deployment', 'shielded'))).toEqual([]);
  });
});

describe("an application installed in its folder of /opt (tobybatch/kimai2's kimai FPM image at /opt/kimai)", () => {
  const kimai = (publicTarget = '/opt/kimai/public') => `
services:
  nginx:
    image: tobybatch/nginx-fpm-reverse-proxy:latest
    ports: ['8001:80']
    volumes: ['public:${publicTarget}:ro']
    depends_on: [kimai]
  kimai:
    image: kimai/kimai2:fpm
    volumes: ['public:${publicTarget}']
volumes:
  public:
`;

  it('fills the volume nginx serves with the public folder the image carries, as Docker does', () => {
    const converted = convertCompose(kimai());
    const app = converted.object('Deployment', 'kimai');
    expect(initNames(app)).toEqual(['image-files-public']);
    expect(podSpec(app).initContainers[0].image).toBe('kimai/kimai2:fpm');
    expect(podSpec(app).initContainers[0].command[2]).toContain(`cp -R '/opt/kimai/public'/. "$s"`);
    expect(initNames(converted.object('Deployment', 'nginx')).filter((name) => name.startsWith('image-files-'))).toEqual([]);
  });

  it('leaves data and hidden folders of /opt, and /opt itself, empty', () => {
    for (const target of ['/opt/data/assets', '/opt/netbox/netbox/media', '/opt/kimai/.cache', '/opt']) {
      expect(initNames(convertCompose(kimai(target)).object('Deployment', 'kimai')), target).toEqual([]);
    }
  });
});

/** openfrontier/ci-compose's openldap and Zeigren/phorge_docker's phorge: named volumes over configuration folders of /etc. */
describe("a named volume over a configuration folder the image installs in /etc (openldap's /etc/ldap, phorge's /etc/ssh)", () => {
  const etc = (target: string, image = 'openfrontier/openldap-server:2.4.57') => `
services:
  app:
    image: ${image}
    volumes: ['config:${target}']
volumes:
  config:
`;

  it("is filled with the package's configuration the image carries, as Docker fills it", () => {
    const app = convertCompose(etc('/etc/ldap')).object('Deployment', 'app');
    expect(initNames(app)).toEqual(['image-files-config']);
    expect(podSpec(app).initContainers[0].command[2]).toContain(`cp -R '/etc/ldap'/. "$s"`);
    expect(initNames(convertCompose(etc('/etc/nginx/conf.d', 'nginx:1.27')).object('Deployment', 'app'))).toEqual(['image-files-config']);
  });

  it("copies sshd's folder as key material: its host keys keep their mode and go to the service's user", () => {
    const converted = convertCompose(etc('/etc/ssh', 'zeigren/phorge:2024.35'));
    expect(initNames(converted.object('Deployment', 'app'))).toEqual(['image-files-config']);
    expect(converted.warnings.map((warning) => warning.message).join('\n')).toContain("the image's files at /etc/ssh are key material");
  });

  it("leaves the base system's folders, key material, data and certificates obtained at run time empty", () => {
    for (const target of ['/etc/ssl/certs', '/etc/apt', '/etc/cron.d', '/etc/secrets', '/etc/nginx/certs', '/etc/letsencrypt', '/etc/traefik/acme', '/etc/app/data', '/etc/.hidden', '/etc']) {
      expect(initNames(convertCompose(etc(target)).object('Deployment', 'app')), target).toEqual([]);
    }
  });
});

/**
 * HumanSignal/label-studio's docker-compose.yml: the app image keeps its Django application (and the
 * static files it builds) in /label-studio/label_studio, shared with nginx through the volume
 * `static`; nginx serves the static files from it.
 */
const labelStudio = (more = '') => `
services:
  nginx:
    image: nginx:1.27
    ports: ['8080:80']
    depends_on: [app]
    volumes: ['static:/label-studio/label_studio:rw']
  app:
    image: heartexlabs/label-studio:1.13.1
    expose: ['8080']
    volumes: ['static:/label-studio/label_studio:rw', 'media:/label-studio/data']
${more}
volumes:
  static:
  media:
  prom:
`;

describe("a shared named volume in the folder named after the image (label-studio's /label-studio/label_studio)", () => {
  const converted = convertCompose(labelStudio());

  it("is filled with the app image's files, by the service of that image only", () => {
    const app = converted.object('Deployment', 'app');
    expect(initNames(app)).toEqual(['image-files-static']);
    const [copy] = podSpec(app).initContainers;
    expect(copy.image).toBe('heartexlabs/label-studio:1.13.1');
    expect(copy.command[2]).toContain(`cp -R '/label-studio/label_studio'/. "$s"`);
    expect(initNames(converted.object('Deployment', 'nginx')).filter((name) => name.startsWith('image-files-'))).toEqual([]);
  });

  it("says so once, at the app's mount", () => {
    expect(converted.warnings.filter((warning) => warning.message.includes("image's files at"))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^volume 'static' \(app, nginx\) is filled with the image's files at \/label-studio\/label_studio/) }),
    ]);
  });

  it('but not a data folder in it, a folder one service alone mounts, nor a folder named after another image', () => {
    const other = convertCompose(labelStudio(`  prometheus:
    image: prom/prometheus:v2.53.0
    volumes: ['prom:/prometheus']
  sidecar:
    image: x/label-studio-exporter:1
    volumes: ['static:/label-studio/label_studio', 'media:/label-studio/data']`));
    expect(initNames(other.object('Deployment', 'app'))).toEqual(['image-files-static']);
    for (const name of ['prometheus', 'sidecar']) {
      expect(initNames(other.object('Deployment', name)).filter((init) => init.startsWith('image-files-'))).toEqual([]);
    }
  });
});

/** openemr/openemr-devops' lightsail production compose: OpenEMR in Alpine's Apache document root. */
describe("a named volume in Alpine's Apache document root (OpenEMR's sites folder)", () => {
  it("is filled with the image's files, as the start script needs sites/default/sqlconf.php; the logs are not", () => {
    const converted = convertCompose(`
services:
  mysql:
    image: mariadb:10.11
    environment: {MYSQL_ROOT_PASSWORD: root}
    volumes: ['databasevolume:/var/lib/mysql']
  openemr:
    image: openemr/openemr:7.0.3
    ports: ['80:80']
    volumes: ['logvolume01:/var/log', 'sitevolume:/var/www/localhost/htdocs/openemr/sites']
    environment: {MYSQL_HOST: mysql}
    depends_on: [mysql]
volumes:
  databasevolume: {}
  logvolume01: {}
  sitevolume: {}
`);
    const openemr = converted.object('Deployment', 'openemr');
    expect(initNames(openemr).filter((name) => name.startsWith('image-files-'))).toEqual(['image-files-sitevolume']);
    const copy = podSpec(openemr).initContainers.find((init: Json) => init.name === 'image-files-sitevolume');
    expect(copy.image).toBe('openemr/openemr:7.0.3');
    expect(copy.command[2]).toContain(`cp -R '/var/www/localhost/htdocs/openemr/sites'/. "$s"`);
  });
});

describe("a pod that gives its claims no group (tt-rss's app, root for its `apk add`)", () => {
  const converted = convertCompose(`
services:
  app:
    image: cthulhoo/ttrss-fpm-pgsql-static:latest
    command: sh -c "apk add sed && exec /opt/tt-rss/startup.sh"
    volumes: ['app:/var/www/html']
  web-nginx:
    image: cthulhoo/ttrss-web-nginx:latest
    ports: ['8280:80']
    volumes: ['app:/var/www/html:ro']
    depends_on: [app]
  updater:
    # An image of no known user: it runs as uid 1000, so its pod gives its claims a group.
    image: example/ttrss-updater:1.0
    command: /opt/tt-rss/updater.sh
    volumes: ['app:/var/www/html']
volumes:
  app:
`);
  const copier = (name: string): Json => podSpec(converted.object('Deployment', name)).initContainers.find((init: Json) => init.name === 'image-files-app');

  it("copies as the service's user, root, the owner of a new claim, with no capability", () => {
    expect(podSpec(converted.object('Deployment', 'app')).securityContext?.fsGroup).toBeUndefined();
    expect(copier('app').securityContext).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('but as nobody where the pod gives its claims a group, which then owns the copies', () => {
    expect(podSpec(converted.object('Deployment', 'updater')).securityContext?.fsGroup).toBeDefined();
    expect(copier('updater').securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true });
  });
});

/** An image without a shell cannot run the copier (shell-less-images.ts): no copy, said, and the pod starts. */
describe("a volume the image would fill, in an image without a shell", () => {
  const stack = (app: string) => `
services:
  app:
${app}
    volumes: ['static:/app/static']
  nginx:
    image: nginx:1.27-alpine
    volumes: ['static:/usr/share/nginx/html:ro']
volumes:
  static:
`;

  it.each([
    ['a distroless image', '    image: gcr.io/distroless/static-debian12:nonroot', 'its image gcr.io/distroless/static-debian12:nonroot is a distroless image, which has no shell'],
    ['a Chainguard image', '    image: cgr.dev/chainguard/static:latest', 'its image cgr.dev/chainguard/static:latest is a Chainguard image'],
  ])('gets no copier in %s, and a warning that its claim starts empty', (_, app, reason) => {
    const converted = convertCompose(stack(app));
    expect(initNames(converted.object('Deployment', 'app'))).toEqual([]);
    expect(converted.warningsAt('services.app.volumes.0').join('\n')).toContain(`is not filled with the image's files at /app/static, as Docker fills a new named volume: ${reason}`);
  });

  it.each([
    ["built FROM scratch", '    build: ./app', { 'app/Dockerfile': 'FROM scratch\nCOPY server /server\nENTRYPOINT ["/server"]\n', 'app/server': 'x' }, 'its image is built FROM scratch'],
    ['built on distroless', '    build: ./app', { 'app/Dockerfile': 'FROM gcr.io/distroless/base-debian12\nCOPY server /server\n', 'app/server': 'x' }, 'its image is built on gcr.io/distroless/base-debian12, a distroless image'],
  ])('gets no copier %s', (_, service, files, reason) => {
    const directory = mkdtempSync(join(tmpdir(), 'shell-less-'));
    try {
      for (const [name, text] of Object.entries({ ...files, 'compose.yaml': stack(service) })) {
        mkdirSync(dirname(join(directory, name)), { recursive: true });
        writeFileSync(join(directory, name), text);
      }
      const project = loadProject({ cwd: directory, environment: {}, projectName: 'demo' });
      const plan = translate(project, { imageFacts: readProjectImageFacts(project, undefined) });
      const workload = plan.entries.map((entry) => entry.manifest as Json).find((manifest) => manifest.kind === 'Deployment' && manifest.metadata.name === 'app');
      expect(initNames(workload)).toEqual([]);
      expect(plan.warnings.map((warning) => warning.message).join('\n')).toContain(reason);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("keeps the copier for a distroless :debug tag, which carries busybox's shell", () => {
    expect(initNames(convertCompose(stack('    image: gcr.io/distroless/base:debug')).object('Deployment', 'app'))).toEqual(['image-files-static']);
  });
});

/**
 * Graylog2/docker-compose (rw17ua): graylog/graylog ships graylog.conf and log4j2.xml in
 * /usr/share/graylog/data/config, below its VOLUME /usr/share/graylog/data, where the stack mounts a
 * named volume; no path rule recognised the data folder, and the server found no configuration.
 */
describe('a named volume over the VOLUME a well-known image ships its configuration in', () => {
  const graylog = (image: string) => convertCompose(`services:
  graylog:
    image: ${image}
    volumes: ['graylog-data:/usr/share/graylog/data', 'graylog-journal:/usr/share/graylog/data/journal']
volumes: {graylog-data: {}, graylog-journal: {}}
`);
  const copies = (converted: ReturnType<typeof convertCompose>): string[] =>
    (converted.object('Deployment', 'graylog').spec.template.spec.initContainers ?? []).map((c: Json) => c.name).filter((name: string) => name.startsWith('image-files-'));

  it("is filled with the image's files, the journal below it not", () => {
    expect(copies(graylog('graylog/graylog:7.0'))).toEqual(['image-files-graylog-data']);
    expect(copies(graylog('docker.io/graylog/graylog-enterprise:7.0'))).toEqual(['image-files-graylog-data']);
    // Another image's data folder holds what its program writes: it starts empty.
    expect(copies(graylog('example/graylog-like:1'))).toEqual([]);
  });
});
