/**
 * Issue 11's five conversions that exited 0 with broken output and no warning: two compose inputs
 * met on one Kubernetes name and the first one won. Each now gets its own name (reported), or one
 * located error naming both.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import { translate } from '../../../lib/k8s/translate.ts';
import { composeFile as project } from '../robustness/compose-files.ts';
import { conversionError, find, plan, podOf } from './support.ts';

describe('names two compose inputs meet on', () => {
  test('named volumes d_a and d-a would be one claim: an error naming both, at the second', () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    volumes: ["d_a:/a", "d-a:/b"]
volumes:
  d_a: {}
  d-a: {}
`);
    const error = conversionError(file);
    expect(error.message).toBe("PersistentVolumeClaim 'd-a' would be created twice (for volume 'd_a' and volume 'd-a'); rename one of them so that the names differ");
    expect(error.key).toBe('services.web.volumes.1');
    expect(error.location).toMatchObject({ file, line: 4 });
  });

  test('configs c_a and c-a would be one ConfigMap holding only c_a: an error naming both', () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    configs:
      - {source: c_a, target: /etc/a.conf}
      - {source: c-a, target: /etc/b.conf}
configs:
  c_a: {content: x}
  c-a: {content: y}
`);
    expect(conversionError(file).message).toBe("ConfigMap 'c-a' would be created twice (for config 'c_a' and config 'c-a'); rename one of them so that the names differ");
  });

  test('a named volume secret-db and a compose secret db keep two pod volumes, the later one renamed and reported', () => {
    const file = project(`services:
  db:
    image: postgres:16
    volumes: ["secret-db:/var/lib/postgresql/data"]
    secrets: [db]
volumes:
  secret-db: {}
secrets:
  db: {file: ./db.txt}
`, { 'db.txt': 'pw\n' });
    const translation = translate(loadProject({ files: [file], environment: {} }), { options: { services: { db: { workload: 'Deployment' } } } });
    const pod = podOf(translation, 'db');
    const volumes = new Map((pod.volumes ?? []).map((volume) => [volume.name, volume]));
    expect(volumes.get('secret-db')?.persistentVolumeClaim?.claimName).toBe('secret-db');
    expect(volumes.get('secret-db-2')?.secret?.secretName).toBe('db');
    const mounts = pod.containers[0]!.volumeMounts ?? [];
    expect(mounts.find((mount) => mount.mountPath === '/run/secrets/db')?.name).toBe('secret-db-2');
    expect(mounts.find((mount) => mount.mountPath === '/var/lib/postgresql/data')?.name).toBe('secret-db');
    expect(translation.warnings.map((warning) => warning.message)).toContain(
      "volume 'secret-db' is named 'secret-db-2' in the pod of service 'db': 'secret-db' is taken",
    );
  });

  test('a bind-mounted file of service web and a config web-conf would be one ConfigMap: an error naming both', () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    volumes: ["./app.conf:/conf:ro"]
    configs: [web-conf]
configs:
  web-conf: {content: "listen 80;"}
`, { 'app.conf': 'key=value\n' });
    expect(conversionError(file).message).toBe(
      `ConfigMap 'web-conf' would be created twice (for bind mount ${join(file, '..', 'app.conf')} of service 'web' and config 'web-conf'); rename one of them so that the names differ`,
    );
  });

  test('files of a bind-mounted directory that spell one key (ä.conf, ı.conf) are both shipped, under their own names', () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    volumes: ["./conf.d:/etc/app/conf.d:ro"]
`, { 'conf.d/ä.conf': 'a-umlaut\n', 'conf.d/ı.conf': 'dotless-i\n' });
    const translation = plan(file);
    const map = find<k8s.ConfigMap>(translation, 'ConfigMap', 'web-etc-app-conf-d');
    expect(map.data).toEqual({ '_.conf': 'a-umlaut\n', '_.conf-2': 'dotless-i\n' });
    const volume = podOf(translation, 'web').volumes?.find((candidate) => candidate.configMap?.name === 'web-etc-app-conf-d');
    expect(volume?.configMap?.items).toEqual([
      { key: '_.conf', path: 'ä.conf' },
      { key: '_.conf-2', path: 'ı.conf' },
    ]);
    expect(translation.warnings.map((warning) => warning.message)).toContain(
      "the key of ./conf.d/ı.conf is named '_.conf-2' in web-etc-app-conf-d: '_.conf' is taken",
    );
  });

  test('which file gets the plain key follows code-unit order, not the locale (Ä.conf before ä.conf)', () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    volumes: ["./conf.d:/etc/app/conf.d:ro"]
`, { 'conf.d/ä.conf': 'small\n', 'conf.d/Ä.conf': 'capital\n' });
    const map = find<k8s.ConfigMap>(plan(file), 'ConfigMap', 'web-etc-app-conf-d');
    // localeCompare puts ä first; code units put Ä (U+00C4) first on every machine.
    expect(map.data).toEqual({ '_.conf': 'capital\n', '_.conf-2': 'small\n' });
  });
});
