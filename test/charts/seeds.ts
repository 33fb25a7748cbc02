/**
 * Reads the fenced code blocks of the five system documents in ../shared/seeds, so tests can hold
 * the compose files in charts/ against what the documents actually wrote.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedDir } from '../support/k8s.ts';

const seedsDir = join(sharedDir, 'seeds');
export const seedsAvailable = existsSync(seedsDir);

/** The document whose file name starts with `number` (`000` MODAX … `004` Carbon Nexus). */
export function seedText(number: string): string {
  const file = readdirSync(seedsDir).find((name) => name.startsWith(`${number}_`));
  if (!file) throw new Error(`no seed document ${number}_* in ${seedsDir}`);
  return readFileSync(join(seedsDir, file), 'utf8');
}

interface Block {
  readonly at: number;
  readonly body: string;
}

function yamlBlocks(document: string): Block[] {
  return [...document.matchAll(/```yaml\n([\s\S]*?)\n```/g)].map((match) => ({ at: match.index, body: match[1] ?? '' }));
}

/**
 * A ```yaml block of the document, parsed: the one whose text contains `marker` (a comment such as
 * `# docker-compose.prod.yml with secrets`), else the first one after the heading `marker`.
 */
export function documentedYaml(document: string, marker: string): unknown {
  const blocks = yamlBlocks(document);
  const heading = document.indexOf(marker);
  const block = blocks.find((b) => b.body.includes(marker)) ?? blocks.find((b) => heading !== -1 && b.at > heading);
  if (!block) throw new Error(`the document has no yaml block for '${marker}'`);
  return parse(block.body);
}
