/**
 * Collects the secret values written in a project's inputs — values of sensitive-looking keys in
 * YAML and .env files, `${SECRET:-default}` defaults, secret files, URL passwords — so tests can
 * prove none of them reaches the manifests.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const sensitiveKey = /pass(word)?|passwd|pwd|(^|_)pw($|_)|secret|token|api_?key|private_?key|access_?key|credential|auth/i;
/** `*_FILE` keys hold paths to secrets, not secrets; a service's `secrets:` lists names. */
const pathKey = /_(file|path|dir)$|^secrets$/i;
const assignment = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s;
const interpolationDefault = /\$\{([A-Za-z_][A-Za-z0-9_]*):?[-+=]([^}$]*)\}/g;
const urlPassword = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:([^\s@/'"]+)@/gi;
/** Too short or too common to search for without drowning in false hits. */
const unsearchable = /^(.{0,5}|true|false|yes|no|none|null|\d+)$/i;

export interface SecretValues {
  /** Values to search for in the output. */
  readonly values: readonly string[];
  /** Secret values that also appear in ordinary values (a user name reused as password, a password in a healthcheck). */
  readonly ambiguous: readonly string[];
}

function isSensitive(key: string): boolean {
  return sensitiveKey.test(key) && !pathKey.test(key);
}

class Collector {
  readonly secrets = new Set<string>();
  readonly ordinary = new Set<string>();

  add(key: string, value: unknown): void {
    if (typeof value !== 'string' && typeof value !== 'number') return;
    const text = String(value).trim();
    if (isSensitive(key) && !text.includes('${') && !text.startsWith('/')) this.secrets.add(text);
    else this.ordinary.add(text);
  }

  walk(node: unknown, key: string): void {
    if (Array.isArray(node)) {
      for (const item of node) {
        const pair = typeof item === 'string' ? assignment.exec(item) : null;
        if (pair) this.add(pair[1]!, pair[2]);
        else this.walk(item, key);
      }
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        this.ordinary.add(k);
        this.walk(v, k);
      }
    } else {
      this.add(key, node);
    }
  }

  text(content: string): void {
    for (const [, name, fallback] of content.matchAll(interpolationDefault)) {
      if (isSensitive(name!) && fallback) this.secrets.add(fallback.trim());
    }
    for (const [, password] of content.matchAll(urlPassword)) {
      if (!password!.includes('$')) this.secrets.add(password!);
    }
  }

  dotenv(content: string): void {
    for (const line of content.split('\n')) {
      const pair = assignment.exec(line.replace(/^\s*export\s+/, '').trim());
      if (pair) this.add(pair[1]!, pair[2]!.replace(/^(['"])(.*)\1$/, '$2'));
    }
  }
}

/** The `file:` of each top-level compose secret. */
function secretFiles(tree: unknown): string[] {
  const secrets = (tree as { secrets?: unknown } | null)?.secrets;
  if (!secrets || typeof secrets !== 'object') return [];
  return Object.values(secrets).flatMap((entry: unknown) => {
    const file = (entry as { file?: unknown } | null)?.file;
    return typeof file === 'string' ? [file] : [];
  });
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** Every secret written in the files below `dir` (YAML, .env files, files in `secrets/` folders). */
export function collectSecretValues(dir: string): SecretValues {
  const collector = new Collector();
  for (const file of filesBelow(dir)) {
    const name = basename(file);
    const content = readFileSync(file, 'utf8');
    if (/\.ya?ml$/.test(name)) {
      collector.text(content);
      for (const doc of parseAllDocuments(content)) {
        if (!('toJS' in doc)) continue;
        const tree: unknown = doc.toJS({ maxAliasCount: -1 });
        collector.walk(tree, '');
        for (const path of secretFiles(tree)) {
          const secretFile = join(dirname(file), path);
          if (existsSync(secretFile) && statSync(secretFile).isFile()) collector.secrets.add(readFileSync(secretFile, 'utf8').trim());
        }
      }
    } else if (name === '.env' || name.endsWith('.env')) {
      collector.text(content);
      collector.dotenv(content);
    } else if (basename(dirname(file)) === 'secrets') {
      collector.secrets.add(content.trim());
    }
  }
  const candidates = [...collector.secrets].filter((value) => !unsearchable.test(value));
  // A secret the inputs also write inside ordinary text (`sqlcmd -P example_123` in a healthcheck)
  // is the user's own copy: the converter keeps commands as written (issue 21, secrets by provenance).
  const ordinaryText = [...collector.ordinary];
  const isOrdinary = (value: string): boolean => ordinaryText.some((text) => text.includes(value));
  return {
    values: candidates.filter((value) => !isOrdinary(value)).sort(),
    ambiguous: candidates.filter(isOrdinary).sort(),
  };
}

/** Which of `values` occur in `text`, verbatim or base64-encoded (as in a Secret's `data`). */
export function leakedValues(text: string, values: readonly string[]): string[] {
  return values.filter((value) => text.includes(value) || text.includes(Buffer.from(value).toString('base64')));
}
