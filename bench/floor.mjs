// The floor of issue 7: only start Node, parse the input compose YAML with `yaml` and write the
// output documents as YAML. Plain JavaScript on purpose: the floor must not pay for a TS loader.
// usage: node bench/floor.mjs INPUT.yaml DOCUMENTS.json OUTPUT.yaml
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const [input, documents, output] = process.argv.slice(2);
parse(readFileSync(input, 'utf8'), { maxAliasCount: -1 });
const docs = JSON.parse(readFileSync(documents, 'utf8'));
writeFileSync(output, docs.map((doc) => stringify(doc)).join('---\n'));
