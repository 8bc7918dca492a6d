/**
 * The sync plan's view of a checkout: the Applications rendered under `dist/<env>` and the
 * manifests under any repository path, read through tools/manifests/load.ts. Whatever the
 * layout of dist/, an Argo CD folder is any folder holding argoproj.io Applications.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadManifests, type ManifestDocument } from '../manifests/load';
import { isApplication } from './applications';
import type { ListFolders } from './application-sets';
import type { ReadFolder } from './plan';

/** A repository checkout to plan from. */
export interface Repository {
  /** The manifests under a repository-relative path (`spec.source.path`), or undefined when it is no folder. */
  readonly readFolder: ReadFolder;
  /** Repository-relative folders matching a Go `path.Match` pattern, for git directory generators. */
  readonly listFolders: ListFolders;
}

/** Reads manifests from the checkout at `root`; each folder is parsed once. */
export function repositoryAt(root: string): Repository {
  const cache = new Map<string, readonly ManifestDocument[] | undefined>();
  const documents = (rel: string): readonly ManifestDocument[] | undefined => {
    const dir = resolveInside(root, rel);
    if (dir === undefined) return undefined;
    if (!cache.has(dir)) cache.set(dir, isFolder(dir) ? loadFolder(dir) : undefined);
    return cache.get(dir);
  };
  return {
    readFolder: (rel, { recurse }) => {
      const docs = documents(rel);
      if (docs === undefined) return undefined;
      const dir = resolveInside(root, rel) as string;
      // Argo CD's directory source reads the folder's own files unless directory.recurse is set
      return docs.filter((d) => recurse || path.dirname(d.file) === dir).map((d) => d.object);
    },
    listFolders: (pattern) => matchFolders(root, pattern),
  };
}

function isFolder(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

/** A path inside the checkout, or undefined for one that leaves it (`..`, absolute). */
function resolveInside(root: string, rel: string): string | undefined {
  const abs = path.resolve(root, rel);
  return abs === path.resolve(root) || abs.startsWith(path.resolve(root) + path.sep) ? abs : undefined;
}

function loadFolder(dir: string): readonly ManifestDocument[] {
  try {
    return loadManifests(dir, { cache: true });
  } catch (e) {
    // a folder without manifests renders nothing; anything else is a real error
    if (/holds no manifests/.test((e as Error).message)) return [];
    throw e;
  }
}

/**
 * The Applications of an environment: every argoproj.io Application in a manifest under
 * `envDir`, the files they are in (in the same order), and the folders (relative to
 * `envDir`, `/`-separated) that hold them.
 */
export function environmentApplications(envDir: string): { applications: unknown[]; files: string[]; folders: string[] } {
  const docs = loadFolder(envDir);
  for (const d of docs) if (d.parseErrors) throw new Error(`${d.file}: ${d.parseErrors[0]}`);
  const apps = docs.filter((d) => isApplication(d.object));
  const folders = [...new Set(apps.map((d) => path.relative(envDir, path.dirname(d.file)).split(path.sep).join('/') || '.'))].sort();
  return { applications: apps.map((d) => d.object), files: apps.map((d) => d.file), folders };
}

/** Go's `path.Match` for one segment: `*`, `?` and `[...]` never match `/`. */
function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) return /$^/;
      re += `[${segment.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function matchFolders(root: string, pattern: string): string[] {
  let current = [''];
  for (const segment of pattern.split('/').filter((s) => s !== '')) {
    const re = segmentRegExp(segment);
    const next: string[] = [];
    for (const rel of current) {
      const dir = path.join(root, rel);
      if (!isFolder(dir)) continue;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && re.test(e.name)) next.push(rel ? `${rel}/${e.name}` : e.name);
      }
    }
    current = next;
  }
  return current.filter((c) => c !== '').sort();
}
