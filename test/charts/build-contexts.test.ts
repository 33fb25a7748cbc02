/**
 * Every Dockerfile of every system under charts/ builds from its compose build context (issue 23):
 * each service's Dockerfile exists (and every other Dockerfile under charts/ builds from its folder), each COPY/ADD source is in the context (globs matched, after
 * .dockerignore), and each `COPY --from` names a stage of the same Dockerfile or an image. A remote
 * source (an `ADD` of a URL or a git repository, as MeshyMcMapface's Dockerfiles fetch their
 * upstream code) is not the context's. What a document leaves out is written from its intent,
 * placeholders included (charts/<system>/README.md says which): nothing may be missing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systems } from '../../charts/index.ts';
import { loadProject } from '../../lib/compose/load.ts';
import type { Service } from '../../lib/compose/model.ts';
import { jsonForm, parseDockerfile } from '../../lib/images/dockerfile/parse.ts';
import { splitWords } from '../../lib/images/dockerfile/words.ts';

/** A source BuildKit fetches itself: an http(s) URL (a file or a git repository) or a git remote. */
const REMOTE_SOURCE = /^(https?:\/\/|git@)/;

interface Build {
  readonly service: string;
  readonly context: string;
  readonly dockerfile: string;
}

/** Every build of every environment, once per context and Dockerfile. */
function builds(directory: string, environments: readonly { files: readonly string[]; profiles?: readonly string[]; variables?: Readonly<Record<string, string>> }[]): Build[] {
  const found = new Map<string, Build>();
  for (const environment of environments) {
    const project = loadProject({ files: environment.files.map((file) => join(directory, file)), projectDirectory: directory, profiles: environment.profiles ?? [], environment: environment.variables ?? {} });
    for (const service of Object.values(project.services) as Service[]) {
      if (!service.build) continue;
      const dockerfile = join(service.build.context, service.build.dockerfile ?? 'Dockerfile');
      found.set(dockerfile, { service: service.name, context: service.build.context, dockerfile });
    }
  }
  // A Dockerfile no compose file builds (SCIP's team dashboard, which the orchestration service starts)
  // builds from its own folder.
  for (const dockerfile of dockerfiles(directory)) {
    if (!found.has(dockerfile)) found.set(dockerfile, { service: relative(directory, dockerfile), context: dirname(dockerfile), dockerfile });
  }
  return [...found.values()];
}

/** Every `Dockerfile` or `Dockerfile.*` under a folder. */
function dockerfiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : dockerfiles(path);
    return /^Dockerfile(\..+)?$/.test(entry.name) ? [path] : [];
  });
}

/** A glob of a Dockerfile source or a .dockerignore line, as a regular expression over context paths. */
function globPattern(glob: string): RegExp {
  const body = glob
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '')
    .split('')
    .map((char, index, chars) => {
      if (char === '*') return chars[index + 1] === '*' ? '' : chars[index - 1] === '*' ? '.*' : '[^/]*';
      if (char === '?') return '[^/]';
      return /[.+^${}()|[\]\\]/.test(char) ? `\\${char}` : char;
    })
    .join('');
  return new RegExp(`^${body}$`);
}

/** The context's files, as docker sends them: .dockerignore's last matching line decides (`!` keeps). */
function contextFiles(context: string): string[] {
  const ignoreFile = join(context, '.dockerignore');
  const rules = existsSync(ignoreFile)
    ? readFileSync(ignoreFile, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => ({ keep: line.startsWith('!'), pattern: globPattern(line.replace(/^!/, '')) }))
    : [];
  const ignored = (path: string): boolean => {
    let result = false;
    const parts = path.split('/');
    for (const rule of rules) {
      // A pattern matching a folder excludes everything in it.
      if (parts.some((_part, index) => rule.pattern.test(parts.slice(0, index + 1).join('/')))) result = !rule.keep;
    }
    return result;
  };
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(context, path)];
    });
  return walk(context).filter((path) => !ignored(path));
}

/** Whether a COPY/ADD source is in the context: a file, a folder with a file, or a glob matching one. */
function inContext(source: string, files: readonly string[]): boolean {
  const pattern = globPattern(source);
  if (source === '.' || source === './') return files.length > 0;
  return files.some((file) => file.split('/').some((_part, index, parts) => pattern.test(parts.slice(0, index + 1).join('/'))));
}

/** Each missing source of the Dockerfile (`<context>:<source>`), and each `--from` naming no stage or image. */
function missingSources(directory: string, build: Build): string[] {
  const contextName = relative(directory, build.context) || '.';
  if (!existsSync(build.dockerfile)) return [`${contextName}:${relative(build.context, build.dockerfile)}`];
  const parsed = parseDockerfile(readFileSync(build.dockerfile, 'utf8'), build.dockerfile);
  const files = contextFiles(build.context);
  const stages: string[] = [];
  const missing: string[] = [];
  for (const instruction of parsed.instructions) {
    if (instruction.keyword === 'FROM') stages.push(/\sAS\s+(\S+)/i.exec(instruction.text)?.[1]?.toLowerCase() ?? String(stages.length));
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const from = instruction.flags['from'];
    if (from !== undefined) {
      // A later stage or an index must come before; anything else with a ':' or '/' is an image.
      if (!stages.slice(0, -1).includes(from.toLowerCase()) && !/[:/]/.test(from)) missing.push(`${contextName}:--from=${from}`);
      continue;
    }
    const words = jsonForm(instruction.text) ?? splitWords(instruction.text, new Map(), parsed.escape, false);
    for (const source of words.slice(0, -1)) {
      if (REMOTE_SOURCE.test(source) || inContext(source, files)) continue;
      missing.push(`${contextName}:${source}`);
    }
  }
  return missing;
}

describe('every Dockerfile builds from its compose build context', () => {
  it.each(systems.map((system) => [system.name, system] as const))('%s', (name, system) => {
    const all = builds(system.directory, Object.values(system.environments)).flatMap((build) => missingSources(system.directory, build));
    expect([...new Set(all)].sort(), name).toEqual([]);
  });

  it('the check finds missing sources, globs matching nothing, files .dockerignore leaves out and unknown stages', () => {
    const context = mkdtempSync(join(tmpdir(), 'build-context-'));
    try {
      writeFileSync(join(context, 'Dockerfile'), [
        'FROM alpine AS build',
        'COPY app.py *.txt /app/',
        'COPY local.env /app/',
        'COPY *.cfg /app/',
        'ADD https://github.com/example/app.git#v1.0.0 /src',
        'ADD git@github.com:example/app.git /src',
        'ADD https.txt /app/',
        'FROM alpine',
        'COPY --from=build /app /app',
        'COPY --from=nginx:alpine /etc/nginx /etc/nginx',
        'COPY --from=nostage /x /x',
      ].join('\n'));
      for (const file of ['app.py', 'notes.txt', 'local.env']) writeFileSync(join(context, file), '');
      writeFileSync(join(context, '.dockerignore'), '*.env\n');
      expect(missingSources(context, { service: 'x', context, dockerfile: join(context, 'Dockerfile') })).toEqual(['.:local.env', '.:*.cfg', '.:https.txt', '.:--from=nostage']);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  });
});
