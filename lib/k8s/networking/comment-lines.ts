/**
 * The lines of a configuration file that are comments: what the program reading the file skips.
 * Stacks ship their files with settings commented out (Joxit/docker-registry-ui's read-only-auth
 * nginx.conf has `#!    resolver 127.0.0.11;`, nginx.conf files keep `# proxy_pass http://…` for
 * another set-up); read as settings they gave a Service a port nothing listens on and a warning
 * about a resolver nginx never uses.
 *
 * Only whole lines count, those whose first non-blank characters are `#` or `//` (nginx, shell,
 * YAML, TOML, INI, Caddyfile, JavaScript): a `#` further into a line is as often a value (a CSS
 * colour in a one-line JSON file, a URL's fragment) as a comment, and the rest of such a line
 * would be lost.
 */

/** The start and end (exclusive) of each whole-line comment of `text`, in order. */
function commentSpans(text: string): (readonly [number, number])[] {
  const spans: (readonly [number, number])[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let first = lineStart;
    while (first < lineEnd && (text[first] === ' ' || text[first] === '\t')) first++;
    if (text[first] === '#' || (text[first] === '/' && text[first + 1] === '/')) spans.push([first, lineEnd]);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return spans;
}

/**
 * A test of whether an index of `text` lies in a whole-line comment. The spans are found at the
 * first question, so a text nothing is looked up in costs nothing.
 */
export function commentTest(text: string): (index: number) => boolean {
  let spans: (readonly [number, number])[] | undefined;
  return (index) => {
    spans ??= commentSpans(text);
    let low = 0;
    let high = spans.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [start, end] = spans[middle]!;
      if (index < start) high = middle - 1;
      else if (index >= end) low = middle + 1;
      else return true;
    }
    return false;
  };
}
