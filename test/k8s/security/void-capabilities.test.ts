/**
 * A capability compose adds to a container that runs as a non-root user without privilege
 * escalation reaches its bounding set only: Kubernetes gives such a process no ambient
 * capability, so it gains none at exec (kubernetes/kubernetes#56374). Kept, it gave nothing and
 * labelled the whole Namespace privileged (jonhowe/joplinserver's caddy with NET_ADMIN, rw18vd).
 */
import { describe, expect, it } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const securityOf = (converted: ReturnType<typeof convertCompose>, name: string) =>
  converted.object('Deployment', name).spec.template.spec.containers[0].securityContext;
const enforced = (converted: ReturnType<typeof convertCompose>) => converted.objects('Namespace')[0].metadata.labels['pod-security.kubernetes.io/enforce'];

describe('cap_add on a container that runs as a non-root user without escalation', () => {
  const caddy = (extra = '') => `services:
  caddy:
    image: caddy:2.8
    cap_add: [NET_ADMIN, NET_BIND_SERVICE]
    ports: ["80:80", "443:443"]
${extra}`;

  it('is left out, said once at cap_add, and the Namespace keeps the restricted level', () => {
    const converted = convertCompose(caddy());
    expect(securityOf(converted, 'caddy')).toMatchObject({ runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
    expect(converted.warningsAt('services.caddy.cap_add')).toEqual([
      expect.stringMatching(/^services\.caddy\.cap_add: cap_add NET_ADMIN is left out: the container runs as uid 1000 without privilege escalation, and Kubernetes grants a process that is not root no added capability/),
    ]);
    expect(enforced(converted)).toBe('restricted');
  });

  it('is kept for root (x-kubernetes runAsUser: 0), where it takes effect', () => {
    const converted = convertCompose(caddy('    x-kubernetes:\n      securityContext: { runAsUser: 0 }\n'));
    expect(securityOf(converted, 'caddy').capabilities.add).toContain('NET_ADMIN');
    expect(enforced(converted)).toBe('privileged');
  });

  it("is kept beside the file capabilities of an image that escalates to them (collabora's jail forker)", () => {
    const converted = convertCompose('services:\n  collab:\n    image: collabora/code:24.04.13.2.1\n    cap_add: [MKNOD]\n    ports: ["9980:9980"]\n');
    expect(securityOf(converted, 'collab').capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN', 'FOWNER', 'MKNOD', 'SYS_CHROOT'] });
    expect(converted.warningsAt('services.collab.cap_add')).toEqual([]);
  });
});
