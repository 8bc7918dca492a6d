/**
 * A content-addressed cache of parsed manifests: the documents the `yaml` package made of a
 * text, stored under the SHA-1 of that text in build/cache/. A text parses to the same
 * documents every time, so a hit is exactly what parsing would return; only documents that
 * JSON carries without loss (plain maps, lists, strings, finite numbers, booleans, null) are
 * stored, so a YAML 1.1 timestamp, binary or NaN is parsed afresh every time.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../repo';
import type { ManifestDocument } from './document';

type Parse = (text: string, file: string) => ManifestDocument[];
type Stored = ReadonlyArray<Omit<ManifestDocument, 'file'>>;

/** Entries kept at most; the oldest go first. */
const MAX_ENTRIES = 50_000;

/** A parser that answers from the cache when it can; `save()` writes what it parsed. */
export interface CachedParse extends Parse {
  save(): void;
}

/** Wraps `parse` with the cache in build/cache/, keyed also by the parser's identity. */
export function cachedParse(parse: Parse, identity = `yaml@${yamlVersion()} 1.1 aliases`): CachedParse {
  const file = path.join(REPO_ROOT, 'build', 'cache', `manifests-${sha1(identity).slice(0, 12)}.json`);
  const entries = loaded(file);
  let added = 0;
  const cached = ((text: string, name: string) => {
    const key = sha1(text);
    const hit = entries[key];
    if (hit) return hit.map((d) => ({ file: name, ...d }));
    const docs = parse(text, name);
    if (docs.every((d) => jsonSafe(d.object))) {
      entries[key] = docs.map(({ file: _file, ...d }) => d);
      added++;
    }
    return docs;
  }) as CachedParse;
  cached.save = () => {
    if (added === 0) return;
    const keys = Object.keys(entries);
    const kept = keys.length > MAX_ENTRIES ? Object.fromEntries(keys.slice(keys.length - MAX_ENTRIES).map((k) => [k, entries[k]])) : entries;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(kept));
      fs.renameSync(tmp, file);
      added = 0;
    } catch {
      // a read-only checkout still validates, just without the cache
    }
  };
  return cached;
}

/** The cache files read by this process: each is read once, however many parsers use it. */
const LOADED = new Map<string, Record<string, Stored>>();

function loaded(file: string): Record<string, Stored> {
  let entries = LOADED.get(file);
  if (!entries) {
    entries = {};
    try {
      entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Stored>;
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
    LOADED.set(file, entries);
  }
  return entries;
}

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

function yamlVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(require.resolve('yaml/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** True when JSON.stringify followed by JSON.parse gives back an equal value. */
export function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.entries(v as Record<string, unknown>).every(([k, x]) => k !== '__proto__' && jsonSafe(x));
  }
  return false;
}
