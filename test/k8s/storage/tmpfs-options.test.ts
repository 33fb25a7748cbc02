/** Service `tmpfs` options: what an emptyDir (medium Memory) cannot have is reported, what the kubelet does anyway is not. */
import { expect, test } from 'vitest';
import { convertCompose } from '../support/compose-text.ts';

const withTmpfs = (entry: string) => convertCompose(`services:\n  web:\n    image: nginx:1.27\n    user: "101:101"\n    tmpfs:\n      - ${entry}\n`);

test('noexec and nosuid are reported at the tmpfs key; size becomes the sizeLimit', () => {
  const converted = withTmpfs('/tmp:size=16M,noexec,nosuid');
  expect(converted.warningsAt('services.web.tmpfs')).toEqual([
    "services.web.tmpfs: tmpfs options noexec, nosuid are not translated: an emptyDir (medium Memory) is mounted with the kubelet's options",
  ]);
  const volumes = converted.object('Deployment', 'web').spec.template.spec.volumes;
  expect(volumes).toContainEqual(expect.objectContaining({ emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }));
});

test('rw and exec, as the kubelet mounts an emptyDir, are not reported', () => {
  expect(withTmpfs('/run:size=32M,rw,exec').warningsAt('services.web.tmpfs')).toEqual([]);
});
