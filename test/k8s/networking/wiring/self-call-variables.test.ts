/**
 * A shell healthcheck that calls its own service through a variable of its environment
 * (lib/k8s/networking/wiring/self-call-variables.ts): the name must reach the pod itself, not its
 * Service, which answers with ready pods only.
 */
import { describe, expect, test } from 'vitest';
import type { TranslationPlan } from '../../../../lib/k8s/plan/plan.ts';
import { hostVariables } from '../../../../lib/k8s/networking/wiring/self-call-variables.ts';
import { composeFile as project } from '../../robustness/compose-files.ts';
import { plan, podOf } from '../../names/support.ts';

const probeCommand = (translation: TranslationPlan, service: string): string | undefined =>
  podOf(translation, service).containers[0]?.readinessProbe?.exec?.command?.at(-1);
const warnings = (translation: TranslationPlan): string[] => translation.warnings.map((w) => `${w.key}: ${w.message}`);

describe("a healthcheck's self-call through a variable of the service's environment", () => {
  test('makes the name the pod\'s hostname, so that it resolves to the pod itself (SonarQube search nodes, /tmp/rw13qb/repros/selfcall-piped)', () => {
    const translation = plan(project(`services:
  search2:
    image: example/search:1.0
    environment: {NODE_NAME: search2}
    healthcheck:
      test: curl -s "http://$$NODE_NAME:9001/_cluster/health" | grep -q green
`));
    expect(podOf(translation, 'search2').hostname).toBe('search2');
    expect(probeCommand(translation, 'search2')).toBe('curl -s "http://$NODE_NAME:9001/_cluster/health" | grep -q green');
    expect(warnings(translation)).toContain(
      "services.search2: the pod's hostname is 'search2': its healthcheck calls itself through $NODE_NAME, which its environment sets to that name; the name then resolves to the pod's own address, as in compose, whatever the pod's readiness (a Service answers with ready pods only, and the probe decides readiness)",
    );
    expect(translation.wiring['search2']?.references).toEqual([
      { key: 'services.search2.healthcheck.test.1', name: '$NODE_NAME', service: 'search2', port: 9001, resolvesAs: 'search2', outcome: 'resolves' },
    ]);
  });

  test('calls localhost where the pod cannot take the name as its hostname (several replicas)', () => {
    const translation = plan(project(`services:
  search:
    image: example/search:1.0
    deploy: {replicas: 2}
    environment: {NODE_NAME: search}
    healthcheck:
      test: curl -s "http://$\${NODE_NAME}:9001/_cluster/health" | grep -q green
`));
    expect(podOf(translation, 'search').hostname).toBeUndefined();
    expect(probeCommand(translation, 'search')).toBe('curl -s "http://localhost:9001/_cluster/health" | grep -q green');
    expect(warnings(translation)).toContain(
      "services.search.healthcheck.test.1: the healthcheck calls '$NODE_NAME', which the service's environment sets to 'search', the service itself: the probe calls localhost, because a Service sends traffic to ready pods only",
    );
  });

  test("is left alone where the name is the pod's hostname already, names another service, or no shell expands it", () => {
    // SonarSource/docker-sonarqube's search-1: hostname search-1 and SONAR_CLUSTER_NODE_NAME=search-1.
    const translation = plan(project(`services:
  search-1:
    image: example/search:1.0
    hostname: search-1
    environment: {SONAR_CLUSTER_NODE_NAME: search-1}
    healthcheck:
      test: curl -sf "http://$$SONAR_CLUSTER_NODE_NAME:9001/_cluster/health" | grep -q green
  app:
    image: example/app:1.0
    environment: {PEER: search-1, OWN: app}
    healthcheck:
      test: ["CMD", "curl", "-f", "http://$$OWN:8080/", "http://$$PEER:9001/"]
  web:
    image: example/web:1.0
    environment: {PEER: search-1}
    healthcheck:
      test: curl -f "http://$$PEER:9001/" && wget -q "$$PEER/ok"
`));
    expect(probeCommand(translation, 'search-1')).toBe('curl -sf "http://$SONAR_CLUSTER_NODE_NAME:9001/_cluster/health" | grep -q green');
    expect(podOf(translation, 'search-1').hostname).toBe('search-1');
    expect(podOf(translation, 'app').hostname).toBeUndefined();
    expect(podOf(translation, 'web').hostname).toBeUndefined();
    expect(probeCommand(translation, 'web')).toBe('curl -f "http://$PEER:9001/" && wget -q "$PEER/ok"');
    expect(warnings(translation).filter((warning) => /itself through|the probe calls localhost/.test(warning))).toEqual([]);
  });

  test('finds variables in host positions only', () => {
    expect(hostVariables('curl http://$A:1/ http://${B}/x $C:80 $D/x echo $E; f=$F:x').map((found) => found.variable)).toEqual(['A', 'B', 'C']);
  });
});
