import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../lib/compose/load.ts';
import { readProjectImageFacts } from '../../../lib/images/project-facts.ts';
import { translate } from '../../../lib/k8s/translate.ts';

/** The warnings at `key` of the project's translation with its image facts read, as convert reads them. */
function warningsAt(files: Readonly<Record<string, string>>, key: string): string[] {
  const directory = mkdtempSync(join(tmpdir(), 'unread-builds-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), content);
    }
    const project = loadProject({ files: [join(directory, 'compose.yaml')], environment: {}, projectName: 'demo' });
    const plan = translate(project, { imageFacts: readProjectImageFacts(project) });
    const all = plan.warnings.map((warning) => warning.message).join('\n');
    expect(all).not.toContain(directory);
    return plan.warnings.filter((warning) => warning.key === key).map((warning) => warning.message);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('builds whose Dockerfile is not read', () => {
  // WenhaoCao00/Intelligent-Lighting-system builds ./mqtt_listener_service, which its repository lacks.
  it('says once, at the build, that the Dockerfile is missing and what stays unknown, naming it as the project does', () => {
    const messages = warningsAt({ 'compose.yaml': 'services:\n  listener:\n    build: ./mqtt_listener_service\n    image: example/listener:1.0\n' }, 'services.listener.build');
    expect(messages.filter((message) => message.includes('Dockerfile'))).toEqual([
      expect.stringMatching(/^Dockerfile \.\/mqtt_listener_service\/Dockerfile not found: the image is taken as built elsewhere, and its user, ports, command, healthcheck and files are unknown/),
    ]);
  });

  it('says nothing of a build whose Dockerfile it read', () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    build: ./app\n    image: example/app:1.0\n', 'app/Dockerfile': 'FROM alpine:3.20\nUSER 1000\nCMD ["sleep", "infinity"]\n' };
    expect(warningsAt(files, 'services.app.build').filter((message) => message.includes('unknown to the converter'))).toEqual([]);
  });
});
