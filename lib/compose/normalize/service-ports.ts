import type { ExposedPort, PortMapping, Protocol } from '../model.ts';
import { parseExpose, parseShortPort } from './short-syntax.ts';
import type { Tree } from '../read/tree.ts';
import type { Reporter } from './values.ts';

/** `ports:` in short and long syntax; ranges become one mapping per port. */
export function normalizePorts(value: Tree | undefined, key: string, report: Reporter): PortMapping[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) report.fail(key, 'must be a list');
  return value.flatMap((item, index) => {
    const itemKey = `${key}.${index}`;
    if (typeof item === 'string' || typeof item === 'number') return report.attempt(itemKey, () => parseShortPort(item));
    const port = report.mapping(item, itemKey);
    if (!port) report.fail(itemKey, 'must be a port mapping');
    return longPort(port, itemKey, report);
  });
}

function longPort(port: Record<string, Tree>, key: string, report: Reporter): PortMapping[] {
  const target = report.integer(port['target'], `${key}.target`);
  if (target === undefined) report.fail(`${key}.target`, 'is required');
  checkPort(target, `${key}.target`, report, 1);
  const publishedText = report.string(port['published'], `${key}.published`);
  const protocol = (report.string(port['protocol'], `${key}.protocol`) ?? 'tcp').toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) report.fail(`${key}.protocol`, `unknown protocol "${protocol}"`);
  const mode = report.string(port['mode'], `${key}.mode`) ?? 'ingress';
  if (mode !== 'ingress' && mode !== 'host') report.fail(`${key}.mode`, `must be "ingress" or "host", got "${mode}"`);
  const hostIp = report.string(port['host_ip'], `${key}.host_ip`);
  const name = report.string(port['name'], `${key}.name`);
  const appProtocol = report.string(port['app_protocol'], `${key}.app_protocol`);
  let published: number | undefined;
  if (publishedText !== undefined && publishedText !== '') {
    // A published range in long syntax lets the engine pick one port; its first port stands for it.
    const [first = ''] = publishedText.split('-');
    published = /^\d+$/.test(first) ? Number(first) : Number.NaN;
    checkPort(published, `${key}.published`, report, 0, publishedText);
  }
  return [
    {
      target,
      ...(published !== undefined ? { published } : {}),
      ...(hostIp ? { hostIp } : {}),
      protocol: protocol as Protocol,
      mode,
      ...(name ? { name } : {}),
      ...(appProtocol ? { appProtocol } : {}),
    },
  ];
}

function checkPort(value: number, key: string, report: Reporter, minimum: number, text = String(value)): void {
  if (!Number.isInteger(value) || value < minimum || value > 65535) report.fail(key, `invalid port "${text}": must be 1-65535`);
}

export function normalizeExpose(value: Tree | undefined, key: string, report: Reporter): ExposedPort[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) report.fail(key, 'must be a list');
  return value.flatMap((item, index) => {
    const itemKey = `${key}.${index}`;
    if (typeof item !== 'string' && typeof item !== 'number') report.fail(itemKey, 'must be a port or port range');
    return report.attempt(itemKey, () => parseExpose(item));
  });
}
