import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/compose/load.ts';
import { sharedFolder } from './support/shared.ts';

/**
 * Every awesome-compose sample loads. Those whose `db-password` secret file (`db/password.txt`) is
 * not shipped load too, as with compose-go: the secret is marked missing (no value), for the
 * translation to list among the objects to create.
 */
const corpus = sharedFolder('corpus', 'awesome-compose');
const samples = corpus ? readdirSync(corpus).filter((name) => statSync(path.join(corpus, name)).isDirectory()).sort() : [];

const MISSING_SECRET_FILE = new Set([
  'nginx-aspnet-mysql',
  'nginx-flask-mysql',
  'nginx-golang-mysql',
  'nginx-golang-postgres',
  'react-express-mysql',
  'react-java-mysql',
  'sparkjava-mysql',
  'spring-postgres',
]);

describe.skipIf(!corpus)('awesome-compose corpus', () => {
  it('has the 39 samples', () => {
    expect(samples).toHaveLength(39);
  });

  it.each(samples.filter((sample) => !MISSING_SECRET_FILE.has(sample)))('%s loads', (sample) => {
    const project = loadProject({ cwd: path.join(corpus ?? '', sample), environment: {} });
    expect(project.name).toBe(sample.toLowerCase());
    expect(Object.keys(project.services).length).toBeGreaterThan(0);
    for (const service of Object.values(project.services)) expect(service.image ?? service.build).toBeDefined();
  });

  it.each([...MISSING_SECRET_FILE])('%s loads with its absent secret file marked missing', (sample) => {
    const directory = path.join(corpus ?? '', sample);
    const secret = loadProject({ cwd: directory, environment: {} }).secrets['db-password'];
    expect(secret).toMatchObject({ source: { kind: 'file', path: path.join(directory, 'db', 'password.txt') }, missing: 'absent' });
    expect(secret?.value).toBeUndefined();
  });
});
