import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { load, loadError, writeTree } from '../support/project.ts';
import { sharedFolder } from '../support/shared.ts';

describe('include', () => {
  it('merges included files with their relative paths resolved against their own directory', () => {
    const project = load({
      'compose.yaml': 'include:\n  - infra/db.yaml\nservices:\n  web:\n    image: app\n    depends_on: [db]\n',
      'infra/db.yaml': 'services:\n  db:\n    image: postgres\n    volumes: [./init:/docker-entrypoint-initdb.d]\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw.txt\n',
      'infra/pw.txt': 'pw',
    });
    const infra = path.join(project.workingDir, 'infra');
    expect(Object.keys(project.services)).toEqual(['db', 'web']);
    expect(project.services['db']?.volumes[0]).toMatchObject({ type: 'bind', source: path.join(infra, 'init') });
    expect(project.secrets['pw']).toMatchObject({ source: { kind: 'file', path: path.join(infra, 'pw.txt') }, value: 'pw' });
  });

  // coleam00/local-ai-packaged includes supabase's compose file, which names its own project.
  it("keeps the including project's name and extensions: an included file brings its resources alone, as compose-go imports them", () => {
    const project = load({
      'compose.yaml': 'include:\n  - supabase/docker-compose.yml\nservices:\n  n8n:\n    image: n8nio/n8n:1.80.0\n',
      'supabase/docker-compose.yml': 'name: supabase\nx-kubernetes:\n  exposure: LoadBalancer\nx-anchor: &pg\n  image: postgres:16\nservices:\n  db:\n    <<: *pg\n',
    });
    expect(project.name).not.toBe('supabase');
    expect(Object.keys(project.services)).toEqual(['db', 'n8n']);
    expect(project.services['db']?.image).toBe('postgres:16');
    expect(project.extensions).toEqual({});
    // Said where the included file writes them, so that its options are not lost silently.
    const said = project.warnings.filter((warning) => warning.location?.file.endsWith('docker-compose.yml'));
    expect(said.map((warning) => [warning.key, warning.location?.line])).toEqual([['name', 1], ['x-kubernetes', 2], ['x-anchor', 4]]);
    expect(said[1]?.message).toBe('x-kubernetes: not read from an included file, which brings its services, jobs, networks, volumes, secrets, configs, models alone (as compose includes it): write it in the including file');
  });

  it('rejects a resource defined both by an included file and the including file', () => {
    const error = loadError({
      'compose.yaml': 'include:\n  - other.yaml\nservices:\n  web:\n    image: app\n',
      'other.yaml': 'services:\n  web:\n    image: other\n',
    });
    expect(error.message).toMatch(/^services\.web: conflicts with the service of the same name included from .*other\.yaml$/);
    expect(error.location).toMatchObject({ line: 4, column: 3 });
  });

  it('refuses a remote include (git, OCI), which docker compose fetches itself, naming it at its line', () => {
    for (const [entry, address] of [
      ['- https://github.com/example/stack.git#main:compose.yaml', 'https://github.com/example/stack.git#main:compose.yaml'],
      ['- path: oci://docker.io/example/stack:1', 'oci://docker.io/example/stack:1'],
    ]) {
      const error = loadError({ 'compose.yaml': `include:\n  ${entry}\nservices: {}\n` });
      expect(error.message).toBe(`include.0: ${address} is a remote resource, which is not fetched: download it and include it by its path`);
      expect(error.location).toMatchObject({ line: 2, column: 5 });
    }
  });

  it('rejects include cycles', () => {
    const error = loadError({ 'compose.yaml': 'include: [a.yaml]\nservices: {}\n', 'a.yaml': 'include: [compose.yaml]\n' });
    expect(error.message).toContain('include cycle');
  });

  it('interpolates included files with their env_file below the project variables', () => {
    const project = load(
      {
        'compose.yaml': 'include:\n  - path: a.yaml\n    env_file: a.env\nservices:\n  main:\n    image: main:${TAG:-none}\n',
        'a.yaml': 'services:\n  a:\n    image: a:${TAG}\n    environment: {REGION: "${REGION}"}\n',
        'a.env': 'TAG=from-env-file\nREGION=eu\n',
      },
      { environment: { REGION: 'us' } },
    );
    expect(project.services['a']).toMatchObject({ image: 'a:from-env-file', environment: { REGION: 'us' } });
    expect(project.services['main']?.image).toBe('main:none');
    const missing = loadError({ 'compose.yaml': 'include:\n  - path: a.yaml\n    env_file: nope.env\n', 'a.yaml': 'services: {}\n' });
    expect(missing.message).toMatch(/^include\.0\.env_file: env file .*nope\.env not found$/);
  });

  const testdata = sharedFolder('compose-vectors', 'compose-go', 'loader', 'testdata');
  it.skipIf(!testdata)('honours project_directory (compose-go include/project-directory.yaml)', () => {
    const directory = writeTree({});
    cpSync(testdata ?? '', directory, { recursive: true });
    const project = loadProject({ cwd: directory, files: ['include/project-directory.yaml'], environment: {}, projectName: 'x' });
    const subdir = path.join(directory, 'subdir');
    expect(project.services['service']?.build?.context).toBe(subdir);
    expect(project.services['service']?.volumes[0]).toMatchObject({ source: path.join(subdir, 'compose-test-extends-imported.yaml') });
    expect(project.services['service']?.environment).toEqual({ SOURCE: 'extends' });
  });
});
