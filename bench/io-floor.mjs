// The I/O floor of issue 22: start Node, read every input file of the project (the compose file and
// the files it names) and write the same bytes the conversion wrote — what any converter pays at least.
// usage: node bench/io-floor.mjs PROJECT_DIR CONVERTED.yaml OUTPUT
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [project, converted, output] = process.argv.slice(2);
for (const entry of readdirSync(project, { recursive: true, withFileTypes: true })) {
  if (entry.isFile()) readFileSync(join(entry.parentPath ?? entry.path, entry.name));
}
writeFileSync(output, readFileSync(converted));
