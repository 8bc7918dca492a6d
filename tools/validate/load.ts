import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { parseFastYaml } from './fast-yaml';
import { LoadedObject } from './problem';

/**
 * Reads every `*.yaml` file under a folder (recursively, in a fixed order) and parses
 * each document.
 *
 * Documents are read with YAML 1.1 rules, as Go's decoder in kubectl and Argo CD reads
 * them (the `yaml` package with `version: '1.1'`, or the fast reader, which only accepts
 * texts whose meaning is the same): a plain `on`, `yes` or `12:30` becomes a boolean or a number, so the schema
 * check reports it where the API expects a string. Empty documents are skipped. A
 * document with a YAML error is still returned, with `parseErrors` set.
 *
 * @param dir the folder; the `file` of each object is `dir` joined with the relative path
 */
export function loadDir(dir: string): LoadedObject[] {
  const out: LoadedObject[] = [];
  for (const file of listYamlFiles(dir)) {
    out.push(...parseYaml(fs.readFileSync(file, 'utf8'), file));
  }
  return out;
}

/**
 * Parses the documents of one YAML text: through the fast reader when the text is plain
 * block YAML (what generators write), through the `yaml` package otherwise.
 */
export function parseYaml(text: string, file: string): LoadedObject[] {
  const fast = parseFastYaml(text);
  if (fast) {
    const out: LoadedObject[] = [];
    fast.forEach((object, index) => {
      if (object !== null) out.push({ file, index, object });
    });
    return out;
  }
  const out: LoadedObject[] = [];
  const docs = parseAllDocuments(text, { version: '1.1' });
  // parseAllDocuments returns an EmptyStream (an empty array-like) for an empty text
  for (let index = 0; index < docs.length; index++) {
    const doc = docs[index];
    const parseErrors = doc.errors.map((e) => e.message.split('\n')[0]);
    let object: unknown = null;
    try {
      object = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      parseErrors.push((e as Error).message.split('\n')[0]);
    }
    if (object === null && parseErrors.length === 0) continue;
    out.push(parseErrors.length ? { file, index, object, parseErrors } : { file, index, object });
  }
  return out;
}

/** Every `*.yaml` file under a folder, depth first, names in code-unit order. */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    const entries = fs.readdirSync(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.yaml')) out.push(full);
    }
  };
  walk(dir);
  return out;
}
