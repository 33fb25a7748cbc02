import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  escapeExpansion,
  kubernetesText,
  shellScript,
  shellWord,
  splitSecrets,
  type Substitution,
} from '../../../lib/k8s/config-and-secrets/secret-text.ts';

describe('escapeExpansion', () => {
  // Mirrors Kubernetes' expansion (third_party/forked/golang/expansion): `$$` → `$`, `$(NAME)` → value.
  function kubeExpand(text: string, vars: Record<string, string>): string {
    let out = '';
    for (let i = 0; i < text.length; i += 1) {
      if (text[i] !== '$' || i + 1 >= text.length) {
        out += text[i];
      } else if (text[i + 1] === '$') {
        out += '$';
        i += 1;
      } else if (text[i + 1] === '(') {
        const end = text.indexOf(')', i + 2);
        const name = end < 0 ? undefined : text.slice(i + 2, end);
        if (name !== undefined && name in vars) {
          out += vars[name];
          i = end;
        } else {
          out += '$';
        }
      } else {
        out += '$';
      }
    }
    return out;
  }

  it.each(['plain', '$(HOME)', '$$', 'a$$(b)', '$', 'x$', '$$$', '$(', 'cost: $5'])('round-trips %j', (text) => {
    expect(kubeExpand(escapeExpansion(text), { HOME: '/root', b: 'B' })).toBe(text);
  });

  it('keeps a trailing $ from joining an inserted reference', () => {
    expect(kubeExpand(`${escapeExpansion('a$', true)}$(X)`, { X: 'v' })).toBe('a$v');
  });
});


describe('splitSecrets', () => {
  it('prefers the longest secret where several start, and keeps the rest literal', () => {
    const subs: Substitution[] = [
      { text: 'pw', variable: 'SHORT' },
      { text: 'pw-long', variable: 'LONG' },
    ];
    expect(splitSecrets('a pw-long b pw', subs)).toEqual([{ text: 'a ' }, { variable: 'LONG' }, { text: ' b ' }, { variable: 'SHORT' }]);
    expect(splitSecrets('nothing', subs)).toEqual([{ text: 'nothing' }]);
  });

  it('renders Kubernetes text with references and escaped literals', () => {
    expect(kubernetesText(splitSecrets('$(x)=s3cret$', [{ text: 's3cret', variable: 'S' }]))).toBe('$$(x)=$(S)$');
  });
});

describe('shell rendering', () => {
  const secret = "pa ss'w\"d$1";
  const subs: Substitution[] = [{ text: secret, variable: 'THE_SECRET' }];
  /** What the shell prints for `script`, with the secret in the environment only. */
  const run = (script: string) =>
    execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', THE_SECRET: secret } });

  it.each([
    ['unquoted', `printf '[%s]' 'x'SECRET`],
    ['in single quotes', `printf '[%s]' 'a SECRET b'`],
    ['in double quotes', `printf '[%s]' "a SECRET b"`],
    ['after an escaped quote', `printf '[%s]' \\"SECRET`],
  ])('keeps a script %s meaning the same', (_where, template) => {
    // The original script with the secret written in, quoted the way the script quotes it.
    const literal = template.replace('SECRET', 'SECRET_MARK');
    const rewritten = shellScript(splitSecrets(literal, [{ text: 'SECRET_MARK', variable: 'THE_SECRET' }]));
    expect(rewritten).not.toContain('SECRET_MARK');
    const expected = run(literal).replace('SECRET_MARK', secret);
    expect(run(rewritten)).toBe(expected);
  });

  it('quotes exec-form words so the shell passes them unchanged', () => {
    const words = ['printf', '[%s]', "it's", '', `--password=${secret}`];
    const script = words.map((word) => shellWord(splitSecrets(word, subs))).join(' ');
    expect(script).not.toContain(secret);
    expect(run(script)).toBe(`[it's][][--password=${secret}]`);
  });
});
