import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../lib/compose/errors.ts';
import { loadProject } from '../../lib/compose/load.ts';
import { sharedFolder } from './support/shared.ts';

/**
 * Every awesome-compose sample loads, except those whose `db-password` secret file
 * (`db/password.txt`) is not shipped with the sample: those fail with one error naming the file
 * and the secret's `file:` key.
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

  it.each([...MISSING_SECRET_FILE])('%s fails naming its missing secret file', (sample) => {
    const directory = path.join(corpus ?? '', sample);
    let error: unknown;
    try {
      loadProject({ cwd: directory, environment: {} });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ComposeError);
    const composeError = error as ComposeError;
    expect(composeError.key).toBe('secrets.db-password.file');
    expect(composeError.message).toContain(`${path.join(directory, 'db', 'password.txt')} not found`);
    expect(composeError.location?.file).toBe(path.join(directory, 'compose.yaml'));
  });
});
