/** How a project's shell script ends (lib/k8s/workload/run-once/script-ending.ts). */
import { describe, expect, it } from 'vitest';
import { finalStatements, scriptEnds } from '../../../lib/k8s/workload/run-once/script-ending.ts';

describe('the statements a script can end with', () => {
  it('are its last one, or the last of each branch of a closing if … fi, nested ones read through', () => {
    expect(finalStatements('set -e\ncp a b # copy\n')).toEqual(['cp a b']);
    expect(finalStatements('if [ -f x ]; then echo ok; else exec server; fi')).toEqual(['echo ok', 'exec server']);
    expect(finalStatements('if a\nthen\n  if b; then chown 1 /a; fi\nelif c; then\n  mkdir /d\nfi\n')).toEqual(['chown 1 /a', 'mkdir /d']);
    expect(finalStatements('if x; then\nfi')).toBeUndefined();
    expect(finalStatements('if x; then y')).toBeUndefined();
  });
});

describe('a script that ends by itself', () => {
  it('ends with exit, or with programs that finish by themselves, pipelines and lists included', () => {
    expect(scriptEnds("if [ ! -f /k ]; then\n  head -c1024 /dev/urandom | LC_ALL=C tr -dc '[:alnum:]' | head -c64 > /k\nfi\n")).toBe(true);
    expect(scriptEnds('openssl req -x509 -out /c.pem && chmod 600 /c.pem')).toBe(true);
    expect(scriptEnds('if [ -f /done ]; then exit 0; fi\nenvsubst < /t > /etc/app.conf')).toBe(true);
  });

  it('does not end with a server, whatever its output is written to, nor with a loop, a follow or a list a server starts', () => {
    expect(scriptEnds('exec server >> /logs/x.log 2>&1')).toBe(false);
    expect(scriptEnds('if [ -f x ]; then echo ok; else server; fi')).toBe(false);
    expect(scriptEnds('while true; do cp a b; done')).toBe(false);
    expect(scriptEnds('server || exit 1')).toBe(false);
    expect(scriptEnds('tail -f /var/log/app.log')).toBe(false);
    expect(scriptEnds('openssl s_server -accept 443')).toBe(false);
  });
});
