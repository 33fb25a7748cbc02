import path from 'node:path';
import { isWindowsAbsolute } from '../normalize/service-mounts.ts';
import { looksLikePath } from '../normalize/short-syntax.ts';
import { carryOrigin, isMapping, newMappingLike, type Mapping, type Tree } from '../read/tree.ts';

/*
 * A document reached through `extends` or `include` resolves its relative host paths against its
 * own directory; rebasing makes them absolute before it is merged into the project.
 */

/** Copy of a document whose services, secrets and configs point into `directory`. */
export function rebaseDocument(document: Mapping, directory: string): Mapping {
  const copy = copyMapping(document);
  const services = document['services'];
  if (isMapping(services)) {
    const rebased = copyMapping(services);
    for (const name of Object.keys(services)) {
      const service = services[name];
      if (isMapping(service)) rebased[name] = rebaseService(service, directory);
    }
    copy['services'] = rebased;
  }
  for (const section of ['secrets', 'configs']) {
    const entries = document[section];
    if (!isMapping(entries)) continue;
    const rebased = copyMapping(entries);
    for (const name of Object.keys(entries)) {
      const entry = entries[name];
      if (isMapping(entry) && typeof entry['file'] === 'string') {
        const moved = copyMapping(entry);
        moved['file'] = absolute(entry['file'], directory);
        rebased[name] = moved;
      }
    }
    copy[section] = rebased;
  }
  return copy;
}

function absolute(value: string, directory: string): string {
  return path.isAbsolute(value) || isWindowsAbsolute(value) || value.startsWith('~') ? value : path.resolve(directory, value);
}

/** Copy of `service` whose relative host paths point into `directory`. */
export function rebaseService(service: Mapping, directory: string): Mapping {
  const copy = copyMapping(service);
  const build = copy['build'];
  // A build without a context builds the directory the service was written in.
  const context = isMapping(build) ? (build['context'] ?? '.') : undefined;
  if (isMapping(build) && typeof context === 'string' && !/^[a-z]+:\/\/|^git@/.test(context)) {
    const rebuilt = copyMapping(build);
    rebuilt['context'] = absolute(context, directory);
    copy['build'] = rebuilt;
  }
  for (const key of ['env_file', 'label_file']) {
    copy[key] = mapList(copy[key], (item) => {
      if (typeof item === 'string') return absolute(item, directory);
      if (isMapping(item) && typeof item['path'] === 'string') return { ...copyMapping(item), path: absolute(item['path'], directory) };
      return item;
    });
  }
  copy['volumes'] = mapList(copy['volumes'], (item) => {
    if (typeof item === 'string') {
      const colon = item.indexOf(':');
      const source = colon < 0 ? '' : item.slice(0, colon);
      return source && looksLikePath(source) ? absolute(source, directory) + item.slice(colon) : item;
    }
    if (isMapping(item) && item['type'] === 'bind' && typeof item['source'] === 'string') {
      const moved = copyMapping(item);
      moved['source'] = absolute(item['source'], directory);
      return moved;
    }
    return item;
  });
  for (const key of Object.keys(copy)) if (copy[key] === undefined) delete copy[key];
  return copy;
}

export function copyMapping(source: Mapping): Mapping {
  const copy = newMappingLike(source);
  for (const key of Object.keys(source)) {
    copy[key] = source[key] ?? null;
    carryOrigin(source, key, copy, key);
  }
  return copy;
}

function mapList(value: Tree | undefined, rewrite: (item: Tree) => Tree): Tree {
  if (!Array.isArray(value)) return value as Tree;
  const list = value.map(rewrite);
  value.forEach((_, index) => carryOrigin(value, index, list, index));
  return list;
}
