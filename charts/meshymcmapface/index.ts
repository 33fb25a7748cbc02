import type { ServiceOptions } from '../../lib/k8s/options/options.ts';
import { systemDirectory, type SystemDefinition } from '../system.ts';

// Both Dockerfiles run as meshymcmapface, a system user (`useradd -r`) whose uid the converter takes
// to be 999, Debian's first (and says so). Option 3 of section 5.1 runs the agent as `1000:20`, but
// its Python packages are in /home/meshymcmapface/.local, which uid 1000 (no passwd entry, HOME=/)
// never finds: the agent keeps the Dockerfile's user, in dialout (20) as Option 3 wants.
// API_KEY_FILE holds the path of the mounted secret, not the key itself.
const agent: ServiceOptions = { securityContext: { runAsUser: 999 }, plainEnvironment: ['API_KEY_FILE'] };
const server: ServiceOptions = { plainEnvironment: ['API_KEY_FILE'] };
/** Images named like the document's containers (section 1.2), tagged per environment. */
function images(tag: string): { server: string; agent: string } {
  return { server: `meshymcmapface-server:${tag}`, agent: `meshymcmapface-agent:${tag}` };
}
const dev = images('dev');
/**
 * The chart's own files (a departure, see README.md): the server and the agent render their config
 * templates at start, the keys from the one secret agent_api_key.
 */
const RENDER_CONFIG = ['docker-compose.render-config.yml', 'docker-compose.render-config.agent.yml'];
const prod = images('1.0.0');

export const meshymcmapface: SystemDefinition = {
  name: 'meshymcmapface',
  directory: systemDirectory(import.meta.url),
  environments: {
    // One host with one radio: section 3.1 plus Option 3 (non-root, dialout) of section 5.1.
    dev: {
      files: ['docker-compose.yml', 'docker-compose.device-permissions.yml', ...RENDER_CONFIG],
      options: {
        services: { server: { ...server, image: dev.server }, agent: { ...agent, image: dev.agent } },
      },
    },
    // The Swarm layout of section 9.3 (server preferably on a control-plane node, one agent on every node
    // labelled meshtastic=true) with the agent's API key as a secret (section 8.3).
    prod: {
      files: ['docker-compose.yml', 'docker-compose.device-permissions.yml', 'docker-stack.yml', 'docker-compose.secrets.yml', ...RENDER_CONFIG],
      options: {
        ingress: { className: 'nginx', domain: 'meshymcmapface.example.com', tlsSecretName: 'meshymcmapface-tls' },
        services: {
          server: { ...server, image: prod.server, exposure: 'Ingress', storage: { size: '5Gi' } },
          // One agent per node: each takes its id from its node's name (section 7.1's AGENT_ID), not agent-001.
          agent: { ...agent, image: prod.agent, fieldEnvironment: { AGENT_ID: 'spec.nodeName' } },
        },
      },
    },
    // Section 3.2: two agents on one host, each bound to its own radio. The device plugin must
    // advertise each tty as its own resource so that agent-001 always gets ttyUSB0.
    'multi-agent': {
      files: [
        'docker-compose.multi-agent.yml',
        'docker-compose.multi-agent.device-permissions.yml',
        'docker-compose.render-config.yml',
        'docker-compose.multi-agent.render-config.yml',
      ],
      options: {
        services: {
          server: { ...server, image: prod.server },
          'agent-001': { ...agent, image: prod.agent, devices: { resourceNames: { '/dev/ttyUSB0': 'squat.ai/ttyusb0' } } },
          'agent-002': { ...agent, image: prod.agent, devices: { resourceNames: { '/dev/ttyUSB1': 'squat.ai/ttyusb1' } } },
        },
      },
    },
  },
};
