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

// SamR1/FitTrackee: a root post_start hook that hands the service's volumes to its user.
test('a root post_start that only chowns or chmods folders the service mounts is said to be what the pod needs no hook for', () => {
  const stack = (hook: string) => `services:
  app:
    image: fittrackee/fittrackee:v0.10.3
    volumes:
      - uploads:/usr/src/app/uploads
      - ./logs:/usr/src/app/logs
    post_start:
${hook}
volumes:
  uploads:
`;
  const handed = convertCompose(stack('      - command: chown -R fittrackee:fittrackee /usr/src/app/uploads /usr/src/app/logs\n        user: root'));
  expect(handed.object('Deployment', 'app').spec.template.spec.containers[0].lifecycle).toBeUndefined();
  expect(handed.warningsAt('services.app.post_start')).toEqual([
    'services.app.post_start: post_start is not translated: it runs as root only to hand folders the service mounts to its user (chown -R fittrackee:fittrackee /usr/src/app/uploads /usr/src/app/logs), which the pod needs no hook for: it runs as root, or its fsGroup gives the volumes it mounts to the group of the user it runs as, who can write them',
  ]);
  const shell = convertCompose(stack('      - command: ["sh", "-c", "chmod -R 0775 /usr/src/app/uploads/"]\n        user: "0:0"'));
  expect(shell.warningsAt('services.app.post_start')).toEqual([expect.stringContaining('(chmod -R 0775 /usr/src/app/uploads/), which the pod needs no hook for')]);
  // A folder the service does not mount, a script of several commands, or a hook run as its own user is no handover.
  for (const hook of [
    '      - command: chown -R app /etc/app\n        user: root',
    '      - command: ["sh", "-c", "chown -R app /usr/src/app/uploads && touch /ready"]\n        user: root',
    '      - command: chown -R app /usr/src/app/uploads\n        user: "1000"',
  ]) {
    expect(convertCompose(stack(hook)).warningsAt('services.app.post_start').join('\n')).not.toMatch(/needs no hook/);
  }
});
