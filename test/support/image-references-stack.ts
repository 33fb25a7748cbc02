/**
 * A stack whose mounted files name images spelled like its services (`FROM postgres:11`,
 * `image: redis:7`): the keycloak stack's shape, whose wait for postgres looped on port 11 forever.
 * The unit tests and the cluster suite convert the same files.
 */
export const IMAGE_REFERENCES_COMPOSE = `services:
  postgres:
    image: postgres:16
    environment: {POSTGRES_PASSWORD: example-Pa55}
  redis:
    image: redis:7.4
  app:
    image: nginx:1.27
    depends_on: [postgres, redis]
    volumes: ["./conf:/etc/app:ro"]
`;

export const IMAGE_REFERENCES_FILES: Readonly<Record<string, string>> = {
  'conf/Dockerfile': 'FROM --platform=linux/amd64 postgres:11 AS base\nCOPY --from=redis:7 /usr/local/bin/redis-cli /usr/local/bin/\nCOPY --from=postgres /usr/lib /usr/lib\n',
  'conf/ci.yml': 'runner:\n  image: redis:7\n  services:\n    - image: "postgres:12.4"\n    - name: cache\n      image: redis\n',
};
