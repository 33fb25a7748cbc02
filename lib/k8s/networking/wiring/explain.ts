/**
 * The wiring of a converted stack as a person reviews it (`convert --explain`): per service, the
 * names it answers to and how each resolves, the ports its Service carries and why, and the
 * references it makes — resolved, rewritten, sent to localhost, or left unresolved.
 */
import type { ServiceWiring, WiredReference } from './wiring.ts';

const OUTCOME: Readonly<Record<WiredReference['outcome'], string>> = {
  resolves: 'resolves',
  rewritten: 'rewritten',
  localhost: 'calls the container itself',
  'pod address': "the pod's own address",
  'unreachable in compose': 'UNRESOLVED: no shared network, unreachable in compose too',
  'not rewritten': 'UNRESOLVED: inside a Secret or a binary file, change it at its source',
};

export function explainWiring(project: string, wiring: Readonly<Record<string, ServiceWiring>>): string {
  const lines = [`wiring of project '${project}'`];
  for (const service of Object.values(wiring).sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))) {
    lines.push('', `${service.service}`);
    const names = service.names.map((name) => (name.resolvesAs === name.name ? `${name.name} (${name.kind})` : `${name.name} (${name.kind}) → ${name.resolvesAs}`));
    lines.push(`  answers to: ${names.join(', ')}`);
    if (service.podDomain) lines.push(`  pod domain: ${service.podDomain.hostname}.${service.podDomain.subdomain} (the pod's hostname, and a headless Service '${service.podDomain.subdomain}')`);
    lines.push(service.ports.length === 0
      ? '  ports: none known: a headless Service, every port reachable'
      : `  ports: ${service.ports.map((port) => `${port.port}${port.protocol === 'tcp' ? '' : `/${port.protocol}`} (${port.sources.join(', ')})`).join(', ')}`);
    if (service.references.length === 0) continue;
    lines.push('  refers to:');
    const seen = new Set<string>();
    for (const reference of service.references) {
      const target = `${reference.name}${reference.port === undefined ? '' : `:${reference.port}`}`;
      const via = reference.resolvesAs === reference.name ? '' : ` as ${reference.resolvesAs}`;
      const line = `    ${target} → service ${reference.service}${via}: ${OUTCOME[reference.outcome]} (${reference.key})`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
  }
  return `${lines.join('\n')}\n`;
}
