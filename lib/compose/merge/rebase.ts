import path from 'node:path';
import { isWindowsAbsolute } from '../normalize/service-mounts.ts';
import { looksLikePath } from '../normalize/short-syntax.ts';
import { carryOrigin, isMapping, newMappingLike, type Mapping, type Tree } from '../read/tree.ts';

/*
 * A document reached through `extends` or `include` resolves its relative host paths against its
 * own directory; rebasing writes them relative to the directory the including document resolves
 * against (`anchor`) before it is merged: they point at the same files, and stay written relative,
 * so that names made of them (`host-up-common-scripts`) do not depend on where the project lies.
 */

/** Copy of a document whose services, secrets and configs point into `directory`, written relative to `anchor`. */
export function rebaseDocument(document: Mapping, directory: string, anchor: string): Mapping {
  const copy = copyMapping(document);
  for (const section of ['services', 'jobs']) {
    const services = document[section];
    if (!isMapping(services)) continue;
    const rebased = copyMapping(services);
    for (const name of Object.keys(services)) {
      const service = services[name];
      if (isMapping(service)) rebased[name] = rebaseService(service, directory, anchor);
    }
    copy[section] = rebased;
  }
  for (const section of ['secrets', 'configs']) {
    const entries = document[section];
    if (!isMapping(entries)) continue;
    const rebased = copyMapping(entries);
    for (const name of Object.keys(entries)) {
      const entry = entries[name];
      if (isMapping(entry) && typeof entry['file'] === 'string') {
        const moved = copyMapping(entry);
        moved['file'] = rebasedPath(entry['file'], directory, anchor);
        rebased[name] = moved;
      }
    }
    copy[section] = rebased;
  }
  return copy;
}

/** `value`, relative to `directory`, written relative to `anchor` (`./x`, `../common/x`); absolute and home paths as they are. */
function rebasedPath(value: string, directory: string, anchor: string): string {
  if (path.isAbsolute(value) || isWindowsAbsolute(value) || value.startsWith('~')) return value;
  const relative = path.relative(anchor, path.resolve(directory, value));
  // `./` keeps a short-syntax source a path (`common:/x` would name a volume).
  return relative === '' ? '.' : relative === '..' || relative.startsWith('../') ? relative : `./${relative}`;
}

/** Copy of `service` whose relative host paths point into `directory`, written relative to `anchor`. */
export function rebaseService(service: Mapping, directory: string, anchor: string): Mapping {
  const copy = copyMapping(service);
  const build = copy['build'];
  // A build without a context builds the directory the service was written in.
  const context = isMapping(build) ? (build['context'] ?? '.') : undefined;
  if (isMapping(build) && typeof context === 'string' && !/^[a-z]+:\/\/|^git@/.test(context)) {
    const rebuilt = copyMapping(build);
    rebuilt['context'] = rebasedPath(context, directory, anchor);
    copy['build'] = rebuilt;
  }
  for (const key of ['env_file', 'label_file']) {
    copy[key] = mapList(copy[key], (item) => {
      if (typeof item === 'string') return rebasedPath(item, directory, anchor);
      if (isMapping(item) && typeof item['path'] === 'string') return { ...copyMapping(item), path: rebasedPath(item['path'], directory, anchor) };
      return item;
    });
  }
  copy['volumes'] = mapList(copy['volumes'], (item) => {
    if (typeof item === 'string') {
      const colon = item.indexOf(':');
      const source = colon < 0 ? '' : item.slice(0, colon);
      return source && looksLikePath(source) ? rebasedPath(source, directory, anchor) + item.slice(colon) : item;
    }
    if (isMapping(item) && item['type'] === 'bind' && typeof item['source'] === 'string') {
      const moved = copyMapping(item);
      moved['source'] = rebasedPath(item['source'], directory, anchor);
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
