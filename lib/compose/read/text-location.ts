import type { SourceLocation } from '../model.ts';

/** The 1-based line and column of `offset` in `text`, the whole of a file or its start. */
export function locationAt(text: string, offset: number, file: string): SourceLocation {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  const lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  return { file, line, column: offset - lineStart + 1 };
}
