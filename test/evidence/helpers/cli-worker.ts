/**
 * The CLI in a worker thread, so a test can stop a run that hangs — a synchronous endless loop
 * would block the test's own thread and every timer in it (see fuzz.test.ts).
 */
import { parentPort, Worker } from 'node:worker_threads';
import { runCliCaptured, type CliRun } from './cli.ts';

interface Request {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (request: Request) => {
    void runCliCaptured(request.argv, request.cwd, request.env).then((run) => port.postMessage(run));
  });
}

/** Runs CLI invocations one at a time in a worker; one that outlasts its time limit ends the worker. */
export class CliWorker {
  private worker = CliWorker.start();

  /** The run, or 'timeout' when it took longer than `limitMs` (the worker is then replaced). */
  run(request: Request, limitMs: number): Promise<CliRun | 'timeout'> {
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.removeAllListeners();
        void worker.terminate();
        this.worker = CliWorker.start();
        resolve('timeout');
      }, limitMs);
      worker.once('message', (run: CliRun) => {
        clearTimeout(timer);
        worker.removeAllListeners('error');
        resolve(run);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.postMessage(request);
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }

  /** The worker runs this file through tsx, as the tests run. */
  private static start(): Worker {
    const self = JSON.stringify(import.meta.url);
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${self}); });`, { eval: true });
  }
}
