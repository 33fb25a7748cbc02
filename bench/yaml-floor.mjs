// The small-project floor of issue 11: start Node, load the `yaml` package, parse the compose file and
// write the same output bytes the conversion wrote — what any YAML-to-YAML tool pays at least.
// usage: node bench/yaml-floor.mjs COMPOSE.yaml CONVERTED.yaml OUTPUT
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const [compose, converted, output] = process.argv.slice(2);
parse(readFileSync(compose, 'utf8'), { maxAliasCount: -1 });
writeFileSync(output, readFileSync(converted));
