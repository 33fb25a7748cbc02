/**
 * A dotted name of two labels a service is reached by keeps its meaning as its pod's hostname and
 * subdomain (lib/k8s/networking/wiring/pod-domain-names.ts).
 */
import { describe, expect, test } from 'vitest';
import type * as k8s from '../../../../lib/k8s/plan/api-types.ts';
import type { TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import { planManifests } from '../../../../lib/k8s/plan/plan.ts';
import { podDomainLabels } from '../../../../lib/k8s/networking/wiring/pod-domain-names.ts';
import { explainWiring } from '../../../../lib/k8s/networking/wiring/explain.ts';
import { composeFile as project } from '../../robustness/compose-files.ts';
import { find, plan, podOf } from '../../names/support.ts';

const env = (translation: TranslationPlan, service: string, variable: string): string | undefined =>
  podOf(translation, service).containers[0]?.env?.find((entry) => entry.name === variable)?.value;
const serviceNames = (translation: TranslationPlan): string[] =>
  planManifests(translation).filter((manifest) => manifest.kind === 'Service').map((manifest) => manifest.metadata.name).sort();

describe('a dotted name of two labels resolves as written', () => {
  test("Supabase Realtime's container_name keeps its first label, the tenant Realtime reads from the Host", () => {
    // supabase/supabase docker/docker-compose.yml: Kong proxies to realtime-dev.supabase-realtime:4000,
    // and Realtime takes its tenant from the Host's first label. Rewritten to 'realtime', the tenant
    // 'realtime' did not exist and every connection was refused.
    const translation = plan(project(`services:
  kong:
    image: kong:2.8.1
    environment:
      UPSTREAM: http://realtime-dev.supabase-realtime:4000/socket
  realtime:
    container_name: realtime-dev.supabase-realtime
    image: supabase/realtime:v2.78.15
    environment:
      PORT: 4000
`));
    expect(env(translation, 'kong', 'UPSTREAM')).toBe('http://realtime-dev.supabase-realtime:4000/socket');
    const pod = podOf(translation, 'realtime');
    expect([pod.hostname, pod.subdomain]).toEqual(['realtime-dev', 'supabase-realtime']);
    const subdomain = find<k8s.Service>(translation, 'Service', 'supabase-realtime');
    expect(subdomain.spec).toEqual({ clusterIP: 'None', selector: find<k8s.Service>(translation, 'Service', 'realtime').spec?.selector });
    expect(translation.wiring['kong']?.references).toEqual([
      { key: 'services.kong.environment.UPSTREAM', name: 'realtime-dev.supabase-realtime', service: 'realtime', resolvesAs: 'realtime-dev.supabase-realtime', port: 4000, outcome: 'resolves' },
    ]);
    expect(explainWiring('demo', translation.wiring)).toContain(
      "realtime\n  answers to: realtime (service), realtime-dev.supabase-realtime (container_name)\n  pod domain: realtime-dev.supabase-realtime (the pod's hostname, and a headless Service 'supabase-realtime')\n",
    );
    const messages = translation.warnings.map((warning) => `${warning.key}: ${warning.message}`);
    expect(messages.filter((message) => message.includes('realtime-dev'))).toEqual([
      expect.stringMatching(/^services\.realtime\.container_name: container_name 'realtime-dev\.supabase-realtime' keeps its name: the pod's hostname is 'realtime-dev' and its subdomain 'supabase-realtime'/),
    ]);
  });

  test('a network alias of two labels that others use is kept the same way', () => {
    const translation = plan(project(`services:
  app:
    image: x/app:1
    environment: {API: "http://api.internal-net:8080"}
  api:
    image: x/api:1
    networks: {default: {aliases: [api.backend]}}
  client:
    image: x/client:1
    environment: {API: "http://api.backend:8080"}
`));
    expect(env(translation, 'client', 'API')).toBe('http://api.backend:8080');
    expect([podOf(translation, 'api').hostname, podOf(translation, 'api').subdomain]).toEqual(['api', 'backend']);
    expect(serviceNames(translation)).toEqual(['api', 'app', 'backend', 'client']);
  });

  test('where the pod cannot hold the name, it is rewritten to the Service name as before', () => {
    // Two replicas (one hostname for both), a compose hostname of its own, a subdomain that is a
    // service's name, a special-use second label (dataverse's localstack alias s3.localhost).
    const translation = plan(project(`services:
  a:
    image: x/a:1
    container_name: first.one
    deploy: {replicas: 2}
  b:
    image: x/b:1
    container_name: second.one
    hostname: other
  c:
    image: x/c:1
    container_name: third.a
  d:
    image: x/d:1
    networks: {default: {aliases: [s3.localhost]}}
  e:
    image: x/e:1
    container_name: fifth.shared
  f:
    image: x/f:1
    container_name: sixth.shared
  user:
    image: x/user:1
    environment:
      A: http://first.one:80
      B: http://second.one:80
      C: http://third.a:80
      D: http://s3.localhost:4566
      E: http://fifth.shared:80
      F: http://sixth.shared:80
`));
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map((variable) => env(translation, 'user', variable))).toEqual([
      'http://a:80', 'http://b:80', 'http://c:80', 'http://d:4566', 'http://e:80', 'http://f:80',
    ]);
    for (const service of ['b', 'c', 'd', 'e', 'f']) expect(podOf(translation, service).subdomain).toBeUndefined();
    expect(serviceNames(translation)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'user']);
  });

  test('only two DNS labels, the second a Service name and no special-use domain, can be a hostname and subdomain', () => {
    expect(podDomainLabels('Realtime-Dev.Supabase-Realtime')).toEqual({ hostname: 'realtime-dev', subdomain: 'supabase-realtime' });
    expect(podDomainLabels('1node.cluster1')).toEqual({ hostname: '1node', subdomain: 'cluster1' });
    for (const name of ['xmpp.meet.jitsi', 'db', 'db_1.net', 'node.1cluster', 's3.localhost', 'a.local', 'x.internal', 'a.']) expect(podDomainLabels(name)).toBeUndefined();
  });
});
