/**
 * Re-emits YAML with every mapping's keys in a seeded random order (sequences keep theirs):
 * the same document to Compose, so converting it must give the same manifests.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseAllDocuments, visit } from 'yaml';

/** xorshift32: small, seeded, the same on every machine. */
function random(seed: number): () => number {
  let state = seed || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

export function shuffleYamlKeys(text: string, seed: number): string {
  const next = random(seed);
  const docs = parseAllDocuments(text);
  return docs
    .map((doc) => {
      if (!('contents' in doc)) throw new Error('not YAML');
      visit(doc, {
        Map(_key, map) {
          if (!isMap(map)) return;
          for (let i = map.items.length - 1; i > 0; i--) {
            const j = Math.floor(next() * (i + 1));
            [map.items[i], map.items[j]] = [map.items[j]!, map.items[i]!];
          }
        },
      });
      return doc.toString({ lineWidth: 0 });
    })
    .join('');
}

/** Compose files only: other YAML (e.g. a mounted prometheus.yml) is content that must stay as is. */
const composeFileName = /^(docker-)?(compose|stack)\b[\w.-]*\.ya?ml$/;

/** Shuffles every compose file below `dir` in place. */
export function shuffleYamlFilesIn(dir: string, seed: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) shuffleYamlFilesIn(path, seed);
    else if (composeFileName.test(name)) writeFileSync(path, shuffleYamlKeys(readFileSync(path, 'utf8'), seed));
  }
}
