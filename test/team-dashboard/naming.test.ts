import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dashboardName } from '../../lib/team-dashboard/naming.ts';

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = fc
  .stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/)
  .filter((value) => value.length <= 63);

describe('dashboardName', () => {
  it('is td-<exercise>-<team> when the ids are already lowercase DNS words', () => {
    expect(dashboardName('ex1', 'blue')).toBe('td-ex1-blue');
    expect(dashboardName('2024-spring', 'team-7')).toBe('td-2024-spring-team-7');
  });

  it('adds a hash of the ids as given when it had to rewrite them', () => {
    const upper = dashboardName('Ex1', 'Blue');
    const lower = dashboardName('ex1', 'blue');
    expect(upper).toMatch(/^td-ex1-blue-[0-9a-f]{8}$/);
    expect(upper).not.toBe(lower);
    expect(dashboardName('ex1', 'blue_team')).toMatch(/^td-ex1-blue-team-[0-9a-f]{8}$/);
    expect(dashboardName('ex1', 'blue_team')).not.toBe(dashboardName('ex1', 'blue.team'));
  });

  it('shortens long names to 63 characters ending in the hash', () => {
    const name = dashboardName('e'.repeat(40), 't'.repeat(40));
    expect(name).toHaveLength(63);
    expect(name).toMatch(new RegExp(`^td-e{40}-t{10}-[0-9a-f]{8}$`));
  });

  it('never ends the shortened prefix in a dash', () => {
    // 64 characters; the cut at 54 falls right after the dash between the ids.
    const name = dashboardName('e'.repeat(50), 't'.repeat(10));
    expect(name).toMatch(/^td-e{50}-[0-9a-f]{8}$/);
  });

  it('always gives a DNS-1035 label of at most 63 characters, the same for the same ids', () => {
    fc.assert(
      fc.property(labelValue, labelValue, (exercise, team) => {
        const name = dashboardName(exercise, team);
        expect(name.length).toBeLessThanOrEqual(63);
        expect(name).toMatch(DNS_1035);
        expect(dashboardName(exercise, team)).toBe(name);
      }),
    );
  });
});
