/**
 * The port a service's own environment tells its program to listen on, by the names web frameworks
 * read (Spring Boot's `SERVER_PORT`, the `PORT` of Node.js and twelve-factor apps, `HTTP_PORT`,
 * `LISTEN_PORT`, `APP_PORT`, `WEB_PORT`). Read only for a service on the host network that declares
 * no port and none is otherwise known: there compose needs none (`ports:` is ignored), and OpenVidu's
 * on-premises compose runs openvidu-server with `SERVER_PORT=5443` and its call app with
 * `SERVER_PORT=5442`, which the app reaches at http://localhost:5443. Their Services carried no port,
 * so no pod reached either and the app's call went unexplained (until 2026-12-07).
 */
const OWN_PORT_VARIABLES = ['SERVER_PORT', 'PORT', 'HTTP_PORT', 'LISTEN_PORT', 'APP_PORT', 'WEB_PORT'];

export interface OwnPortVariable {
  readonly name: string;
  readonly port: number;
}

/** The first of OWN_PORT_VARIABLES the environment sets to a port number, or undefined. */
export function ownPortVariable(environment: Readonly<Record<string, string | null>>): OwnPortVariable | undefined {
  for (const name of OWN_PORT_VARIABLES) {
    const value = Object.hasOwn(environment, name) ? environment[name] : undefined;
    if (typeof value !== 'string' || !/^\d{1,5}$/.test(value.trim())) continue;
    const port = Number(value.trim());
    if (port >= 1 && port <= 65535) return { name, port };
  }
  return undefined;
}
