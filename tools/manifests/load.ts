/**
 * The one reader of rendered manifests, for the validator, the differ, the tests and every
 * other tool: the `yaml` package with YAML 1.1 rules, as Go's decoder in kubectl and Argo CD
 * reads them (a plain `on` is a boolean, `0777` an octal number), one alias limit, and the
 * files Argo CD's directory source reads: `*.yaml`, `*.yml` and `*.json`, recursively.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { cachedParse } from './cache';
import type { ManifestDocument } from './document';

export type { ManifestDocument } from './document';

/** The file name endings Argo CD's directory source applies. */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];
/** At most this many alias nodes are expanded in one document (a "billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;

/** True for a file name Argo CD would apply. */
export function isManifestFile(name: string): boolean {
  return MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/**
 * Parses the documents of one text. Empty documents are skipped; a document with a YAML
 * error is returned with `parseErrors` set (the first line of each message).
 */
export function parseManifests(text: string, file: string): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true, prettyErrors: true });
  // parseAllDocuments returns an EmptyStream (an empty array-like) for an empty text
  for (let index = 0; index < docs.length; index++) {
    const doc = docs[index];
    const parseErrors = doc.errors.map((e) => e.message.split('\n')[0]);
    let object: unknown = null;
    try {
      object = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      parseErrors.push((e as Error).message.split('\n')[0]);
    }
    if ((object === null || object === undefined) && parseErrors.length === 0) continue;
    out.push(parseErrors.length > 0 ? { file, index, object, parseErrors } : { file, index, object });
  }
  return out;
}

/**
 * Every manifest file under `dir`, depth first, names in code-unit order, as paths
 * relative to `dir` with `/` separators.
 */
export function listManifestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string, rel: string): void => {
    const entries = fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(current, entry.name), child);
      else if (entry.isFile() && isManifestFile(entry.name)) out.push(child);
    }
  };
  walk(dir, '');
  return out;
}

/** A manifest file's path (relative to its root, `/`-separated) and text. */
export interface ManifestFile {
  readonly path: string;
  readonly content: string;
}

/** Reads every manifest file under `dir`. @throws when `dir` is not a folder or holds no manifest. */
export function readManifestFiles(dir: string): ManifestFile[] {
  if (!fs.existsSync(dir)) throw new Error(`${dir}: no such folder`);
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir}: not a folder`);
  const files = listManifestFiles(dir).map((rel) => ({ path: rel, content: fs.readFileSync(path.join(dir, rel), 'utf8') }));
  if (files.length === 0) throw new Error(`${dir}: holds no manifests (no ${MANIFEST_EXTENSIONS.map((e) => `*${e}`).join(', ')} file)`);
  return files;
}

/**
 * Reads and parses every manifest under `dir`. Each document's `file` is `dir` joined with
 * its relative path. Parsing goes through the content-addressed cache when one is given.
 * @throws when `dir` is not a folder or holds no manifest.
 */
export function loadManifests(dir: string, options: { readonly cache?: boolean } = {}): ManifestDocument[] {
  const files = readManifestFiles(dir);
  const parse = options.cache ? cachedParse(parseManifests) : parseManifests;
  const out = files.flatMap((f) => parse(f.content, path.join(dir, f.path)));
  if (options.cache) (parse as ReturnType<typeof cachedParse>).save();
  return out;
}
