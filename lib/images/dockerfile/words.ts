/** Variables a Dockerfile instruction sees: its stage's ARGs and ENVs (ENV winning), or the global ARGs for FROM. */
export type Variables = ReadonlyMap<string, string>;

/**
 * Splits instruction arguments into words and expands `$VAR` / `${VAR…}` in them as BuildKit's
 * shell lexer does: single quotes are literal, double quotes group and still expand, the escape
 * character takes the next character literally, and unquoted blanks separate words. `expand` false
 * keeps `$` as written (ARG/ENV names, or instructions BuildKit does not expand).
 */
export function splitWords(text: string, variables: Variables, escape: string, expand = true): string[] {
  const words: string[] = [];
  let word = '';
  let open = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (char === escape && index + 1 < text.length && (quote === undefined || '"$'.includes(text[index + 1]!) || text[index + 1] === escape)) {
      word += text[++index];
      open = true;
    } else if (char === '"') {
      quote = quote ? undefined : '"';
      open = true;
    } else if (char === "'" && quote === undefined) {
      quote = "'";
      open = true;
    } else if (char === '$' && expand) {
      const { value, end } = expandAt(text, index, variables, escape);
      word += value;
      index = end - 1;
      open = true;
    } else if (quote === undefined && /\s/.test(char)) {
      if (open) words.push(word);
      word = '';
      open = false;
    } else {
      word += char;
      open = true;
    }
  }
  if (open) words.push(word);
  return words;
}

/** The words of `text` joined by single spaces: the one value of USER, WORKDIR, FROM's image, … */
export function expandText(text: string, variables: Variables, escape: string): string {
  return splitWords(text, variables, escape).join(' ');
}

/** Expands the `$` at `start`; returns the text it stands for and the index after it. */
function expandAt(text: string, start: number, variables: Variables, escape: string): { value: string; end: number } {
  const simple = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(start));
  if (simple) return { value: variables.get(simple[1]!) ?? '', end: start + simple[0].length };
  if (text[start + 1] !== '{') return { value: '$', end: start + 1 };
  const close = matchingBrace(text, start + 2);
  if (close < 0) return { value: text.slice(start), end: text.length };
  const inner = text.slice(start + 2, close);
  const modifier = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$/s.exec(inner);
  if (!modifier) return { value: '', end: close + 1 };
  const [, name, operator, word = ''] = modifier;
  const value = variables.get(name!);
  const alternative = (): string => splitWords(word, variables, escape).join(' ');
  switch (operator) {
    case ':-':
      return { value: value ? value : alternative(), end: close + 1 };
    case '-':
      return { value: value ?? alternative(), end: close + 1 };
    case ':+':
      return { value: value ? alternative() : '', end: close + 1 };
    case '+':
      return { value: value !== undefined ? alternative() : '', end: close + 1 };
    default:
      // `${VAR:?message}` fails the build when unset; here the value (or nothing) is the best guess.
      return { value: value ?? '', end: close + 1 };
  }
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

/**
 * `KEY=value …` pairs of ENV, ARG and LABEL, values expanded; the legacy `ENV KEY value` form too.
 * ARG may name a key without `=` (no default): its value is then undefined.
 */
export function keyValuePairs(text: string, variables: Variables, escape: string): Array<[string, string | undefined]> {
  const raw = splitWords(text, variables, escape, false);
  if (raw.length >= 2 && !raw[0]!.includes('=')) {
    // Legacy `ENV KEY value with spaces`: everything after the first word is the value.
    const key = raw[0]!;
    const valueText = text.trim().slice(text.trim().indexOf(key) + key.length).trim();
    return [[key, expandText(valueText, variables, escape)]];
  }
  const pairs: Array<[string, string | undefined]> = [];
  // Expand each word with the variables as set so far: `ENV A=1 B=$A` sees the old A, as in BuildKit.
  for (const word of splitRawWords(text, escape)) {
    const equals = word.indexOf('=');
    if (equals < 0) pairs.push([expandText(word, variables, escape), undefined]);
    else pairs.push([expandText(word.slice(0, equals), variables, escape), expandText(word.slice(equals + 1), variables, escape)]);
  }
  return pairs;
}

/** Words split on unquoted blanks with quotes and escapes kept, for expanding one by one. */
function splitRawWords(text: string, escape: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === escape && quote !== "'" && index + 1 < text.length) {
      word += char + text[++index]!;
    } else if ((char === '"' || char === "'") && (quote === undefined || quote === char)) {
      quote = quote ? undefined : char;
      word += char;
    } else if (!quote && /\s/.test(char)) {
      if (word) words.push(word);
      word = '';
    } else {
      word += char;
    }
  }
  if (word) words.push(word);
  return words;
}

const SEPARATORS = new Set(['&&', '||', ';', '|', '&']);

/** The simple commands of a RUN script, each as its words: split at `&&`, `||`, `;`, `|`, `&` and line ends. */
export function scriptCommands(script: string, variables: Variables, escape: string): string[][] {
  const commands: string[][] = [];
  let command: string[] = [];
  const words = splitWords(script.replace(/\n/g, ' ; '), variables, escape);
  for (const raw of [...words, ';']) {
    const word = raw.replace(/;+$/, '');
    if (word && !SEPARATORS.has(word)) command.push(word);
    if (SEPARATORS.has(raw) || raw.endsWith(';')) {
      if (command.length) commands.push(command);
      command = [];
    }
  }
  return commands;
}
