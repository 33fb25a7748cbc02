import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

/** openemr's development stack: couchdb rewrites its local.ini, which compose mounts `:rw`. */
describe('a project file compose mounts read-write in so many words', () => {
  it.each([
    ['./local.ini:/opt/couchdb/etc/local.ini:rw'],
    ['./local.ini:/opt/couchdb/etc/local.ini:z,rw'],
    ['{type: bind, source: ./local.ini, target: /opt/couchdb/etc/local.ini, read_only: false}'],
  ])('%s: says that the ConfigMap it becomes is read-only', (volume) => {
    const converted = convertCompose(`services:\n  couchdb:\n    image: couchdb:3.5.1\n    volumes:\n      - ${volume}\n`, { 'local.ini': '[couchdb]\nsingle_node=true\n' });
    expect(converted.warningsAt('services.couchdb.volumes.0')).toContainEqual(expect.stringContaining('./local.ini is mounted read-write, as the compose file asks, but the ConfigMap it becomes is read-only in the pod'));
  });

  it.each([['./local.ini:/opt/couchdb/etc/local.ini'], ['./local.ini:/opt/couchdb/etc/local.ini:ro'], ['./local.ini:/opt/couchdb/etc/local.ini:z']])('%s: says nothing, as most files leave it unsaid', (volume) => {
    const converted = convertCompose(`services:\n  couchdb:\n    image: couchdb:3.5.1\n    volumes:\n      - ${volume}\n`, { 'local.ini': '[couchdb]\nsingle_node=true\n' });
    expect(converted.warnings.some((warning) => warning.message.includes('is mounted read-write'))).toBe(false);
  });
});

/** LinkAce's production stack: its web setup saves its settings into the `.env` compose mounts. */
describe("an application's .env mounted into its folder", () => {
  const linkace = (volume: string) =>
    convertCompose(`services:\n  app:\n    image: linkace/linkace:v1.15\n    volumes:\n      - ${volume}\n`, { '.env': 'APP_KEY=\nDB_HOST=db\n' });

  it('says that its setup cannot write it, as the Secret or ConfigMap it becomes is read-only', () => {
    expect(linkace('./.env:/app/.env').warningsAt('services.app.volumes.0')).toContainEqual(expect.stringContaining("./.env is the application's .env, which its setup may write"));
  });

  it('says nothing where compose mounts it read-only', () => {
    expect(linkace('./.env:/app/.env:ro').warnings.some((warning) => warning.message.includes("application's .env"))).toBe(false);
  });
});
