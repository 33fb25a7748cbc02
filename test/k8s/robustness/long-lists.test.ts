/**
 * Lists as long as a compose file may hold (yaml-text.ts: up to a million pieces). Each word of a
 * command is scanned for the names of other services; the scans were appended with
 * `push(...words)`, one argument per word, and a command of ~150,000 words or more ended the
 * conversion with "Maximum call stack size exceeded".
 */
import { describe, expect, test } from 'vitest';
import { podOf, plan } from '../names/support.ts';
import { composeFile } from './compose-files.ts';

const WORDS = 300_000;

describe('long lists', () => {
  test(`a command and a healthcheck of ${WORDS.toLocaleString('en')} words each convert`, () => {
    const words = Array.from({ length: WORDS }, (_, index) => `w${index}`).join(',');
    const translation = plan(composeFile(`services:\n  api:\n    image: x/api:1\n    command: [${words}]\n    healthcheck:\n      test: [CMD, check, ${words}]\n`));
    const container = podOf(translation, 'api').containers[0];
    expect(container?.args).toHaveLength(WORDS);
    expect(container?.args?.at(-1)).toBe(`w${WORDS - 1}`);
    expect(container?.readinessProbe?.exec?.command).toHaveLength(WORDS + 1);
  }, 60_000);
});
