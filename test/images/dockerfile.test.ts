import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../lib/compose/errors.ts';
import { evaluateDockerfile, type EvaluateOptions } from '../../lib/images/dockerfile/evaluate.ts';
import { parseDockerfile } from '../../lib/images/dockerfile/parse.ts';
import { imageConfigFromBlob } from '../../lib/images/image-config.ts';

const fixtures = path.join(import.meta.dirname, '../fixtures/dockerfiles');

function evaluateFixture(name: string, options: Partial<EvaluateOptions> = {}) {
  const file = path.join(fixtures, name);
  return evaluateDockerfile(parseDockerfile(readFileSync(file, 'utf8'), file), { args: {}, ...options });
}

function evaluateText(text: string, options: Partial<EvaluateOptions> = {}) {
  return evaluateDockerfile(parseDockerfile(text, '/p/Dockerfile'), { args: {}, ...options });
}

describe('Dockerfile parsing', () => {
  it('keeps heredoc bodies out of the instruction list, with <<- stripping tabs', () => {
    const file = path.join(fixtures, 'python-heredoc.Dockerfile');
    const parsed = parseDockerfile(readFileSync(file, 'utf8'), file);
    expect(parsed.instructions.map((i) => i.keyword)).not.toContain('SET');
    expect(parsed.instructions.filter((i) => i.keyword === 'EXPOSE')).toHaveLength(1);
    const run = parsed.instructions.find((i) => i.keyword === 'RUN')!;
    expect(run.heredocs[0]).toMatchObject({ name: 'EOF' });
    expect(run.heredocs[0]!.body).toContain('EXPOSE 9999');
    const copy = parsed.instructions.find((i) => i.keyword === 'COPY')!;
    expect(copy.heredocs[0]!.body).toBe('[server]\nport = 8080\n');
    // Locations point at the instruction's first line.
    expect(parsed.instructions.find((i) => i.keyword === 'WORKDIR')!.location).toEqual({ file, line: 15, column: 1 });
  });

  it('joins continuation lines, dropping comment and empty lines inside them', () => {
    const parsed = parseDockerfile(readFileSync(path.join(fixtures, 'continuations.Dockerfile'), 'utf8'), 'c');
    const run = parsed.instructions.find((i) => i.keyword === 'RUN')!;
    expect(run.text).toBe('apt-get update     && apt-get install -y --no-install-recommends curl     && rm -rf /var/lib/apt/lists/*');
    expect(parsed.instructions.map((i) => [i.keyword, i.location.line])).toEqual([
      ['FROM', 1], ['LABEL', 2], ['RUN', 4], ['EXPOSE', 9], ['USER', 12], ['HEALTHCHECK', 13], ['ENTRYPOINT', 15],
      ['FROM', 17], ['USER', 18], ['HEALTHCHECK', 19], ['CMD', 20],
    ]);
  });

  it('honours the escape directive', () => {
    const parsed = parseDockerfile(readFileSync(path.join(fixtures, 'windows-escape.Dockerfile'), 'utf8'), 'w');
    expect(parsed.escape).toBe('`');
    expect(parsed.instructions.find((i) => i.keyword === 'EXPOSE')!.text).toBe('8080   8081');
  });

  it('takes the exec form only for a JSON array of strings, as BuildKit does', () => {
    const parsed = parseDockerfile('FROM a\nCMD ["node", "a b.js", "\\u0041"]\nENTRYPOINT [node, x]\nRUN ["echo", 1]\n', 'f');
    expect(parsed.instructions[1]!.json).toEqual(['node', 'a b.js', 'A']);
    expect(parsed.instructions[2]!.json).toBeUndefined();
    expect(parsed.instructions[3]!.json).toBeUndefined();
  });

  it('locates an unterminated heredoc and a bad escape directive', () => {
    expect(() => parseDockerfile('FROM a\nRUN <<EOF\necho\n', '/p/Dockerfile')).toThrowError(expect.objectContaining({ location: { file: '/p/Dockerfile', line: 2, column: 1 } }));
    expect(() => parseDockerfile('# escape=x\nFROM a\n', '/p/Dockerfile')).toThrowError(ComposeError);
  });
});

describe('Dockerfile facts', () => {
  it('multi-stage with ARG in FROM: the last stage, its user from adduser --uid, EXPOSE from ENV', () => {
    const image = evaluateFixture('node-multistage.Dockerfile');
    expect(image.baseImage).toBe('node:18-alpine');
    expect(image.baseKnown).toBe(false);
    expect(image.config).toEqual({
      user: { spec: 'nextjs', uid: 1001 },
      exposedPorts: [{ port: 3000, protocol: 'tcp' }],
      workingDir: '/app',
      cmd: ['node', 'server.js'],
      labels: {},
    });
  });

  it('compose build args override ARG defaults, in FROM too', () => {
    const image = evaluateFixture('node-multistage.Dockerfile', { args: { NODE_VERSION: '20', ALPINE: null } });
    expect(image.baseImage).toBe('node:20-alpine');
  });

  it('selects the target stage; unknown targets are located errors', () => {
    expect(evaluateFixture('node-multistage.Dockerfile', { target: 'deps' }).config).toEqual({ exposedPorts: [], labels: {}, workingDir: '/app' });
    expect(() => evaluateFixture('node-multistage.Dockerfile', { target: 'nope' })).toThrowError(/target stage "nope" is not in the Dockerfile \(stages: deps, builder, runner\)/);
  });

  it('heredoc RUN scripts create users; HEALTHCHECK options; relative WORKDIR; ENTRYPOINT with CMD', () => {
    const { config } = evaluateFixture('python-heredoc.Dockerfile');
    expect(config.user).toEqual({ spec: 'app', uid: 10001, gid: 2000 });
    expect(config.exposedPorts).toEqual([{ port: 8080, protocol: 'tcp' }, { port: 8125, protocol: 'udp' }]);
    expect(config.workingDir).toBe('/srv/app/src');
    expect(config.healthcheck).toEqual({
      test: ['CMD-SHELL', `python -c "import urllib.request; urllib.request.urlopen('http://localhost:8080/health')"`],
      disable: false,
      interval: 15_000,
      timeout: 3_000,
      startPeriod: 90_000,
      startInterval: 2_000,
      retries: 4,
    });
    expect(config.entrypoint).toEqual(['gunicorn', '--bind', '0.0.0.0:8080']);
    expect(config.cmd).toEqual(['app:create_app()']);
    expect(config.stopSignal).toBe('SIGINT');
  });

  it('shell forms run through /bin/sh -c; stages inherit; HEALTHCHECK NONE removes', () => {
    const base = evaluateFixture('continuations.Dockerfile', { target: 'base' }).config;
    expect(base.entrypoint).toEqual(['/bin/sh', '-c', '/usr/local/bin/start --config /etc/start.conf']);
    expect(base.healthcheck?.test).toEqual(['CMD-SHELL', 'curl -fsS http://localhost/   || exit 1']);
    expect(base.exposedPorts.map((p) => p.port)).toEqual([80, 443, 8000, 8001, 8002]);
    expect(base.labels).toEqual({ 'org.opencontainers.image.title': 'continuations demo', 'org.opencontainers.image.vendor': 'Example Corp' });
    expect(base.user).toEqual({ spec: 'www-data:www-data', unresolved: 'user www-data is not created in this Dockerfile (it may come from the base image)' });
    const debug = evaluateFixture('continuations.Dockerfile').config;
    expect(debug.user).toEqual({ spec: '0:0', uid: 0, gid: 0 });
    expect(debug.healthcheck).toBeUndefined();
    expect(debug.entrypoint).toEqual(base.entrypoint);
    expect(debug.cmd).toEqual(['--verbose']);
  });

  it('SHELL changes the shell form; the backtick escape continues lines', () => {
    const { config } = evaluateFixture('windows-escape.Dockerfile');
    expect(config.cmd).toEqual(['powershell', '-Command', 'Write-Host "ready"; Start-Sleep 3600']);
    expect(config.workingDir).toBe('C:\\app');
    expect(config.exposedPorts.map((p) => p.port)).toEqual([8080, 8081]);
  });

  it('USER name:group through BusyBox addgroup/adduser; system users; base-image users', () => {
    expect(evaluateFixture('user-name-group.Dockerfile', { target: 'runtime' }).config.user).toEqual({ spec: 'svc:staff2', uid: 1500, gid: 1600 });
    expect(evaluateFixture('user-name-group.Dockerfile', { target: 'runtime', args: { UID: '1700' } }).config.user?.uid).toBe(1700);
    expect(evaluateFixture('user-name-group.Dockerfile', { target: 'runtime' }).config.entrypoint).toEqual(['/bin/sh', '-c', 'exec "$0" "$@"', 'serve']);
    expect(evaluateFixture('user-name-group.Dockerfile', { target: 'system-user' }).config.user).toMatchObject({ spec: 'daemon2', system: true, unresolved: expect.stringContaining('system user') });
    expect(evaluateFixture('user-name-group.Dockerfile').config.user).toMatchObject({ spec: 'node', unresolved: expect.stringContaining('not created in this Dockerfile') });
  });

  it('records the servers that start as root a RUN installs, with versions and through stages; not other packages', () => {
    const image = evaluateText(
      [
        'FROM php:8.1-fpm-alpine3.15 AS base',
        'RUN apk add --update --no-cache nginx=1.20.2-r1 curl && docker-php-ext-install pdo',
        'FROM base',
        'RUN set -eux; apt-get update && apt-get install -y --no-install-recommends supervisor cron; rm -rf /var/lib/apt/lists/*',
        'RUN <<EOF',
        '/sbin/apk add openssh-server',
        'EOF',
        'RUN echo nginx > /etc/motd && pip install httpd',
      ].join('\n'),
    );
    expect(image.rootServers).toEqual(['cron', 'nginx', 'openssh-server', 'supervisor']);
    expect(evaluateText('FROM php:8.3-fpm\nRUN apt-get install -y libpng-dev\n').rootServers).toEqual([]);
  });

  it('starts from the locked base image config: its user, ports and CMD show through; ENTRYPOINT drops the base CMD', () => {
    const nginx = imageConfigFromBlob({
      config: { User: '101', ExposedPorts: { '80/tcp': {} }, Cmd: ['nginx', '-g', 'daemon off;'], Entrypoint: ['/docker-entrypoint.sh'], StopSignal: 'SIGQUIT', Labels: { maintainer: 'NGINX' } },
    });
    const baseConfig = (reference: string) => (reference === 'nginx:alpine' ? nginx : undefined);
    const plain = evaluateText('FROM nginx:alpine\nCOPY x /usr/share/nginx/html\nEXPOSE 8080\n', { baseConfig });
    expect(plain.baseKnown).toBe(true);
    expect(plain.config).toMatchObject({ user: { spec: '101', uid: 101 }, cmd: ['nginx', '-g', 'daemon off;'], entrypoint: ['/docker-entrypoint.sh'], stopSignal: 'SIGQUIT', labels: { maintainer: 'NGINX' } });
    expect(plain.config.exposedPorts.map((p) => p.port)).toEqual([80, 8080]);
    const entrypoint = evaluateText('FROM nginx:alpine\nENTRYPOINT ["caddy"]\n', { baseConfig });
    expect(entrypoint.config.cmd).toBeUndefined();
    const both = evaluateText('FROM nginx:alpine\nCMD ["x"]\nENTRYPOINT ["y"]\n', { baseConfig });
    expect(both.config.cmd).toEqual(['x']);
  });

  it('expands variables where BuildKit does, and not in CMD', () => {
    const { config } = evaluateText('FROM a\nARG PORT=8000\nARG HOME_DIR\nENV DIR=${HOME_DIR:-/opt/app} ALT=${PORT:+set}\nWORKDIR $DIR\nEXPOSE ${PORT}\nCMD echo $PORT\nLABEL p="${PORT}" q=\'$PORT\' r=$ALT\n');
    expect(config.workingDir).toBe('/opt/app');
    expect(config.exposedPorts).toEqual([{ port: 8000, protocol: 'tcp' }]);
    expect(config.cmd).toEqual(['/bin/sh', '-c', 'echo $PORT']);
    expect(config.labels).toEqual({ p: '8000', q: '$PORT', r: 'set' });
  });

  it('a global ARG reaches a stage only when the stage declares it', () => {
    const text = 'ARG PORT=7000\nFROM a AS first\nEXPOSE 1${PORT}\nFROM a AS second\nARG PORT\nEXPOSE ${PORT}\n';
    // Undeclared in the stage, ${PORT} is empty: `EXPOSE 1`.
    expect(evaluateText(text, { target: 'first' }).config.exposedPorts).toEqual([{ port: 1, protocol: 'tcp' }]);
    expect(evaluateText(text).config.exposedPorts).toEqual([{ port: 7000, protocol: 'tcp' }]);
    expect(evaluateText(text, { args: { PORT: '7100' } }).config.exposedPorts).toEqual([{ port: 7100, protocol: 'tcp' }]);
  });

  it('bad EXPOSE and HEALTHCHECK are located at their instruction', () => {
    expect(() => evaluateText('FROM a\n\nEXPOSE http\n')).toThrowError(expect.objectContaining({ location: { file: '/p/Dockerfile', line: 3, column: 1 }, message: expect.stringContaining('invalid port "http"') }));
    expect(() => evaluateText('FROM a\nHEALTHCHECK --interval=5 CMD true\n')).toThrowError(expect.objectContaining({ location: expect.objectContaining({ line: 2 }) }));
    expect(() => evaluateText('RUN x\nFROM a\n')).toThrowError(/RUN before the first FROM/);
  });
});

describe('Dockerfile facts, edge cases', () => {
  it('a variable holding several ports; zero durations mean the default', () => {
    const { config } = evaluateText('FROM a\nARG PORTS="80 443/udp"\nEXPOSE $PORTS\nHEALTHCHECK --interval=0s --retries=0 CMD ["true"]\n');
    expect(config.exposedPorts).toEqual([{ port: 80, protocol: 'tcp' }, { port: 443, protocol: 'udp' }]);
    expect(config.healthcheck).toEqual({ test: ['CMD', 'true'], disable: false });
  });
});
