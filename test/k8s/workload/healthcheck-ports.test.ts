import { describe, expect, it } from 'vitest';
import { healthcheckOwnPorts } from '../../../lib/k8s/workload/healthcheck-ports.ts';

const none: ReadonlySet<string> = new Set();

describe('healthcheckOwnPorts: the ports a check that does more than call the container calls it on', () => {
  it('reads the URLs a piped fetch calls on a loopback address, with the scheme’s port when none is written', () => {
    // hcengineering/huly-selfhost's elastic.
    expect(healthcheckOwnPorts(['CMD-SHELL', `curl -s http://localhost:9200/_cluster/health | grep -vq '"status":"red"'`], none)).toEqual([9200]);
    expect(healthcheckOwnPorts(['CMD-SHELL', 'wget -qO- http://127.0.0.1/status | grep -q ok; exit $?'], none)).toEqual([80]);
    expect(healthcheckOwnPorts(['CMD', 'sh', '-c', 'curl -sk https://[::1]:8443/h | grep up && curl -s http://0.0.0.0:9090/m'], none)).toEqual([8443, 9090]);
    expect(healthcheckOwnPorts(['CMD-SHELL', 'exec 3<>/dev/tcp/127.0.0.1/6379 && echo PING >&3 && head -c5 <&3 | grep PONG'], none)).toEqual([6379]);
  });

  it("reads a URL on one of the service's own names (SonarQube DCE's search nodes call $SONAR_CLUSTER_NODE_NAME, resolved)", () => {
    const test = ['CMD-SHELL', `curl -sf --noproxy '*' "http://search-1:9001/_cluster/health?wait_for_status=yellow&timeout=50s" | grep -q -e '"status":"green"'`];
    expect(healthcheckOwnPorts(test, new Set(['search-1']))).toEqual([9001]);
    expect(healthcheckOwnPorts(test, none)).toEqual([]);
  });

  it('ignores other hosts, other schemes, hosts that only begin like a loopback name, and ports out of range', () => {
    expect(healthcheckOwnPorts(['CMD-SHELL', 'curl -s http://db:5432/ | grep x; curl http://localhost.example.com:81/'], none)).toEqual([]);
    expect(healthcheckOwnPorts(['CMD-SHELL', 'redis-cli -u redis://localhost:6379 ping | grep PONG'], none)).toEqual([]);
    expect(healthcheckOwnPorts(['CMD-SHELL', 'curl -s http://localhost:99999/ | grep x'], none)).toEqual([]);
    expect(healthcheckOwnPorts(['NONE'], none)).toEqual([]);
  });
});
