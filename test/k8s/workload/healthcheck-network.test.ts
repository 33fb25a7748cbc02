import { describe, expect, it } from 'vitest';
import { networkCheckOf, withServiceVariables } from '../../../lib/k8s/workload/healthcheck-network.ts';
import { convertCompose } from '../support/compose-text.ts';

const shell = (script: string) => networkCheckOf(['CMD-SHELL', script]);
const cmd = (...args: string[]) => networkCheckOf(['CMD', ...args]);

describe('networkCheckOf: HTTP', () => {
  it.each([
    ['curl -f http://localhost:8000/health', 8000, '/health'],
    ['curl -fsS http://127.0.0.1:3000/api/health?deep=1', 3000, '/api/health?deep=1'],
    ['curl --silent --fail localhost:80/health-check || exit 1', 80, '/health-check'],
    ['curl -fsSL -o /dev/null --max-time 5 http://localhost:9090/-/ready', 9090, '/-/ready'],
    ['wget --spider http://localhost:8080/', 8080, '/'],
    ['wget -q --spider http://localhost/ping || exit 1', 80, '/ping'],
    ['wget --no-verbose --tries=1 --spider http://localhost:3000/api/health || exit 1', 3000, '/api/health'],
    ['wget -qO- http://127.0.0.1:8081/status', 8081, '/status'],
    ['wget -q -O /dev/null http://0.0.0.0:5000/ ||exit 1', 5000, '/'],
  ])('turns the shell check %s into httpGet', (script, port, path) => {
    expect(shell(script)).toEqual({ kind: 'http', scheme: 'HTTP', port, path, headers: [] });
  });

  it('reads the CMD form too', () => {
    expect(cmd('curl', '-f', 'http://localhost:8000/status')).toEqual({ kind: 'http', scheme: 'HTTP', port: 8000, path: '/status', headers: [] });
    expect(cmd('sh', '-c', 'curl -f http://localhost:81/ || exit 1')).toMatchObject({ port: 81, path: '/' });
  });

  it('recognizes python urllib and requests fetches', () => {
    const urllib = cmd('python', '-c', "import urllib.request; urllib.request.urlopen('http://localhost:8082/api/stats')");
    expect(urllib).toMatchObject({ port: 8082, path: '/api/stats' });
    const requests = cmd('python3', '-c', 'import requests; requests.get("http://localhost:5000/health", timeout=3).raise_for_status()');
    expect(requests).toMatchObject({ port: 5000, path: '/health' });
    expect(shell(`python -c "import urllib.request as u; u.urlopen('http://localhost:8000/')"`)).toBeUndefined();
    expect(shell(`python3 -c "from urllib.request import urlopen; urlopen('http://localhost:8000/ok')"`)).toMatchObject({ path: '/ok' });
  });

  it('recognizes node http.get checks that look at the status code', () => {
    const script = "require('http').get('http://localhost:3000/healthz', (r) => process.exit(r.statusCode === 200 ? 0 : 1))";
    expect(cmd('node', '-e', script)).toMatchObject({ port: 3000, path: '/healthz' });
    expect(cmd('node', '-e', "require('http').get('http://localhost:3000/')")).toBeUndefined();
  });

  it('keeps https and headers, and the name https sends for the certificate', () => {
    expect(shell("curl -fk -H 'Host: example.org' https://localhost/health")).toEqual({
      kind: 'http',
      scheme: 'HTTPS', port: 443, path: '/health', headers: [{ name: 'Host', value: 'example.org' }], serverName: 'localhost',
    });
  });

  it('sends no server name for an address, nor over plain http', () => {
    expect(shell('curl -fk https://127.0.0.1:8443/health')).not.toHaveProperty('serverName');
    expect(cmd('wget', '--spider', 'https://[::1]/health')).not.toHaveProperty('serverName');
    expect(shell('curl -f http://localhost:8080/health')).not.toHaveProperty('serverName');
  });

  it.each([
    ['curl http://localhost:8000/health', 'no --fail: any HTTP answer passes'],
    ['curl -f http://db:8000/health', 'another host'],
    ['curl -f http://localhost:$PORT/health', 'a runtime variable'],
    ['curl -f -X POST http://localhost/health', 'not a GET'],
    ['curl -f http://localhost/ && echo ok', 'a compound command'],
    ['curl -f http://localhost/ | grep ok', 'a pipeline'],
    ['curl -f http://user:pw@localhost/', 'credentials'],
    ['curl -f http://localhost/ || exit 0', 'a check that always passes'],
    ['curl -f --data x http://localhost/', 'an unknown option'],
    ['pg_isready -U postgres', 'not an HTTP client'],
    ['wget http://localhost/a http://localhost/b', 'two URLs'],
  ])('leaves %s alone (%s)', (script) => {
    expect(shell(script)).toBeUndefined();
  });

  it('ignores NONE tests', () => {
    expect(networkCheckOf(['NONE'])).toBeUndefined();
  });
});

describe('networkCheckOf: TCP', () => {
  it.each([
    ['nc -z localhost 5432', 5432],
    ['nc -zv 127.0.0.1 9092 || exit 1', 9092],
    ['nc -z -w 3 localhost 1883', 1883],
  ])('turns %s into a tcpSocket check', (script, port) => {
    expect(shell(script)).toEqual({ kind: 'tcp', port });
  });

  it('reads the CMD form and leaves other netcat uses alone', () => {
    expect(cmd('nc', '-z', 'localhost', '6379')).toEqual({ kind: 'tcp', port: 6379 });
    expect(cmd('nc', 'localhost', '6379')).toBeUndefined();
    expect(cmd('nc', '-z', 'db', '5432')).toBeUndefined();
    expect(shell('echo ruok | nc localhost 2181 | grep imok')).toBeUndefined();
  });
});

/**
 * risingwavelabs/risingwave docker/docker-compose.yml checks every node, its Grafana and MinIO with
 * bash's /dev/tcp; as a command the probe needed bash, which grafana-oss's Alpine image lacks: its
 * liveness probe failed and the kubelet restarted it forever, where compose only said unhealthy.
 */
describe("networkCheckOf: bash's /dev/tcp", () => {
  it.each([
    [`bash -c 'printf \\"GET / HTTP/1.1\\n\\n\\" > /dev/tcp/127.0.0.1/3001; exit $?;'`, 3001],
    ['bash -c ":> /dev/tcp/localhost/8080"', 8080],
    ['echo > /dev/tcp/127.0.0.1/9092; exit', 9092],
  ])('turns %s into a tcpSocket check', (script, port) => {
    expect(shell(script)).toEqual({ kind: 'tcp', port });
  });

  it('reads the CMD form, and leaves other hosts, other work and a forced status alone', () => {
    expect(cmd('bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/5432')).toEqual({ kind: 'tcp', port: 5432 });
    expect(shell('echo > /dev/tcp/db/5432')).toBeUndefined();
    expect(shell('printf x > /dev/tcp/127.0.0.1/80; exit 0')).toBeUndefined();
    expect(shell('cat /etc/hosts > /dev/tcp/127.0.0.1/80')).toBeUndefined();
    expect(shell('echo > /dev/tcp/127.0.0.1/80 && curl -f http://localhost/ready')).toBeUndefined();
  });

  it("makes Grafana's probes tcpSocket ones, which need no bash in the image", () => {
    const result = convertCompose(`services:
  grafana-0:
    image: grafana/grafana-oss:11.2.0
    ports: ["3001:3001"]
    healthcheck:
      test: ["CMD-SHELL", "bash -c 'printf \\\"GET / HTTP/1.1\\n\\n\\\" > /dev/tcp/127.0.0.1/3001; exit $$?;'"]
      interval: 1s
      timeout: 5s
      retries: 5
`);
    const container = result.object('Deployment', 'grafana-0').spec.template.spec.containers[0];
    expect(container.readinessProbe).toMatchObject({ tcpSocket: { port: 3001 }, periodSeconds: 1, failureThreshold: 5 });
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 3001 } });
    expect(container.livenessProbe.exec).toBeUndefined();
  });
});

describe('networkCheckOf: cached checks', () => {
  it('keys the cache by the words, not by their text', () => {
    // Joined with spaces, these two tests would share one cache entry.
    expect(cmd('nc -z localhost 15432')).toBeUndefined();
    expect(cmd('nc', '-z', 'localhost', '15432')).toEqual({ kind: 'tcp', port: 15432 });
    expect(cmd('nc', '-z', 'localhost', '25432')).toEqual({ kind: 'tcp', port: 25432 });
    expect(cmd('nc -z localhost 25432')).toBeUndefined();
  });

  it('answers a repeated test as the first time', () => {
    const test = ['CMD', 'wget', '--header', 'Host: api', '--spider', 'http://localhost:8080/health'];
    const first = structuredClone(networkCheckOf(test));
    expect(networkCheckOf([...test])).toEqual(first);
    expect(first).toMatchObject({ port: 8080, headers: [{ name: 'Host', value: 'api' }] });
  });
});

describe('withServiceVariables', () => {
  const environment = { PORT: '3004', EMPTY: '', TOKEN_PORT: '1', API_SECRET: 'abc', SPACED: 'a b', UNSET: null };
  it.each([
    ['wget --spider http://localhost:${PORT:-3004}/v1/health-check || exit 1', 'wget --spider http://localhost:3004/v1/health-check || exit 1'],
    ['curl -f http://localhost:$PORT/health', 'curl -f http://localhost:3004/health'],
    ['curl -f "http://localhost:${PORT}/health"', 'curl -f "http://localhost:3004/health"'],
    ['curl -f http://localhost:${EMPTY:-8080}/', 'curl -f http://localhost:8080/'],
    ['curl -f http://localhost:${EMPTY-8080}/', 'curl -f http://localhost:/'],
  ])('%s → %s', (script, written) => {
    expect(withServiceVariables(['CMD-SHELL', script], environment)).toEqual(['CMD-SHELL', written]);
  });

  it.each([
    // Single quotes keep the text; an escaped $ is literal; the image may set what compose does not.
    "curl -f 'http://localhost:$PORT/'",
    'curl -f http://localhost:\\$PORT/',
    'curl -f http://localhost:${OTHER:-80}/',
    'curl -f http://localhost:${UNSET:-80}/',
    // A secret by name is never written into a probe; a value with a blank would split the words.
    'curl -f http://localhost:${API_SECRET}/',
    'curl -f http://localhost/${SPACED}',
  ])('%s stays as written', (script) => {
    expect(withServiceVariables(['CMD-SHELL', script], environment)).toEqual(['CMD-SHELL', script]);
  });

  it('leaves exec-form tests alone: Docker runs them without a shell', () => {
    const test = ['CMD', 'curl', '-f', 'http://localhost:$PORT/'];
    expect(withServiceVariables(test, environment)).toBe(test);
  });

  it("gives the Service the port the check names through the service's own variable, and its dependents wait on it (novu's worker)", () => {
    const converted = convertCompose(`services:
  worker:
    image: ghcr.io/novuhq/novu/worker:2.0.0
    environment:
      PORT: \${WORKER_PORT:-3004}
    healthcheck:
      test: ["CMD-SHELL", "wget --no-verbose --tries=1 --spider http://localhost:$\${PORT:-3004}/v1/health-check || exit 1"]
  dashboard:
    image: ghcr.io/novuhq/novu/dashboard:2.0.0
    depends_on:
      worker:
        condition: service_healthy
`);
    expect(converted.object('Service', 'worker').spec.ports.map((port: { port: number }) => port.port)).toEqual([3004]);
    const pod = converted.object('Deployment', 'dashboard').spec.template.spec;
    expect(pod.initContainers.map((container: { command: string[] }) => container.command.join(' '))).toEqual([expect.stringContaining('nc -z -w 2 worker 3004')]);
    expect(converted.object('Deployment', 'worker').spec.template.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/v1/health-check', port: 3004, scheme: 'HTTP' });
    expect(converted.warnings.map((warning) => warning.message)).not.toContainEqual(expect.stringMatching(/is not waited for/));
  });
});
