/**
 * Bad inputs too big (or too binary) to commit: written into a case's scratch copy at test time.
 * Each returns where the error is, when it has a position.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedPosition {
  readonly line: number;
  readonly column: number;
}

type Generator = (dir: string) => GeneratedPosition | undefined;

/** 20,000 valid services, then a double-quoted scalar that never closes. */
function hugeBrokenTail(dir: string): GeneratedPosition {
  const lines = ['services:'];
  for (let i = 0; i < 20_000; i++) lines.push(`  svc-${i}:`, `    image: busybox:1.36`, `    command: ["sleep", "${i}"]`);
  lines.push('  tail:', '    image: "busybox:1.36');
  writeFileSync(join(dir, 'compose.yaml'), `${lines.join('\n')}\n`);
  return { line: lines.length, column: 12 };
}

/** One 8 MiB published port: the message must name the port without echoing 8 MiB. */
function hugeValue(dir: string): GeneratedPosition {
  const port = '9'.repeat(8 * 1024 * 1024);
  writeFileSync(join(dir, 'compose.yaml'), `services:\n  web:\n    image: nginx:1.25\n    ports:\n      - '${port}:80'\n`);
  return { line: 5, column: 9 };
}

/** A PNG header and 64 KiB of seeded pseudo-random bytes: the same garbage on every run. */
function binaryGarbage(dir: string): undefined {
  const bytes = Buffer.alloc(64 * 1024);
  let state = 0x2545f491;
  for (let i = 0; i < bytes.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(join(dir, 'compose.yaml'), Buffer.concat([header, bytes]));
  return undefined;
}

/** 2,000 files, each including the next: one located error at the include past the depth limit. */
function includeChain(dir: string): GeneratedPosition {
  writeFileSync(join(dir, 'compose.yaml'), 'include: [inc-1.yaml]\nservices:\n  web:\n    image: nginx:1.25\n');
  for (let i = 1; i < 2000; i++) writeFileSync(join(dir, `inc-${i}.yaml`), `include: [inc-${i + 1}.yaml]\nservices:\n  s${i}:\n    image: nginx:1.25\n`);
  writeFileSync(join(dir, 'inc-2000.yaml'), 'services:\n  last:\n    image: nginx:1.25\n');
  return { line: 1, column: 11 };
}

/** 20,000 services, each extending the one declared after it. */
function extendsChain(dir: string): undefined {
  const lines = ['services:'];
  for (let i = 20_000; i > 0; i--) lines.push(`  s${i}:`, `    extends: s${i - 1}`);
  lines.push('  s0:', '    image: nginx:1.25');
  writeFileSync(join(dir, 'compose.yaml'), `${lines.join('\n')}\n`);
  return undefined;
}

export const badInputGenerators: Readonly<Record<string, Generator>> = {
  'huge-broken-tail': hugeBrokenTail,
  'huge-value': hugeValue,
  'binary-garbage': binaryGarbage,
  'include-chain': includeChain,
  'extends-chain': extendsChain,
};
