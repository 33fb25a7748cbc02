/** compose post_start / pre_stop hooks → the container's lifecycle handlers, where Kubernetes can run them as they are. */
import { expect, test } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const service = (hooks: string) => `services:\n  web:\n    image: nginx:1.27\n    user: "101:101"\n${hooks}`;

test('one hook each becomes the exec handler, a command string split as compose splits it', () => {
  const converted = convertCompose(service(`    post_start:\n      - command: ./warm-up --cache "/var/cache/app"\n    pre_stop:\n      - command: ["nginx", "-s", "quit"]\n`));
  expect(converted.object('Deployment', 'web').spec.template.spec.containers[0].lifecycle).toEqual({
    postStart: { exec: { command: ['./warm-up', '--cache', '/var/cache/app'] } },
    preStop: { exec: { command: ['nginx', '-s', 'quit'] } },
  });
  expect(converted.warningsAt('services.web.post_start')).toEqual([]);
  expect(converted.warningsAt('services.web.pre_stop')).toEqual([]);
});

test('what Kubernetes cannot run as compose does is reported, and left out', () => {
  const converted = convertCompose(service(`    post_start:\n      - command: ./warm-up\n      - command: ./seed\n    pre_stop:\n      - command: ./drain\n        user: root\n`));
  expect(converted.object('Deployment', 'web').spec.template.spec.containers[0].lifecycle).toBeUndefined();
  expect(converted.warningsAt('services.web.post_start')).toEqual(['services.web.post_start: post_start holds 2 hooks and Kubernetes runs one: not translated; join them in one command']);
  expect(converted.warningsAt('services.web.pre_stop')).toEqual([
    'services.web.pre_stop: pre_stop is not translated: Kubernetes runs a hook as the container itself (no user, privileged, working_dir or environment of its own) and a command string without shell operators',
  ]);
});
