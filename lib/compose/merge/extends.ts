import path from 'node:path';
import { ComposeError, locateError } from '../errors.ts';
import type { ComposeFileReader } from '../read/files.ts';
import { mergeTrees } from './merge.ts';
import { rebaseService } from './rebase.ts';
import { carryOrigin, isMapping, newMapping, originOf, type Mapping } from '../read/tree.ts';

/** How long a chain of `extends` may be: enough for any real project, and far below the stack's limit. */
export const MAX_EXTENDS_DEPTH = 64;

/**
 * Resolves `extends` in one file's services, in place: each service becomes its base service
 * (itself resolved first, from the same or another file) merged with its own keys. Relative paths
 * in a base service from another file are made absolute against that file's directory.
 */
export function applyExtends(root: Mapping, file: string, reader: ComposeFileReader, anchor: string): void {
  const services = root['services'];
  if (!isMapping(services)) return;
  const resolver = new ExtendsResolver(reader, anchor);
  for (const name of Object.keys(services)) {
    if (isMapping(services[name])) services[name] = resolver.resolve(file, root, name, []);
  }
}

class ExtendsResolver {
  private readonly resolved = new Map<string, Mapping>();
  /** How many `extends` each resolved service stands on, so a chain resolved piecemeal is bounded too. */
  private readonly depths = new Map<string, number>();

  constructor(
    private readonly reader: ComposeFileReader,
    /** The directory the extending file's relative paths resolve against. */
    private readonly anchor: string,
  ) {}

  private read(file: string, where: ComposeError['location'], key: string): Mapping {
    try {
      return this.reader.read(file);
    } catch (error) {
      throw locateError(error, where, key);
    }
  }

  resolve(file: string, root: Mapping, name: string, chain: readonly string[]): Mapping {
    const id = `${file}#${name}`;
    const done = this.resolved.get(id);
    if (done) return done;
    const services = root['services'] as Mapping;
    const service = services[name] as Mapping;
    const reference = service['extends'];
    if (reference === undefined) {
      this.resolved.set(id, service);
      return service;
    }
    const where = originOf(service, 'extends')?.location;
    const key = `services.${name}.extends`;
    if (chain.includes(id)) {
      const cycle = [...chain, id].map((entry) => entry.split('#').pop()).join(' -> ');
      throw new ComposeError(`${key}: circular extends: ${cycle}`, where, key);
    }
    const tooDeep = (): never => {
      throw new ComposeError(`${key}: extends chained more than ${MAX_EXTENDS_DEPTH} services deep`, where, key);
    };
    if (chain.length >= MAX_EXTENDS_DEPTH) tooDeep();
    if (!isMapping(reference) || typeof reference['service'] !== 'string') {
      throw new ComposeError(`${key}: must name a service`, where, key);
    }
    const baseName = reference['service'];
    const otherFile = typeof reference['file'] === 'string' ? path.resolve(path.dirname(file), reference['file']) : undefined;
    const baseFile = otherFile ?? file;
    const baseRoot = otherFile ? this.read(otherFile, where, `${key}.file`) : root;
    const baseServices = baseRoot['services'];
    if (!isMapping(baseServices) || !isMapping(baseServices[baseName])) {
      const inFile = otherFile ? ` in ${otherFile}` : '';
      throw new ComposeError(`${key}: cannot extend service "${baseName}": no such service${inFile}`, where, key);
    }
    let base = this.resolve(baseFile, baseRoot, baseName, [...chain, id]);
    const depth = (this.depths.get(`${baseFile}#${baseName}`) ?? 0) + 1;
    if (depth > MAX_EXTENDS_DEPTH) tooDeep();
    this.depths.set(id, depth);
    if (otherFile && path.dirname(otherFile) !== path.dirname(file)) base = rebaseService(base, path.dirname(otherFile), this.anchor);
    const own = newMapping();
    for (const entry of Object.keys(service)) {
      if (entry === 'extends') continue;
      own[entry] = service[entry] ?? null;
      carryOrigin(service, entry, own, entry);
    }
    const merged = mergeTrees(base, own, ['services', name]);
    const result = isMapping(merged) ? merged : own;
    this.resolved.set(id, result);
    return result;
  }
}
