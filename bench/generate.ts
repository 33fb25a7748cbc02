/**
 * Synthetic compose estates for the benchmark (and the atomicity test): N services, each with a
 * published port, environment, a secret file, a named volume, a healthcheck and one dependency.
 * Dependencies form a binary tree, so the depth grows with log N like a real estate's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function serviceName(index: number): string {
  return `svc-${String(index).padStart(4, '0')}`;
}

function serviceYaml(index: number): string {
  const name = serviceName(index);
  const lines = [
    `  ${name}:`,
    `    image: registry.example.com/estate/${name}:1.4.${index % 10}`,
    `    ports:`,
    `      - "${20000 + index}:8080"`,
    `    environment:`,
    `      LOG_LEVEL: info`,
    `      SERVICE_INDEX: "${index}"`,
    `      API_TOKEN_FILE: /run/secrets/${name}-token`,
    `    secrets:`,
    `      - ${name}-token`,
    `    volumes:`,
    `      - ${name}-data:/var/lib/${name}`,
    `    healthcheck:`,
    `      test: ["CMD", "wget", "--spider", "-q", "http://localhost:8080/health"]`,
    `      interval: 10s`,
    `      timeout: 3s`,
    `      retries: 5`,
    `      start_period: 20s`,
  ];
  if (index > 0) {
    lines.push(`    depends_on:`, `      ${serviceName(Math.floor((index - 1) / 2))}:`, `        condition: service_healthy`);
  }
  return lines.join('\n');
}

/** Writes `compose.yaml` and `secrets/*.txt` into `dir`; returns the compose file's path. */
export function writeComposeProject(dir: string, services: number): string {
  mkdirSync(join(dir, 'secrets'), { recursive: true });
  const body: string[] = ['name: estate', 'services:'];
  const volumes: string[] = ['volumes:'];
  const secrets: string[] = ['secrets:'];
  for (let i = 0; i < services; i++) {
    const name = serviceName(i);
    body.push(serviceYaml(i));
    volumes.push(`  ${name}-data: {}`);
    secrets.push(`  ${name}-token:`, `    file: ./secrets/${name}-token.txt`);
    writeFileSync(join(dir, 'secrets', `${name}-token.txt`), `bench-token-${i}-b1c2d3e4f5\n`);
  }
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, `${[...body, ...volumes, ...secrets].join('\n')}\n`);
  return file;
}
