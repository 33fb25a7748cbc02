/**
 * A read-write project folder that the service's command (`--base-path`, `--datadir`) or environment
 * (`FABRIC_CA_HOME`) names as where it keeps its state is a claim its files fill once, as compose
 * keeps it on the host; copied afresh into an emptyDir at every start, graph-node's parity lost its
 * chain and fabric-samples' CAs made a new root key (until 2026-12-07).
 */
import { describe, expect, it } from 'vitest';
import type { BindMount, Service, ServiceVolume } from '../../../lib/compose/model.ts';
import { dataFolderNamer } from '../../../lib/k8s/storage/named-data-folders.ts';
import { hostDirectory, makeProject, makeService } from '../../support/model.ts';
import { findObject, makeChart, synthManifests, validateManifests } from '../../support/k8s.ts';

const bind = (source: string, target: string, readOnly = false): BindMount => ({ type: 'bind', source, target, readOnly, createHostPath: true });
type Json = any;

function convert(service: Service, source: string, files: Record<string, string>) {
  const chart = makeChart(makeProject([service], { hostFiles: { [source]: hostDirectory(files) } }));
  const docs = synthManifests(chart);
  return { docs, spec: (findObject(docs, 'Deployment', service.name) as Json).spec.template.spec, warnings: chart.warnings.map((warning) => warning.message) };
}

describe("a read-write folder the service's command names as its data directory", () => {
  // graphprotocol/graph-node's docker/docker-compose.yml: the parity dev chain keeps its chain, keys
  // and its config.toml in ./parity, which its --base-path names.
  const parity = makeService('parity', {
    image: 'parity/parity',
    command: ['--config', '/root/.local/share/io.parity.ethereum/config.toml', '--base-path', '/root/.local/share/io.parity.ethereum'],
    volumes: [bind('/project/parity', '/root/.local/share/io.parity.ethereum/') as ServiceVolume],
  });
  const { docs, spec, warnings } = convert(parity, '/project/parity', { 'config.toml': '[parity]\nchain = "dev"\n' });

  it('is a claim filled once, not an emptyDir', () => {
    const volume = spec.volumes.find((candidate: Json) => candidate.name === 'root-local-share-io-parity-ethereum');
    expect(volume).toEqual({ name: 'root-local-share-io-parity-ethereum', persistentVolumeClaim: { claimName: 'parity-root-local-share-io-parity-ethereum' } });
    expect(spec.initContainers.map((container: Json) => container.name)).toEqual(['seed-root-local-share-io-parity-ethereum']);
  });

  it('says which option made it data, once', () => {
    expect(warnings.filter((message) => message.includes('./parity'))).toEqual([
      expect.stringMatching(/is a folder which its command's --base-path names as where the service keeps its data: .*PersistentVolumeClaim 'parity-root-local-share-io-parity-ethereum'.*only while the claim holds no file/),
    ]);
  });

  it('pass the Kubernetes schema', async () => {
    expect(await validateManifests(docs)).toEqual([]);
  });
});

describe("a read-write folder the service's environment names as its home", () => {
  // hyperledger/fabric-samples' test-network/compose/compose-ca.yaml: fabric-ca-server writes its CA
  // certificate, key and database into FABRIC_CA_HOME, the folder the scripts read them from.
  const ca = makeService('ca-org1', {
    image: 'hyperledger/fabric-ca:latest',
    command: ['sh', '-c', 'fabric-ca-server start -d'],
    environment: { FABRIC_CA_HOME: '/etc/hyperledger/fabric-ca-server', FABRIC_CA_SERVER_PORT: '7054' },
    volumes: [bind('/project/organizations/fabric-ca/org1', '/etc/hyperledger/fabric-ca-server') as ServiceVolume],
  });

  it('is a claim filled once', () => {
    const { spec, warnings } = convert(ca, '/project/organizations/fabric-ca/org1', { 'fabric-ca-server-config.yaml': 'port: 7054\n' });
    expect(spec.volumes.find((candidate: Json) => candidate.name === 'etc-hyperledger-fabric-ca-server')).toEqual({
      name: 'etc-hyperledger-fabric-ca-server',
      persistentVolumeClaim: { claimName: 'ca-org1-etc-hyperledger-fabric-ca-server' },
    });
    expect(warnings.filter((message) => message.includes('fabric-ca/org1'))).toEqual([expect.stringMatching(/which its FABRIC_CA_HOME names as where the service keeps its data/)]);
  });
});

describe('a folder one service names as its data directory, which others bind too', () => {
  // OffchainLabs/eth-pos-devnet: the prysmctl task writes ./execution/genesis.json, which geth-genesis
  // and geth (`--datadir=/execution`) read; a copy per pod kept it from them.
  const execution = bind('/project/execution', '/execution') as ServiceVolume;
  const project = makeProject(
    [
      makeService('genesis', { image: 'gcr.io/prysmaticlabs/prysm/cmd/prysmctl:v4.1.1', command: ['testnet', 'generate-genesis', '--geth-genesis-json-out=/execution/genesis.json'], volumes: [execution] }),
      makeService('geth', { image: 'ethereum/client-go:v1.13.5', command: ['--datadir=/execution'], volumes: [execution] }),
      makeService('reader', { image: 'alpine:3.19.0', command: ['cat', '/execution/genesis.json'], volumes: [bind('/project/execution', '/execution', true) as ServiceVolume] }),
    ],
    { hostFiles: { '/project/execution': hostDirectory({ 'genesis.json': '{}\n' }) } },
  );
  const chart = makeChart(project);
  const docs = synthManifests(chart);
  const claimOf = (name: string): string | undefined => {
    const spec = (docs.find((doc) => doc.metadata.name === name || doc.metadata.name.startsWith(`${name}-`)) as Json).spec;
    const pod = (spec.template ?? spec.jobTemplate.spec.template).spec;
    return pod.volumes.find((volume: Json) => volume.name === 'execution')?.persistentVolumeClaim?.claimName;
  };

  it('is one claim for every service that binds it, read-only readers too', () => {
    expect([claimOf('genesis'), claimOf('geth'), claimOf('reader')]).toEqual(['host-execution', 'host-execution', 'host-execution']);
  });

  it("names the service whose option made it data", () => {
    expect(chart.warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/\.\/execution is a folder which (geth's command's --datadir|its command's --datadir) names as where/));
  });
});

describe('dataFolderNamer', () => {
  const at = (target: string, overrides: Partial<Service>, readOnly = false) => dataFolderNamer(makeService('node', overrides), bind('/project/x', target, readOnly));

  it('reads options with their value in the next word or after =, in a shell command too', () => {
    expect(at('/data', { command: ['--datadir', '/data'] })).toBe("its command's --datadir");
    expect(at('/data', { command: ['-datadir=/data/bitcoin'] })).toBe("its command's -datadir");
    expect(at('/chain', { entrypoint: ['sh', '-c'], command: ['exec substrate --base-path "/chain" --dev'] })).toBe("its command's --base-path");
    expect(at('/root/.gaia', { command: ['gaiad', 'start', '--home=/root/.gaia/'] })).toBe("its command's --home");
  });

  it('reads <APP>_HOME and data directory variables, not the homes of runtimes', () => {
    expect(at('/srv/ca', { environment: { FABRIC_CA_HOME: '/srv/ca/' } })).toBe('its FABRIC_CA_HOME');
    expect(at('/var/node', { environment: { DATA_DIR: '/var/node/db' } })).toBe('its DATA_DIR');
    expect(at('/opt/java', { environment: { JAVA_HOME: '/opt/java' } })).toBeUndefined();
  });

  it('names nothing for another path, a mere prefix, an unrelated option or a read-only mount', () => {
    expect(at('/data', { command: ['--datadir', '/database'] })).toBeUndefined();
    expect(at('/data', { command: ['--config', '/data/config.toml'] })).toBeUndefined();
    expect(at('/data', { environment: { APP_HOME: '/srv' } })).toBeUndefined();
    expect(at('/data', { command: ['--datadir', '/data'] }, true)).toBeUndefined();
    expect(at('/', { command: ['--datadir', '/'] })).toBeUndefined();
  });
});

describe('a folder named as data that another mount of the service holds', () => {
  // forem/forem's docker-compose.yml: XDG_DATA_HOME=/app/tmp/cache is the rails_cache volume, mounted
  // below the code bound at /app; the code folder was taken for data and became one claim that
  // pinned web, sidekiq, esbuild and the others to one node (until 2026-12-07).
  const code = bind('/project', '/app') as ServiceVolume;
  const web = makeService('web', {
    image: 'ruby:3.3.6',
    command: ['bundle', 'exec', 'rails', 'server', '-b', '0.0.0.0'],
    environment: { XDG_DATA_HOME: '/app/tmp/cache' },
    volumes: [code, { type: 'volume', source: 'rails_cache', target: '/app/tmp/cache', readOnly: false, nocopy: false }],
  });

  it('is not the bound folder named as data', () => {
    expect(dataFolderNamer(web, code as BindMount)).toBeUndefined();
  });

  it('is still the bound folder when the named path lies beside the deeper mount, or is the bound folder itself', () => {
    const beside = makeService('web', { ...web, environment: { XDG_DATA_HOME: '/app/data' } });
    expect(dataFolderNamer(beside, code as BindMount)).toBe('its XDG_DATA_HOME');
    const itself = makeService('web', { ...web, environment: { APP_DATA_DIR: '/app' } });
    expect(dataFolderNamer(itself, code as BindMount)).toBe('its APP_DATA_DIR');
  });

  it('keeps the code folder a copy of the project, with no claim of its own', () => {
    const { spec, warnings } = convert(web, '/project', { 'app.rb': 'puts "hello"\n' });
    expect(spec.volumes.filter((volume: Json) => volume.persistentVolumeClaim?.claimName === 'web-app')).toEqual([]);
    expect(warnings.filter((message) => message.includes('keeps its data'))).toEqual([]);
  });
});
