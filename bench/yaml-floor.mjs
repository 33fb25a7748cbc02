// The floor of issue 11 for a small project: start Node, load the `yaml` package, parse the same
// compose file and write the same bytes the conversion wrote.
// usage: node bench/yaml-floor.mjs COMPOSE_FILE CONVERTED.yaml OUTPUT
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const [compose, converted, output] = process.argv.slice(2);
parse(readFileSync(compose, 'utf8'));
writeFileSync(output, readFileSync(converted));
