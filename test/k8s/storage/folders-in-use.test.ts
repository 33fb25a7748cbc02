/**
 * A path named like a file (a host name: `peer0.org1.example.com`) that its service uses as a folder
 * (its environment names paths below the mount) is a folder: fabric-samples' peers got a ConfigMap
 * to create with one key, mounted as a file where the peer reads its msp/ and tls/ folders, until
 * 2026-12-07.
 */
import { describe, expect, it } from 'vitest';
import { namesPathBelow } from '../../../lib/k8s/storage/folders-in-use.ts';
import { makeService } from '../../support/model.ts';
import { convertCompose, type Json } from '../support/compose-text.ts';

const volumesOf = (pod: Json): Json[] => pod.spec.template.spec.volumes ?? [];
const mountOf = (pod: Json, path: string): Json => pod.spec.template.spec.containers[0].volumeMounts.find((mount: Json) => mount.mountPath === path);

// hyperledger/fabric-samples' test-network/compose/compose-test-net.yaml (trimmed): the folder is
// written by the network's scripts (cryptogen or the CA's enrolment) before the peer starts.
const fabric = [
  'services:',
  '  peer0.org1.example.com:',
  '    image: hyperledger/fabric-peer:2.5',
  '    environment:',
  '      - CORE_PEER_TLS_KEY_FILE=/etc/hyperledger/fabric/tls/server.key',
  '      - CORE_PEER_MSPCONFIGPATH=/etc/hyperledger/fabric/msp',
  '    command: peer node start',
  '    volumes:',
  '      - ../organizations/peerOrganizations/org1.example.com/peers/peer0.org1.example.com:/etc/hyperledger/fabric',
  '',
].join('\n');

describe('a missing path named like a host that its service reads folders below', () => {
  const result = convertCompose(fabric);
  const peer = result.object('Deployment', 'peer0-org1-example-com');

  it('is a folder: a claim mounted whole, not a ConfigMap to create mounted as one file', () => {
    expect(result.objects('ConfigMap')).toEqual([]);
    expect(result.plan.toCreate).toEqual([]);
    const mount = mountOf(peer, '/etc/hyperledger/fabric');
    expect(mount.subPath).toBeUndefined();
    const volume = volumesOf(peer).find((candidate: Json) => candidate.name === mount.name);
    expect(volume.persistentVolumeClaim).toBeDefined();
  });

  it('stays a file to create when nothing names a path below it (an nginx site named after its host)', () => {
    const site = ['services:', '  web:', '    image: nginx:1.27', '    volumes:', '      - ./sites/example.com:/etc/nginx/conf.d/example.com:ro', ''].join('\n');
    expect(convertCompose(site).plan.toCreate).toContainEqual(expect.objectContaining({ kind: 'ConfigMap' }));
  });
});

describe('namesPathBelow', () => {
  const service = (environment: Record<string, string>, command?: string[]) => makeService('peer', { environment, ...(command ? { command } : {}) });

  it('finds a whole path below the target in a value or a word of the command', () => {
    expect(namesPathBelow(service({ ROOTCAS: '[/var/hyperledger/orderer/tls/ca.crt]' }), '/var/hyperledger/orderer/tls')).toBe(true);
    expect(namesPathBelow(service({}, ['--config', '/etc/app/conf/app.toml']), '/etc/app/')).toBe(true);
  });

  it('finds nothing for the target itself, a path that merely ends like it, or the root', () => {
    expect(namesPathBelow(service({ MSP: '/etc/hyperledger/fabric' }), '/etc/hyperledger/fabric')).toBe(false);
    expect(namesPathBelow(service({ MSP: '/opt/etc/hyperledger/fabric/msp' }), '/etc/hyperledger/fabric')).toBe(false);
    expect(namesPathBelow(service({ MSP: '/etc/hyperledger/fabric/ ' }), '/etc/hyperledger/fabric')).toBe(false);
    expect(namesPathBelow(service({ ANY: '/x/y' }), '/')).toBe(false);
  });
});
