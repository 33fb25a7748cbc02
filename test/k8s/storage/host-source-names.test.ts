/** Names of host paths never carry the converting machine's directories (host-source-names.ts). */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceVolume } from '../../../lib/compose/model.ts';
import { hostPathLabel, projectPath, withProjectPaths } from '../../../lib/k8s/storage/host-source-names.ts';
import { makeProject, makeService } from '../../support/model.ts';

const bind = (source: string, target: string, sourceRelativeTo?: 'project' | 'home'): ServiceVolume => ({
  type: 'bind',
  source,
  target,
  readOnly: false,
  createHostPath: true,
  ...(sourceRelativeTo ? { sourceRelativeTo } : {}),
});

describe('a host path as the project names it', () => {
  // The compose file below /home/me/stack writes `../common/scripts`, `.` and `/srv/certs`.
  const project = makeProject(
    [
      makeService('app', {
        volumes: [
          bind('/home/me/common/scripts', '/scripts', 'project'),
          bind('/home/me/stack', '/workspace', 'project'),
          bind('/srv/certs', '/certs'),
          bind('/home/me/stack/conf', '/etc/app', 'project'),
          bind(join(homedir(), 'keys'), '/keys', 'home'),
        ],
      }),
    ],
    { workingDir: '/home/me/stack' },
  );

  it('writes the paths a message names as the project does, below a bind source too', () => {
    expect(withProjectPaths('host path /home/me/stack/dags does not exist', project)).toBe('host path ./dags does not exist');
    expect(withProjectPaths('/home/me/common/scripts/run.sh is mounted (from /home/me/stack)', project)).toBe('../common/scripts/run.sh is mounted (from .)');
    expect(withProjectPaths(`create it from ${join(homedir(), 'keys')}/id: done.`, project)).toBe('create it from ~/keys/id: done.');
    // As the compose file writes them on every machine: an absolute source, a path of the image, a URL's path.
    expect(withProjectPaths('/srv/certs and /home/me/other and /etc/nginx and http://web/home/me/stack', project)).toBe('/srv/certs and /home/me/other and /etc/nginx and http://web/home/me/stack');
    // A longer directory whose name starts with the project's is another directory.
    expect(withProjectPaths('/home/me/stacks/x', project)).toBe('/home/me/stacks/x');
  });

  it('is relative to the project directory inside it, and where a compose file writes it relative', () => {
    expect(projectPath(project, '/home/me/stack/conf')).toBe('conf');
    expect(projectPath(project, '/home/me/stack')).toBe('.');
    expect(projectPath(project, '/home/me/common/scripts')).toBe('../common/scripts');
  });

  it('is the absolute path a compose file writes, the same on every machine', () => {
    expect(projectPath(project, '/srv/certs')).toBe('/srv/certs');
  });

  it('keeps `~` where a compose file writes it: the home directory differs between machines', () => {
    expect(projectPath(project, join(homedir(), 'keys'))).toBe('~/keys');
    expect(hostPathLabel(project, join(homedir(), 'keys'))).toBe('home-keys');
  });

  it('spells `..` as `up` and the project directory as `project` in names', () => {
    expect(hostPathLabel(project, '/home/me/common/scripts', 'host-')).toBe('host-up-common-scripts');
    expect(hostPathLabel(project, '/home/me/stack', 'host-')).toBe('host-project');
    expect(hostPathLabel(project, '/home/me/stack/conf', 'host-')).toBe('host-conf');
    expect(hostPathLabel(project, '/srv/certs')).toBe('srv-certs');
  });
});
