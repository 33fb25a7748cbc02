import type { Service } from '../../compose/model.ts';

/** The first TCP container port a service declares (`ports:` before `expose:`), the port others connect to. */
export function firstTcpPort(service: Service): number | undefined {
  const declared = [
    ...service.ports.map((p) => ({ port: p.target, protocol: p.protocol })),
    ...service.expose,
  ];
  return declared.find((p) => p.protocol === 'tcp')?.port;
}
