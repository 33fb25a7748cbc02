// The "native floor" of issue 11: what a conversion costs at the least in Node — start, JSON.parse the
// compose tree and the output objects (as already-parsed data), JSON.stringify the objects and write
// them. Plain JavaScript on purpose: the floor must not pay for a TS loader or any package.
// usage: node bench/native-floor.mjs COMPOSE.json DOCUMENTS.json OUTPUT
import { readFileSync, writeFileSync } from 'node:fs';

const [compose, documents, output] = process.argv.slice(2);
JSON.parse(readFileSync(compose, 'utf8'));
const docs = JSON.parse(readFileSync(documents, 'utf8'));
writeFileSync(output, docs.map((doc) => JSON.stringify(doc)).join('\n'));
