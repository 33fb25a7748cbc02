/**
 * Issues 13 and 21 over the real stacks of ../shared/corpus/realworld: every project file a
 * service mounts reaches the manifests (a ConfigMap, or a Secret that `secrets` prints), no
 * hostPath appears without allowHostPath, and no claim asks for ReadWriteMany unless an option
 * named a class for it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { ComposeProject, HostFile } from '../../../lib/compose/model.ts';
import { holdsData, isEmptyDirectory, sourceCodeReason } from '../../../lib/k8s/storage/bind-kinds.ts';
import { runCliCaptured } from '../../evidence/helpers/cli.ts';
import { corpusStacks, loadStack, type CorpusStack } from '../../support/corpus-stacks.ts';
import { noticeSkip, sharedDir } from '../../support/k8s.ts';

const realworld = join(sharedDir, 'corpus', 'realworld');
const available = existsSync(realworld);
noticeSkip(available, 'storage over the realworld corpus');

const stacks: CorpusStack[] = corpusStacks(['realworld']);

type Manifest = { kind: string; metadata: { name: string }; spec?: Record<string, unknown>; data?: Record<string, string>; binaryData?: Record<string, string>; stringData?: Record<string, string> };

function manifestsOf(yaml: string): Manifest[] {
  return parseAllDocuments(yaml).map((document) => document.toJS() as Manifest).filter((manifest) => manifest !== null);
}

/** Every file a service mounts from the project and that must therefore be shipped, with who mounts it. */
function mountedProjectFiles(project: ComposeProject): { readonly where: string; readonly file: HostFile }[] {
  const files: { where: string; file: HostFile }[] = [];
  for (const service of Object.values(project.services)) {
    for (const mount of service.volumes) {
      if (mount.type !== 'bind') continue;
      const host = project.hostFiles[mount.source];
      if (host === undefined || sourceCodeReason(service, mount, host) !== undefined) continue;
      if (host.kind === 'file') files.push({ where: `${service.name}: ${mount.source}`, file: host });
      if (host.kind === 'directory' && !host.tooLarge && !isEmptyDirectory(host.entries) && !holdsData(mount, host.entries)) {
        for (const [path, file] of Object.entries(host.entries)) files.push({ where: `${service.name}: ${mount.source}/${path}`, file });
      }
    }
  }
  return files;
}

describe.skipIf(!available)('storage of the realworld stacks', () => {
  let checkedFiles = 0;
  // Some stacks mount project files (superset's docker/, cp-all-in-one's vol/config): the check must have checked them.
  afterAll(() => expect(checkedFiles).toBeGreaterThan(10));

  it.each(stacks.map((stack) => [stack.id, stack] as const))('%s', async (_name, stack) => {
    const converted = await runCliCaptured(['convert', ...stack.args, '--stdout'], stack.dir, {});
    expect(converted.code, converted.stderr).toBe(0);
    const secrets = await runCliCaptured(['secrets', ...stack.args], stack.dir, {});
    expect(secrets.code, secrets.stderr).toBe(0);
    const manifests = manifestsOf(converted.stdout);
    const shipped = new Set<string>();
    for (const manifest of [...manifests, ...manifestsOf(secrets.stdout)]) {
      for (const value of Object.values({ ...manifest.data, ...manifest.stringData, ...manifest.binaryData })) shipped.add(value);
    }
    const mounted = mountedProjectFiles(loadStack(stack));
    checkedFiles += mounted.length;
    const missing = mounted.filter(({ file }) => !shipped.has(file.content));
    expect(missing.map(({ where }) => where)).toEqual([]);
    expect(converted.stdout).not.toMatch(/^\s+hostPath:/m);
    const claims = manifests.filter((manifest) => manifest.kind === 'PersistentVolumeClaim');
    expect(claims.filter((claim) => JSON.stringify(claim.spec).includes('ReadWriteMany')).map((claim) => claim.metadata.name)).toEqual([]);
  });
});
