import { describe, expect, it } from 'vitest';
import type { Service, VariableUse } from '../../../lib/compose/model.ts';
import { environmentFor } from '../../../lib/k8s/config-and-secrets/environment.ts';
import { sharedSecretsOf } from '../../../lib/k8s/config-and-secrets/shared-secrets.ts';
import { makeProject, makeService } from '../../support/model.ts';
import { contextFor } from '../support/recording-context.ts';

/** A service whose environment takes `variables` whole: `{ENV: [VARIABLE, value, defaulted?]}`. */
function reading(name: string, variables: Record<string, [string, string, true?]>, extra: Partial<Service> = {}): Service {
  const environment = Object.fromEntries(Object.entries(variables).map(([env, [, value]]) => [env, value]));
  const interpolated = Object.fromEntries(
    Object.entries(variables).map(([env, [variable, value, defaulted]]): [string, VariableUse[]] => [`environment.${env}`, [{ name: variable, value, ...(defaulted ? { defaulted } : {}) }]]),
  );
  return makeService(name, { ...extra, environment: { ...environment, ...extra.environment }, interpolated: { ...interpolated, ...extra.interpolated } });
}

const ref = (name: string, key: string) => ({ secretKeyRef: { name, key } });
const payloads = (secrets: readonly { name: string; stringData: Readonly<Record<string, string>> }[]) => secrets.map(({ name, stringData }) => ({ name, stringData }));

describe('one Secret per secret variable several services read', () => {
  const project = makeProject([
    reading('db', { POSTGRES_PASSWORD: ['DB_PASSWORD', 'pw-1'] }),
    reading('web', { DB_PASSWORD: ['DB_PASSWORD', 'pw-1'], API_TOKEN: ['API_TOKEN', 'tok'] }),
    reading('worker', { DB_PASS: ['DB_PASSWORD', 'pw-1'] }),
  ]);

  it('names it after the variable, keyed by the variable, and lists its readers', () => {
    expect([...sharedSecretsOf(project, {})]).toEqual([['DB_PASSWORD', { name: 'db-password-env', key: 'DB_PASSWORD', services: ['db', 'web', 'worker'], value: 'pw-1' }]]);
  });

  it('every reader references it under its own env name; what one service alone reads stays in <service>-env', () => {
    const db = environmentFor(contextFor(project, 'db').context);
    expect(db.env).toEqual([{ name: 'POSTGRES_PASSWORD', valueFrom: ref('db-password-env', 'DB_PASSWORD') }]);
    expect(payloads(db.secrets)).toEqual([{ name: 'db-password-env', stringData: { DB_PASSWORD: 'pw-1' } }]);
    const web = environmentFor(contextFor(project, 'web').context);
    expect(web.env).toEqual([
      { name: 'API_TOKEN', valueFrom: ref('web-env', 'API_TOKEN') },
      { name: 'DB_PASSWORD', valueFrom: ref('db-password-env', 'DB_PASSWORD') },
    ]);
    expect(payloads(web.secrets)).toEqual([
      { name: 'web-env', stringData: { API_TOKEN: 'tok' } },
      { name: 'db-password-env', stringData: { DB_PASSWORD: 'pw-1' } },
    ]);
    // One owner for all readers: the name registry lets them share the object.
    expect(new Set([db, web].map((result) => result.secrets.find((secret) => secret.name === 'db-password-env')?.owner.id)).size).toBe(1);
  });

  it('a command word of a reader refers to the shared entry too', () => {
    const withCommand = makeProject([
      reading('db', { POSTGRES_PASSWORD: ['DB_PASSWORD', 'pw-1'] }),
      reading('web', { DB_PASSWORD: ['DB_PASSWORD', 'pw-1'] }, { command: ['migrate', 'pw-1'], interpolated: { 'command.1': [{ name: 'DB_PASSWORD', value: 'pw-1' }] } }),
    ]);
    const web = environmentFor(contextFor(withCommand, 'web').context);
    expect(web.args).toEqual(['migrate', '$(DB_PASSWORD)']);
    expect(web.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: ref('db-password-env', 'DB_PASSWORD') }]);
  });
});

describe('what is not shared', () => {
  it('a variable one service reads, a value with more than the variable, a plain variable', () => {
    const project = makeProject([
      reading('db', { POSTGRES_PASSWORD: ['DB_PASSWORD', 'pw'], LOG_LEVEL: ['LOG_LEVEL', 'info'] }),
      reading('web', { LOG_LEVEL: ['LOG_LEVEL', 'info'] }, { environment: { DATABASE_URL: 'postgres://u:pw@db/app' }, interpolated: { 'environment.DATABASE_URL': [{ name: 'DB_PASSWORD', value: 'pw' }] } }),
    ]);
    expect(sharedSecretsOf(project, {}).size).toBe(0);
  });

  it('two compose defaults of an unset variable are two values', () => {
    const project = makeProject([
      reading('a', { PASSWORD: ['SHARED_PASSWORD', 'one', true] }),
      reading('b', { PASSWORD: ['SHARED_PASSWORD', 'two', true] }),
    ]);
    expect(sharedSecretsOf(project, {}).size).toBe(0);
  });

  it('an unset variable is still shared: the choice does not depend on the secret material', () => {
    const project = makeProject([reading('a', { PASSWORD: ['SHARED_PASSWORD', ''] }), reading('b', { PASS: ['SHARED_PASSWORD', ''] })]);
    expect(sharedSecretsOf(project, {}).get('SHARED_PASSWORD')?.name).toBe('shared-password-env');
  });

  it('a name another Secret of the project takes gets -shared-env', () => {
    const project = makeProject([reading('redis-password', { REDIS_PASSWORD: ['REDIS_PASSWORD', 'pw'] }), reading('app', { REDIS_PASSWORD: ['REDIS_PASSWORD', 'pw'] })]);
    expect(sharedSecretsOf(project, { 'redis-password': 'redis-password', app: 'app' }).get('REDIS_PASSWORD')?.name).toBe('redis-password-shared-env');
  });
});
