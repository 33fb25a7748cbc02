import { describe, expect, it } from 'vitest';
import type { ImageFacts } from '../../../lib/images/facts.ts';
import { containerCommand, kubernetesCommand } from '../../../lib/k8s/workload/container-command.ts';
import { findObject, synthManifests } from '../../support/k8s.ts';
import { makeService } from '../../support/model.ts';
import { chartOf } from '../robustness/compose-files.ts';
import { contextFor } from '../support/collecting-context.ts';

const image = (config: Partial<ImageFacts['config']>, complete = true): ImageFacts => ({
  config: { exposedPorts: [], labels: {}, ...config },
  source: 'dockerfile',
  complete,
  file: 'Dockerfile',
});
const server = image({ entrypoint: ['python', 'mmm-server.py'], cmd: ['--config', '/config/server.ini'] });

describe('containerCommand', () => {
  it('is ENTRYPOINT plus CMD; compose command replaces CMD only, compose entrypoint resets CMD', () => {
    expect(containerCommand(contextFor(makeService('s'), { image: server }))).toEqual({ words: ['python', 'mmm-server.py', '--config', '/config/server.ini'], complete: true });
    expect(containerCommand(contextFor(makeService('s', { command: ['--debug'] }), { image: server })).words).toEqual(['python', 'mmm-server.py', '--debug']);
    expect(containerCommand(contextFor(makeService('s', { entrypoint: ['sh', '-c', 'x'] }), { image: server })).words).toEqual(['sh', '-c', 'x']);
  });

  it('is incomplete where the image part is unknown', () => {
    expect(containerCommand(contextFor(makeService('s', { command: ['--debug'] }))).complete).toBe(false);
    expect(containerCommand(contextFor(makeService('s', { entrypoint: ['a'], command: ['b'] }))).complete).toBe(true);
    expect(containerCommand(contextFor(makeService('s'), { image: image({ cmd: ['x'] }, false) })).complete).toBe(false);
  });
});

describe('kubernetesCommand', () => {
  it('keeps compose entrypoint as command and command as args, as Kubernetes and Docker agree', () => {
    const context = contextFor(makeService('s'), { image: server });
    expect(kubernetesCommand(context, ['tini', '--'], ['run'])).toEqual({ command: ['tini', '--'], args: ['run'] });
    expect(kubernetesCommand(context, undefined, ['--debug'])).toEqual({ args: ['--debug'] });
    expect(kubernetesCommand(context, undefined, undefined)).toEqual({});
  });

  it("an empty entrypoint runs the compose command, else the image's CMD, as the program", () => {
    const context = contextFor(makeService('s', { entrypoint: [] }), { image: server });
    expect(kubernetesCommand(context, [], ['python', 'migrate.py'])).toEqual({ command: ['python', 'migrate.py'] });
    expect(kubernetesCommand(context, [], undefined)).toEqual({ command: ['--config', '/config/server.ini'] });
    const cmd = contextFor(makeService('s', { entrypoint: [] }), { image: image({ cmd: ['echo', '$(HOME)'] }) });
    expect(kubernetesCommand(cmd, [], undefined)).toEqual({ command: ['echo', '$$(HOME)'] });
    expect(cmd.warnings).toEqual([]);
  });

  it('says so when an empty entrypoint leaves no program to name', () => {
    const context = contextFor(makeService('s', { entrypoint: [] }));
    expect(kubernetesCommand(context, [], undefined)).toEqual({});
    expect(context.warnings).toEqual([{ key: 'services.s.entrypoint', message: expect.stringContaining("the image's ENTRYPOINT stays") }]);
  });
});

describe('command and args in the pod, from compose and the Dockerfile', () => {
  it("an empty entrypoint runs the Dockerfile's CMD as the program; compose command alone stays args", () => {
    const chart = chartOf(`services:
  tool:
    build: ./tool
    image: example/tool:1.0
    entrypoint: []
  cli:
    build: ./tool
    image: example/cli:1.0
    command: ["--verbose"]
`, { 'tool/Dockerfile': 'FROM debian:12\nUSER 1000\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["serve", "--port", "80"]\n' });
    const docs = synthManifests(chart);
    const containerOf = (name: string) => (findObject(docs, 'Deployment', name)['spec'] as { template: { spec: { containers: { command?: string[]; args?: string[] }[] } } }).template.spec.containers[0];
    expect(containerOf('tool')).toMatchObject({ command: ['serve', '--port', '80'] });
    expect(containerOf('tool')?.args).toBeUndefined();
    expect(containerOf('cli')).toMatchObject({ args: ['--verbose'] });
    expect(containerOf('cli')?.command).toBeUndefined();
  });
});
