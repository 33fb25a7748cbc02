/**
 * How a project's shell script ends, read from its text: the statements it can end with. A script
 * that ends with an `if … fi` block ends with the last statement of each of its branches (and, with
 * no `else`, with the condition failing: nothing more runs). getodk/central's `secrets` service runs
 * `./generate-secrets.sh`, copied into its image, which writes each random secret into the shared
 * volume inside `if [ ! -f /etc/secrets/… ]; then head … > /etc/secrets/…; fi` and ends there, with
 * `fi`, not `exit`: compose runs it once, and as a Deployment Kubernetes ran it again after every
 * exit, in CrashLoopBackOff (until 2026-12-07).
 *
 * Only statements that cannot keep a container running count: `exit` (`exit 0`, `exit 1`), and
 * pipelines and lists of programs that finish by themselves (FINISHING_PROGRAM: files prepared,
 * requests, messages, the filters a file is generated with), wherever their output goes; a server
 * whose output is written to a log file is no ending. A script that ends with a loop (`done`), a
 * `case` or anything else is not read as ending.
 */

/**
 * Programs that finish by themselves once their work (or their input) is done: file preparation
 * (as one-shot.ts's FILE_PREPARATION), HTTP requests, messages, tests, and the filters and
 * generators a script writes a file with (`head -c64 /dev/urandom | tr -dc … > key`, `openssl rand`,
 * `envsubst < template > conf`). Never a server: `tail -f` and `openssl s_server` are not.
 */
const FINISHING_PROGRAM = /^(?:[\w.-]*\/)*(?:chown|chmod|chgrp|mkdir|touch|cp|ln|rm|mv|install|setfacl|curl|wget|echo|printf|true|:|\[|test|head|tail|tr|cat|sed|awk|cut|sort|uniq|base64|xxd|od|openssl|pwgen|uuidgen|date|envsubst|jq|tee|sha256sum|md5sum)$/;

/** `exit`, `exit 0`, `exit 1`: the script ends there, whatever its status. */
const EXIT = /^exit(?:\s+\d+)?$/;

/**
 * The top-level statements of a shell script, in order: split at `;`, a lone `&` and new lines that
 * are neither quoted nor inside `$(…)` or `(…)`, comments and blank ones left out. A list joined by
 * `&&` or `||`, or a pipeline, is one statement: `server || exit 1` does not end with `exit`.
 */
export function statementsOf(script: string): string[] {
  const statements: string[] = [];
  let quote: string | undefined;
  let depth = 0;
  let start = 0;
  let comment = false;
  const close = (end: number): void => {
    const statement = script.slice(start, end).trim();
    if (statement !== '' && !statement.startsWith('#')) statements.push(statement);
  };
  for (let index = 0; index < script.length; index++) {
    const char = script.charAt(index);
    if (comment) {
      if (char === '\n') {
        comment = false;
        start = index + 1;
      }
      continue;
    }
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') index++;
      continue;
    }
    if (char === '\\') index++;
    else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (index === 0 || /\s/.test(script.charAt(index - 1))) && depth === 0) {
      close(index);
      comment = true;
    } else if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === '&' && (script.charAt(index + 1) === '&' || script.charAt(index - 1) === '>' || script.charAt(index + 1) === '>')) index++;
    else if (depth === 0 && (char === ';' || char === '&' || char === '\n')) {
      close(index);
      start = index + 1;
    }
  }
  if (!comment) close(script.length);
  return statements;
}

/** A statement's first word and the rest: `then head -c64` → `then`, `head -c64`. */
function keyword(statement: string): { readonly word: string; readonly rest: string } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(statement);
  return { word: match?.[1] ?? '', rest: match?.[2] ?? '' };
}

/**
 * The statements the script can end with: its last one, or through a trailing `if … fi` block the
 * last statement of each branch (read through nested blocks the same way). Undefined where that is
 * not known: an empty branch, a block left open, a script that ends with a loop or a `case`.
 */
export function finalStatements(script: string): readonly string[] | undefined {
  interface Frame { readonly finals: string[]; current: readonly string[] | undefined; branch: boolean }
  const frames: Frame[] = [];
  let last: readonly string[] | undefined;
  const set = (value: readonly string[] | undefined): void => {
    const frame = frames[frames.length - 1];
    if (frame === undefined) last = value;
    else if (frame.branch) frame.current = value;
  };
  const endBranch = (frame: Frame): boolean => {
    if (frame.branch) {
      if (frame.current === undefined) return false;
      frame.finals.push(...frame.current);
    }
    return true;
  };
  for (const statement of statementsOf(script)) {
    const { word, rest } = keyword(statement);
    if (word === 'if') {
      frames.push({ finals: [], current: undefined, branch: false });
      continue;
    }
    const frame = frames[frames.length - 1];
    if (frame !== undefined && (word === 'then' || word === 'else' || word === 'elif')) {
      if (word !== 'then' && !endBranch(frame)) return undefined;
      frame.branch = word !== 'elif';
      frame.current = undefined;
      if (word !== 'elif' && rest !== '') {
        if (keyword(rest).word === 'if') return undefined;
        frame.current = [rest];
      }
      continue;
    }
    if (frame !== undefined && word === 'fi') {
      if (!endBranch(frame)) return undefined;
      frames.pop();
      set(frame.finals);
      continue;
    }
    set([statement]);
  }
  return frames.length === 0 && last !== undefined && last.length > 0 ? last : undefined;
}

/** The commands of a statement: its pipeline's parts and the parts of a list (`&&`, `||`), quotes followed. */
function commandsOf(statement: string): string[] {
  const commands: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < statement.length; index++) {
    const char = statement.charAt(index);
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') index++;
    } else if (char === '\\') index++;
    else if (char === "'" || char === '"') quote = char;
    else if (char === '|' || (char === '&' && statement.charAt(index + 1) === '&')) {
      commands.push(statement.slice(start, index));
      if (statement.charAt(index + 1) === char) index++;
      start = index + 1;
    }
  }
  commands.push(statement.slice(start));
  return commands.map((command) => command.trim()).filter((command) => command !== '');
}

/** Whether a command finishes by itself: an exit, or a program of FINISHING_PROGRAM not told to follow or serve. */
function finishingCommand(command: string): boolean {
  if (EXIT.test(command)) return true;
  const words = command.split(/\s+/).filter((word) => word !== '');
  const at = words.findIndex((word) => word !== 'exec' && word !== '!' && !/^[A-Za-z_]\w*=/.test(word));
  const program = words[at];
  if (program === undefined || !FINISHING_PROGRAM.test(program)) return false;
  const name = program.split('/').pop();
  if (name === 'tail' && words.some((word) => /^-[a-zA-Z]*[fF]/.test(word) || word === '--follow')) return false;
  return !(name === 'openssl' && words[at + 1] === 's_server');
}

/** Whether a statement finishes by itself: every command of its pipeline and list does. */
function finishes(statement: string): boolean {
  const commands = commandsOf(statement);
  return commands.length > 0 && commands.every(finishingCommand);
}

/**
 * Whether the script ends by itself: every statement it can end with finishes (an exit, programs
 * that finish by themselves), so the container ends with it.
 */
export function scriptEnds(script: string): boolean {
  const finals = finalStatements(script);
  if (finals === undefined) return false;
  const blocks = statementsOf(script);
  // A loop or case at the end is no ending the text shows.
  const end = blocks[blocks.length - 1] ?? '';
  if (/^(?:done|esac)\b/.test(end)) return false;
  return finals.every(finishes);
}
