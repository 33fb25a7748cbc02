import type { Service } from '../../compose/model.ts';
import { own } from '../plan/own.ts';

/**
 * The TCP ports a service's own command tells a Python web server to listen on: uvicorn's and
 * granian's `--port 9000`, gunicorn's and hypercorn's `-b 0.0.0.0:8000`, daphne's `-p 8001`,
 * waitress' `--port=8080` / `--listen=*:8080`, `flask run --port 5000`, also inside an `sh -c`
 * script and after `python -m`. onyx-dot-app/onyx's model servers run `exec uvicorn
 * model_server.main:app --host 0.0.0.0 --port 9000` and declare no port; the api server and the
 * background workers dial them by name alone (the application's default port is 9000), so their
 * Services carried no port, nothing could reach them and nothing waited for them (until 2026-12-07).
 *
 * Only these servers' own flags count, read up to the next server the script starts: a flag of
 * another program (`wait-for-it --port=5432`, `psql --port`) says where that one connects. A port
 * written as a variable (`--port $PORT`) is the shell's at run time, and a loopback or Unix socket
 * bind (`-b 127.0.0.1:8000`, `unix:/run/app.sock`) answers inside the pod only: neither counts.
 */
export function commandListenPorts(service: Service): number[] {
  const tokens = commandWords([...(service.entrypoint ?? []), ...(service.command ?? [])]).map(unquoted);
  const ports: number[] = [];
  // One server's run: its ports count unless its host flag binds it to the loopback address.
  let server: ServerFlags | undefined;
  let found: number[] = [];
  let loopback = false;
  const close = (): void => {
    if (!loopback) for (const port of found) if (!ports.includes(port)) ports.push(port);
    found = [];
    loopback = false;
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token === SEPARATOR) {
      // The server's command has ended: what follows is another program's (`uvicorn … ; psql --port 5432`).
      close();
      server = undefined;
      continue;
    }
    const program = own(SERVERS, token.slice(token.lastIndexOf('/') + 1));
    if (program !== undefined) {
      close();
      server = program;
      continue;
    }
    if (server === undefined) continue;
    const [flag, inline] = token.startsWith('--') && token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    const kind = server.port.includes(flag) ? 'port' : server.bind.includes(flag) ? 'bind' : server.host.includes(flag) ? 'host' : undefined;
    if (kind === undefined) continue;
    const value = inline ?? tokens[index + 1];
    if (inline === undefined) index += 1;
    if (value === undefined) continue;
    if (kind === 'host') loopback ||= LOOPBACK.test(value);
    const port = kind === 'port' ? portNumber(value) : kind === 'bind' ? boundPort(value) : undefined;
    if (port !== undefined) found.push(port);
  }
  close();
  return ports;
}

interface ServerFlags {
  /** Flags whose value is the port alone. */
  readonly port: readonly string[];
  /** Flags whose value is `address:port`. */
  readonly bind: readonly string[];
  /** Flags whose value is the address alone. */
  readonly host: readonly string[];
}

/** By program name (the last path component of the word that starts it). */
const SERVERS: Readonly<Record<string, ServerFlags>> = {
  uvicorn: { port: ['--port'], bind: [], host: ['--host'] },
  granian: { port: ['--port'], bind: [], host: ['--host'] },
  gunicorn: { port: [], bind: ['-b', '--bind'], host: [] },
  hypercorn: { port: [], bind: ['-b', '--bind'], host: [] },
  // daphne's `-b` is the address alone.
  daphne: { port: ['-p', '--port'], bind: [], host: ['-b', '--bind'] },
  'waitress-serve': { port: ['--port'], bind: ['--listen'], host: ['--host'] },
  flask: { port: ['-p', '--port'], bind: [], host: ['-h', '--host'] },
};

/** Where one command of a script ends and the next begins: `;`, `&&`, `||`, `|`, `&`, a subshell's parentheses, a line (not one a backslash continues). */
const SEPARATOR = ';';

/**
 * The words of the command and the scripts in it, split at white space as commandTokens splits them,
 * with one SEPARATOR where a shell operator or a line ends a command (unlike commandTokens, which drops
 * them): the server's flags are read up to there.
 */
function commandWords(words: readonly string[]): string[] {
  return words.flatMap((word) => word.replace(/\\\r?\n/g, ' ').split(/([;&|()\n]+)|[ \t\r]+/)).flatMap((token) => (token === undefined || token === '' ? [] : /^[;&|()\n]+$/.test(token) ? [SEPARATOR] : [token]));
}

function unquoted(token: string): string {
  return token.replace(/^["']+|["']+$/g, '');
}

function portNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/** The port of `address:port` (`0.0.0.0:8000`, `[::]:8000`, `:8000`, `*:8080`), unless loopback or a Unix socket. */
function boundPort(text: string): number | undefined {
  if (text.startsWith('unix:') || text.startsWith('fd://')) return undefined;
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  if (LOOPBACK.test(text.slice(0, colon))) return undefined;
  return portNumber(text.slice(colon + 1));
}
