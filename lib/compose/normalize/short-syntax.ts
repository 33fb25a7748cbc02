import { ComposeError } from '../errors.ts';
import type { DeviceMapping, ExposedPort, PortMapping, Protocol } from '../model.ts';

/** Parsers for the `a:b:c` short syntaxes of ports, expose, volumes and devices. */

const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'sctp'];

export interface ShortVolume {
  readonly type: 'volume' | 'bind';
  readonly source?: string;
  readonly target: string;
  readonly options: readonly string[];
}

/** `[SOURCE:]TARGET[:MODE]`; a source that looks like a path makes a bind mount. */
export function parseShortVolume(text: string): ShortVolume {
  const parts = splitVolumeSpec(text);
  if (parts.length > 3 || parts.some((part) => part === '')) {
    throw new ComposeError(`invalid volume "${text}": expected [SOURCE:]TARGET[:MODE]`);
  }
  if (parts.length === 1) return { type: 'volume', target: parts[0] ?? '', options: [] };
  const [source = '', target = '', mode = ''] = parts;
  const options = mode === '' ? [] : mode.split(',');
  return { type: looksLikePath(source) ? 'bind' : 'volume', source, target, options };
}

/** The container path of a short-syntax volume, without failing on malformed input. */
export function shortVolumeTarget(text: string): string {
  const parts = splitVolumeSpec(text);
  return (parts.length === 1 ? parts[0] : parts[1]) ?? text;
}

/** Splits on `:` but keeps a Windows drive letter (`C:\data`) with its path. */
function splitVolumeSpec(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const driveLetter = char === ':' && current.length === 1 && /[A-Za-z]/.test(current) && /[\\/]/.test(text[index + 1] ?? '');
    if (char === ':' && !driveLetter) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

export function looksLikePath(source: string): boolean {
  return /^(\.|\/|~|[A-Za-z]:[\\/]|\\\\)/.test(source);
}

/** `SOURCE[:TARGET[:PERMISSIONS]]`. */
export function parseShortDevice(text: string): DeviceMapping {
  const [source = '', target, permissions] = text.split(':');
  return { source, target: target || source, permissions: permissions || 'rwm' };
}

function parsePortNumber(text: string, spec: string, allowZero: boolean): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value > 65535 || value < (allowZero ? 0 : 1)) {
    throw new ComposeError(`invalid port "${spec}": must be 1-65535`);
  }
  return value;
}

function parseRange(text: string, spec: string, allowZero = false): [number, number] {
  const [start = '', end] = text.split('-');
  const first = parsePortNumber(start, spec, allowZero);
  const last = end === undefined ? first : parsePortNumber(end, spec, allowZero);
  if (last < first) throw new ComposeError(`invalid port range "${spec}": end before start`);
  return [first, last];
}

function parseProtocol(text: string | undefined, spec: string): Protocol {
  const protocol = (text ?? 'tcp').toLowerCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new ComposeError(`invalid port "${spec}": unknown protocol "${text}"`);
  }
  return protocol as Protocol;
}

/** `[[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]` with ranges, expanded into one mapping per port. */
export function parseShortPort(spec: string | number): PortMapping[] {
  const text = String(spec).trim();
  const slash = text.lastIndexOf('/');
  const protocol = parseProtocol(slash < 0 ? undefined : text.slice(slash + 1), text);
  const address = slash < 0 ? text : text.slice(0, slash);
  let hostIp: string | undefined;
  let rest = address;
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(address);
  if (bracketed) {
    hostIp = bracketed[1];
    rest = bracketed[2] ?? '';
  } else {
    const parts = address.split(':');
    if (parts.length > 3) throw new ComposeError(`invalid port "${text}": expected [[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]`);
    if (parts.length === 3) {
      hostIp = parts[0];
      rest = `${parts[1]}:${parts[2]}`;
    }
  }
  const pieces = rest.split(':');
  const targetText = pieces.length === 1 ? pieces[0] : pieces[1];
  const publishedText = pieces.length === 1 ? '' : pieces[0];
  if (pieces.length > 2 || targetText === undefined || targetText === '') {
    throw new ComposeError(`invalid port "${text}": expected [[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]`);
  }
  const [targetStart, targetEnd] = parseRange(targetText, text);
  const published = publishedText ? parseRange(publishedText, text, true) : undefined;
  const count = targetEnd - targetStart + 1;
  if (published && published[1] - published[0] + 1 !== count && count !== 1) {
    throw new ComposeError(`invalid port "${text}": published and target ranges differ in length`);
  }
  const mappings: PortMapping[] = [];
  for (let offset = 0; offset < count; offset++) {
    mappings.push({
      target: targetStart + offset,
      ...(published ? { published: published[0] + (count === 1 ? 0 : offset) } : {}),
      ...(hostIp ? { hostIp } : {}),
      protocol,
      mode: 'ingress',
    });
  }
  return mappings;
}

/** `PORT[-PORT][/PROTOCOL]`. */
export function parseExpose(spec: string | number): ExposedPort[] {
  const text = String(spec).trim();
  const [range = '', protocolText] = text.split('/');
  const protocol = parseProtocol(protocolText, text);
  const [start, end] = parseRange(range, text);
  const ports: ExposedPort[] = [];
  for (let port = start; port <= end; port++) ports.push({ port, protocol });
  return ports;
}
