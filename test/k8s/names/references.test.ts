/**
 * Objects the manifests use but the operator creates (external secrets, configs and volumes, the
 * Secrets of certificate files absent at conversion time) own their names too: no planned object
 * may take one, or `cdk8s-compose secrets | kubectl apply` would replace what the operator made.
 */
import { describe, expect, test } from 'vitest';
import { composeFile as project } from '../robustness/compose-files.ts';
import { conversionError, plan } from './support.ts';

describe('names of objects the operator creates', () => {
  test('an external secret and a compose secret of one Kubernetes name: an error naming both', () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    secrets: [token, api-token]
secrets:
  token: {external: true, name: api-token}
  api-token: {file: ./token.txt}
`, { 'token.txt': 's3cret\n' });
    expect(conversionError(file).message).toBe(
      "Secret 'api-token' would be created twice (for secret 'api-token' and external secret 'token'); rename one of them so that the names differ",
    );
  });

  test('services sharing one external secret, or one missing certificate directory, share its name', () => {
    const file = project(`services:
  web:
    image: nginx:1.27
    secrets: [token]
    volumes: ["./certs:/etc/certs:ro"]
  api:
    image: nginx:1.27
    secrets: [token]
    volumes: ["./certs:/etc/ssl/certs:ro"]
secrets:
  token: {external: true, name: api-token}
`);
    expect(plan(file).warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/create Secret 'certs'/));
  });
});
