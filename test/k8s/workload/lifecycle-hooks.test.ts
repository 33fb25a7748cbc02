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
    'services.web.pre_stop: pre_stop is not translated: Kubernetes runs a hook as the container itself, with no user, privileged, working_dir or environment of its own',
  ]);
});

test('a command string is split as compose splits it: what follows a shell operator is dropped, as compose drops it, and said', () => {
  const converted = convertCompose(service(`    post_start:\n      - command: ./warm-up --cache /var/cache && touch /ready\n`));
  expect(converted.object('Deployment', 'web').spec.template.spec.containers[0].lifecycle).toEqual({ postStart: { exec: { command: ['./warm-up', '--cache', '/var/cache'] } } });
  expect(converted.warningsAt('services.web.post_start.0.command')).toEqual([
    'services.web.post_start.0.command: services.web.post_start.0.command: compose runs "./warm-up --cache /var/cache" and drops the rest, "&& touch /ready": a command string is split into words without a shell, so only a shell would run it; write it as [sh, -c, "…"] to run the whole line',
  ]);
});

test('a hook command compose cannot split is a located error, as in compose-go', () => {
  expect(() => convertCompose(service(`    pre_stop:\n      - command: ./drain "unterminated\n`))).toThrow(/services\.web\.pre_stop\.0\.command: invalid command line string/);
});
