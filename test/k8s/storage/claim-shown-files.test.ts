/**
 * A project file bound where the same service's folder bind already shows it is the claim's file when
 * that folder is a claim: on the host both are one file, which a task may rewrite
 * (OffchainLabs/eth-pos-devnet's genesis.json, written by prysmctl for geth-genesis).
 */
import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

const devnet = (fileMount: string) =>
  [
    'services:',
    '  genesis:',
    '    image: gcr.io/prysmaticlabs/prysm/cmd/prysmctl:v4.1.1',
    '    command: ["testnet", "generate-genesis", "--geth-genesis-json-out=/execution/genesis.json"]',
    '    volumes:',
    '      - ./execution:/execution',
    '  geth-genesis:',
    '    image: ethereum/client-go:v1.13.5',
    '    command: --datadir=/execution init /execution/genesis.json',
    '    volumes:',
    '      - ./execution:/execution',
    `      - ${fileMount}`,
    '    depends_on:',
    '      genesis:',
    '        condition: service_completed_successfully',
    '',
  ].join('\n');

const mountsOf = (result: ReturnType<typeof convertCompose>, name: string): Json[] => {
  const kinds = ['Job', 'Deployment', 'StatefulSet'];
  const workload = kinds.flatMap((kind) => result.objects(kind)).find((candidate: Json) => candidate.metadata.name === name || candidate.metadata.name.startsWith(`${name}-`)) as Json;
  if (workload === undefined) throw new Error(`no workload ${name}: ${kinds.flatMap((kind) => result.objects(kind)).map((w: Json) => w.metadata.name).join(', ')}`);
  return workload.spec.template.spec.containers[0].volumeMounts;
};

describe('a project file bound inside a folder bind of the same service that is a claim', () => {
  const result = convertCompose(devnet('./execution/genesis.json:/execution/genesis.json'), { 'execution/genesis.json': '{"config": {}}\n' });

  it("is the claim's file: no ConfigMap mounted over it", () => {
    expect(mountsOf(result, 'geth-genesis').map((mount: Json) => mount.mountPath)).toEqual(['/execution']);
    expect(result.objects('ConfigMap').map((map: Json) => map.metadata.name)).not.toContain('geth-genesis-execution-genesis-json');
  });

  it('says so once, where the file is bound', () => {
    expect(result.warnings.map((warning) => warning.message).filter((message) => message.includes('./execution/genesis.json is not mounted on its own'))).toEqual([
      expect.stringMatching(/the service mounts \.\/execution at \/execution, whose claim shows this file at \/execution\/genesis\.json/),
    ]);
  });

  it('stays a file of its own at another path', () => {
    const elsewhere = convertCompose(devnet('./execution/genesis.json:/genesis.json'), { 'execution/genesis.json': '{"config": {}}\n' });
    expect(mountsOf(elsewhere, 'geth-genesis').map((mount: Json) => mount.mountPath)).toEqual(['/execution', '/genesis.json']);
  });
});
