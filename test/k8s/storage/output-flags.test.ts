/**
 * Output flags (lib/k8s/storage/output-flags.ts): where a command writes by a flag's value, the way
 * OffchainLabs/eth-pos-devnet's prysmctl task writes the genesis files the others read.
 */
import { describe, expect, it } from 'vitest';
import { isOutputFlag, outputFlagPaths } from '../../../lib/k8s/storage/output-flags.ts';

describe('output flags', () => {
  it.each(['--geth-genesis-json-out', '--output-ssz', '--output', '--out', '--out-file', '--output-dir', '--outdir', '--outfile', '-o', '-out', '-keyout', '--cert-out', '--key-out', '--json_out'])('%s names where the program writes', (flag) => {
    expect(isOutputFlag(flag)).toBe(true);
  });

  it.each(['--out-of-order', '--output-format', '--outform', '-outform', '--o', '--geth-genesis-json-in', '--datadir', '--output-only', '--stdout', '--timeout', 'output', '-'])('%s does not', (flag) => {
    expect(isOutputFlag(flag)).toBe(false);
  });

  it('reads long `=` and space forms, single-dash ones, quoted values and script text; a value that is no absolute path names no file', () => {
    expect(
      outputFlagPaths([
        'testnet', 'generate-genesis', '--output-ssz=/consensus/genesis.ssz', '--geth-genesis-json-in=/execution/genesis.json', '--geth-genesis-json-out=/execution/genesis.json',
      ]),
    ).toEqual(['/consensus/genesis.ssz', '/execution/genesis.json']);
    expect(outputFlagPaths(['sh', '-c', 'openssl req -x509 -keyout /certs/tls.key -out "/certs/tls.crt" && tool --output /data/x.json; curl -o /tmp/a https://x'])).toEqual([
      '/certs/tls.key', '/certs/tls.crt', '/data/x.json', '/tmp/a',
    ]);
    expect(outputFlagPaths(['mytool --output=json --out-of-order /work/report.txt --output-format /work/x --out=./relative'])).toEqual([]);
  });
});
