import { ComposeError } from '../../compose/errors.ts';
import type { SourceLocation } from '../../compose/model.ts';

/**
 * One Dockerfile instruction as BuildKit's parser sees it: continuation lines joined (comment and
 * empty lines inside them dropped), heredoc bodies attached, flags split off. Arguments are not yet
 * expanded: which instructions expand variables, and how, is the evaluator's business.
 */
export interface Instruction {
  /** Upper-case keyword: `FROM`, `RUN`, `USER`, … */
  readonly keyword: string;
  /** `--name=value` flags before the arguments (`--platform`, `--interval`, `--chown`, …). */
  readonly flags: Readonly<Record<string, string>>;
  /** The argument text after the flags, continuation lines joined. */
  readonly text: string;
  /** The exec (JSON array) form, when the arguments are one. */
  readonly json?: readonly string[];
  /** Heredoc bodies (`RUN <<EOF`), in the order their markers appear. */
  readonly heredocs: readonly Heredoc[];
  readonly location: SourceLocation;
}

export interface Heredoc {
  readonly name: string;
  readonly body: string;
}

export interface ParsedDockerfile {
  /** The `# escape=` directive's character: `\` unless it says `` ` ``. */
  readonly escape: string;
  readonly instructions: readonly Instruction[];
}

/** BuildKit accepts heredocs on these instructions only; elsewhere `<<` is plain text. */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** Instructions whose arguments may be a JSON array (the exec form). */
const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/;

/**
 * Splits a Dockerfile into instructions, following BuildKit's rules (parser directives at the top,
 * `\` or `` ` `` continuations, comments anywhere at line starts, heredocs for RUN/COPY/ADD).
 */
export function parseDockerfile(text: string, file: string): ParsedDockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let index = 0;
  let escape = '\\';
  // Directives count only in the leading comment block; the first other line ends it.
  for (; index < lines.length; index++) {
    const match = DIRECTIVE.exec(lines[index]!);
    if (!match) break;
    if (match[1]!.toLowerCase() === 'escape') {
      if (match[2] !== '\\' && match[2] !== '`') throw new ComposeError(`invalid escape directive ${JSON.stringify(match[2])}: must be \\ or \``, { file, line: index + 1, column: 1 });
      escape = match[2];
    }
  }
  const instructions: Instruction[] = [];
  while (index < lines.length) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      index++;
      continue;
    }
    const location: SourceLocation = { file, line: index + 1, column: line.length - line.trimStart().length + 1 };
    let logical = '';
    let current = trimmed;
    // A line ending in the escape character (trailing blanks allowed) continues on the next line
    // that is neither empty nor a comment.
    for (;;) {
      const continued = endsWithEscape(current, escape);
      logical += continued ? current.slice(0, current.trimEnd().length - 1) : current;
      index++;
      if (!continued) break;
      while (index < lines.length && (lines[index]!.trim() === '' || lines[index]!.trim().startsWith('#'))) index++;
      if (index >= lines.length) break;
      current = lines[index]!;
    }
    const keywordMatch = /^(\S+)\s*/.exec(logical)!;
    const keyword = keywordMatch[1]!.toUpperCase();
    const { flags, rest } = splitFlags(logical.slice(keywordMatch[0].length), keyword);
    const heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const marker of rest.matchAll(HEREDOC_MARKER)) {
        const stripTabs = marker[1] === '-';
        const name = marker[3]!;
        const body: string[] = [];
        for (;;) {
          if (index >= lines.length) throw new ComposeError(`heredoc ${name} is not terminated`, location);
          const bodyLine = stripTabs ? lines[index]!.replace(/^\t+/, '') : lines[index]!;
          index++;
          if (bodyLine === name) break;
          body.push(bodyLine);
        }
        heredocs.push({ name, body: body.length ? `${body.join('\n')}\n` : '' });
      }
    }
    const json = JSON_KEYWORDS.has(keyword) ? jsonForm(rest) : undefined;
    instructions.push({ keyword, flags, text: rest, ...(json ? { json } : {}), heredocs, location });
  }
  return { escape, instructions };
}

function endsWithEscape(line: string, escape: string): boolean {
  const trimmed = line.trimEnd();
  return trimmed.endsWith(escape) && !trimmed.startsWith('#');
}

/** Flags lead the arguments of these instructions; elsewhere a leading `--` is an argument. */
const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const FLAG = /^--([a-zA-Z][a-zA-Z0-9-]*)(?:=(\S*))?(?:\s+|$)/;

function splitFlags(text: string, keyword: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  if (!FLAG_KEYWORDS.has(keyword)) return { flags, rest: text.trim() };
  let rest = text.trim();
  for (let match = FLAG.exec(rest); match; match = FLAG.exec(rest)) {
    flags[match[1]!] = unquote(match[2] ?? 'true');
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

function unquote(value: string): string {
  return /^"(.*)"$/.test(value) || /^'(.*)'$/.test(value) ? value.slice(1, -1) : value;
}

/** BuildKit takes the exec form only when the text is a JSON array of strings; anything else is the shell form. */
export function jsonForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed as string[];
  } catch {
    // Not JSON: the shell form, as BuildKit falls back to.
  }
  return undefined;
}
