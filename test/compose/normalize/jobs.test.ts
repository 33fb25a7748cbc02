import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectToComposeYaml } from '../../../lib/compose/config-yaml.ts';
import { load, loadError } from '../support/project.ts';

/** Top-level jobs (compose-go 2.16) load as services do, with their triggers, under `jobs.<name>`. */
describe('top-level jobs', () => {
  const base = `services:
  db: {image: postgres:17}
jobs:
  backup:
    image: postgres:17
    command: ["pg_dump", "-h", "db"]
    environment: ["PGUSER=postgres"]
    depends_on: [db]
    volumes: ["./scripts:/scripts:ro"]
    triggers:
      schedule: ["0 3 * * *", {cron: "@weekly", timezone: Europe/Paris, concurrency: queue, missed_fires: skip}]
  report:
    image: example/report:1.0
    profiles: [reports]
    triggers: {manual: true}
`;

  it('normalize their container keys as a service’s and their triggers as compose-go canonicalizes them', () => {
    const project = load({ 'compose.yaml': base, 'scripts/dump.sh': 'pg_dump\n' });
    expect(Object.keys(project.jobs ?? {})).toEqual(['backup']);
    const backup = project.jobs?.['backup'];
    expect(backup?.service.command).toEqual(['pg_dump', '-h', 'db']);
    expect(backup?.service.environment).toEqual({ PGUSER: 'postgres' });
    expect(Object.keys(backup?.service.dependsOn ?? {})).toEqual(['db']);
    expect(backup?.schedules).toEqual([{ cron: '0 3 * * *' }, { cron: '@weekly', timezone: 'Europe/Paris', concurrency: 'queue', missedFires: 'skip' }]);
    expect(backup?.manual).toBeUndefined();
    // Its bind-mounted files are read as a service's are.
    expect(JSON.stringify(project.hostFiles)).toContain('pg_dump');
    expect(Object.keys(project.services)).toEqual(['db']);
  });

  it('are printed by config as compose-go prints them, and load again to the same jobs', () => {
    const project = load({ 'compose.yaml': base, 'scripts/dump.sh': '' });
    const printed = parse(projectToComposeYaml(project)) as { jobs: Record<string, { command: string[]; triggers: unknown }> };
    expect(Object.keys(printed.jobs)).toEqual(['backup']);
    expect(printed.jobs['backup']?.command).toEqual(['pg_dump', '-h', 'db']);
    expect(printed.jobs['backup']?.triggers).toEqual({ schedule: [{ cron: '0 3 * * *' }, { cron: '@weekly', timezone: 'Europe/Paris', concurrency: 'queue', missed_fires: 'skip' }] });
    const again = load({ 'compose.yaml': projectToComposeYaml(project), 'scripts/dump.sh': '' });
    expect(again.jobs?.['backup']?.schedules).toEqual(project.jobs?.['backup']?.schedules);
  });

  it('are enabled by their profiles as services are', () => {
    const project = load({ 'compose.yaml': base, 'scripts/dump.sh': '' }, { profiles: ['reports'] });
    expect(Object.keys(project.jobs ?? {})).toEqual(['backup', 'report']);
    expect(project.jobs?.['report']?.manual).toBe(true);
  });

  it('merge across files as services do: an override replaces the command', () => {
    const override = `jobs:\n  backup:\n    command: ["pg_dumpall"]\n    triggers: {schedule: ["0 4 * * *"]}\n`;
    const project = load({ 'compose.yaml': base, 'compose.override.yaml': override, 'scripts/dump.sh': '' });
    expect(project.jobs?.['backup']?.service.command).toEqual(['pg_dumpall']);
  });

  it('are checked as compose-go checks them, with errors at the job’s keys', () => {
    const undefinedDependency = loadError({ 'compose.yaml': `jobs:\n  task:\n    image: example/task:1.0\n    depends_on: [nothing]\n    triggers: {manual: true}\n` });
    expect(undefinedDependency.message).toContain('job "task" depends on undefined service or job "nothing"');
    expect(undefinedDependency.location).toMatchObject({ line: 4 });
    const clash = loadError({ 'compose.yaml': `services:\n  task: {image: example/web:1.0}\njobs:\n  task:\n    image: example/task:1.0\n    triggers: {manual: true}\n` });
    expect(clash.message).toContain('declared both as a service and a job');
    expect(clash.location).toMatchObject({ line: 4, column: 3 });
    const noImage = loadError({ 'compose.yaml': `jobs:\n  task:\n    command: ["run"]\n    triggers: {manual: true}\n` });
    expect(noImage.message).toContain('job "task" has neither an image nor a build context specified');
  });
});
