import { describe, expect, it } from 'vitest';
import { commandListenPorts } from '../../../lib/k8s/networking/command-listen-ports.ts';
import { makeService } from '../../support/model.ts';
import { convertCompose } from '../support/compose-text.ts';

const ports = (command: string[], entrypoint?: string[]): number[] => commandListenPorts(makeService('app', { command, ...(entrypoint ? { entrypoint } : {}) }));

/**
 * onyx-dot-app/onyx's model servers run `exec uvicorn model_server.main:app --host 0.0.0.0 --port
 * 9000` inside an `sh -c` script and declare no port, while api_server and background dial them by
 * name alone (MODEL_SERVER_HOST=inference_model_server): their Services carried no port, so nothing
 * reached them and nothing waited for them (until 2026-12-07).
 */
const onyx = `services:
  api_server:
    image: onyxdotapp/onyx-backend:latest
    command: uvicorn onyx.main:app --host 0.0.0.0 --port 8080
    ports: ["8080:8080"]
    environment:
      MODEL_SERVER_HOST: inference_model_server
    depends_on: [inference_model_server]
  inference_model_server:
    image: onyxdotapp/onyx-model-server:latest
    command: >
      /bin/sh -c "if [ \\"\${DISABLE_MODEL_SERVER:-}\\" = \\"True\\" ]; then
        echo 'Skipping service...';
        exit 0;
      else
        exec uvicorn model_server.main:app --host 0.0.0.0 --port 9000;
      fi"
`;

describe('the ports a Python web server its command starts listens on', () => {
  it("give the Service the port others dial by name alone, and the waiters a port to wait on", () => {
    const converted = convertCompose(onyx);
    const service = converted.object('Service', 'inference-model-server');
    expect(service.spec.ports.map((port: { port: number }) => port.port)).toEqual([9000]);
    expect(converted.warningsAt('services.inference_model_server')).toContain(
      "services.inference_model_server: the Service carries port 9000 (its command listens on it) that compose does not declare, so that the others reach 'inference_model_server' on it (declare expose: to change)",
    );
    const waits = converted.object('Deployment', 'api-server').spec.template.spec.initContainers.map((container: { name: string }) => container.name);
    expect(waits).toContain('wait-for-inference-model-server');
  });

  it("read uvicorn's, granian's, daphne's and flask's port flags and gunicorn's, hypercorn's and waitress' binds, after python -m too", () => {
    expect(ports(['uvicorn', 'app:app', '--host', '0.0.0.0', '--port', '9000'])).toEqual([9000]);
    expect(ports(['python', '-m', 'uvicorn', 'app:app', '--port=8001'])).toEqual([8001]);
    expect(ports(['gunicorn', '-w', '4', '-b', '0.0.0.0:8000', 'wsgi:app'])).toEqual([8000]);
    expect(ports(['/usr/local/bin/hypercorn', '--bind', '[::]:8443', 'app:app'])).toEqual([8443]);
    expect(ports(['granian', '--interface', 'asgi', '--port', '7000', 'app:app'])).toEqual([7000]);
    expect(ports(['daphne', '-b', '0.0.0.0', '-p', '8002', 'asgi:application'])).toEqual([8002]);
    expect(ports(['waitress-serve', '--listen=*:8080', 'app:app'])).toEqual([8080]);
    expect(ports(['flask', 'run', '--host', '0.0.0.0', '--port', '5000'])).toEqual([5000]);
    expect(ports(['sh', '-c', 'alembic upgrade head && gunicorn -b :8000 app:app'])).toEqual([8000]);
  });

  it("not another program's flags, a port the shell expands, a loopback address or a Unix socket", () => {
    expect(ports(['sh', '-c', 'wait-for-it --host=db --port=5432 -- python app.py'])).toEqual([]);
    expect(ports(['uvicorn', 'app:app', '--port', '$PORT'])).toEqual([]);
    expect(ports(['uvicorn', 'app:app', '--host', '127.0.0.1', '--port', '8000'])).toEqual([]);
    expect(ports(['gunicorn', '-b', '127.0.0.1:8000', 'app:app'])).toEqual([]);
    expect(ports(['gunicorn', '-b', 'unix:/run/app.sock', 'app:app'])).toEqual([]);
    expect(ports(['python', 'server.py', '--port', '8000'])).toEqual([]);
  });

  // The server's flags end where its command does (`;`, `&&`, `||`, `|`, `&`): a client run after it
  // in the same script says where it connects, not where the server listens.
  it("not the flags of a program the script runs after the server's command has ended", () => {
    expect(ports(['sh', '-c', "uvicorn app:app --port 9000; psql --port 5432 -c 'select 1'"])).toEqual([9000]);
    expect(ports(['sh', '-c', 'gunicorn -b 0.0.0.0:8000 app:app & redis-cli -p 6379 --port 6380 ping'])).toEqual([8000]);
    expect(ports(['sh', '-c', 'flask run --port 5000 || nc -l --port 7000'])).toEqual([5000]);
    expect(ports(['uvicorn', 'app:app', '--port', '9000', '&&', 'wait-for-it', '--port', '5432'])).toEqual([9000]);
    expect(ports(['sh', '-c', 'cd /app && uvicorn app:app --port 9000'])).toEqual([9000]);
    expect(ports(['sh', '-c', 'uvicorn app:app \\\n  --port 9000\npsql --port 5432'])).toEqual([9000]);
  });
});

