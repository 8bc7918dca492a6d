/**
 * What test/docs/platform-facts.test.ts reads: the tables and anchors of docs/platform.md, and
 * the committed dist/ (only the files a check needs, through the one manifest reader).
 */
import * as fs from 'fs';
import * as path from 'path';
import { cachedParse } from '../../tools/manifests/cache';
import { listManifestFiles, parseManifests } from '../../tools/manifests/load';

/** The repository root. */
const ROOT = path.resolve(__dirname, '../..');

const texts = new Map<string, string>();

/** A file of the repository, as text (each read once). */
export function read(rel: string): string {
  let text = texts.get(rel);
  if (text === undefined) {
    text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    texts.set(rel, text);
  }
  return text;
}

/** One table row, cells keyed by their column's header; backticks are removed from both. */
export type Row = Readonly<Record<string, string>>;

/** The manifest reader, answering from the cache the global setup warmed with dist/. */
const parse = cachedParse(parseManifests);

/** A rendered object as parsed from YAML. */
export type Manifest = ReturnType<typeof JSON.parse>;

const cells = (line: string): string[] =>
  line
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim().replace(/`/g, ''));

/** The lines of `md` under the heading `heading` (a whole line, `## Title`), up to the next heading. */
export function sectionLines(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`docs/platform.md has no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => {
    const m = /^(#+) /.exec(l);
    return m !== null && m[1].length <= level;
  });
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first table directly under `heading` (before any sub-heading), as rows. */
export function table(md: string, heading: string): Row[] {
  const lines = sectionLines(md, heading);
  const sub = lines.findIndex((l) => /^#+ /.test(l));
  const own = sub < 0 ? lines : lines.slice(0, sub);
  const first = own.findIndex((l) => l.startsWith('|'));
  if (first < 0) throw new Error(`docs/platform.md: no table under "${heading}"`);
  const rows: string[][] = [];
  for (const line of own.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  const [header, , ...body] = rows;
  for (const r of body)
    if (r.length !== header.length) throw new Error(`docs/platform.md "${heading}": a row has ${r.length} cells, the header ${header.length}`);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** The one row whose `column` is `value`. */
export function rowOf(rows: readonly Row[], column: string, value: string): Row {
  const hits = rows.filter((r) => r[column] === value);
  if (hits.length !== 1) throw new Error(`expected one row with ${column} "${value}", found ${hits.length}`);
  return hits[0];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped except `-` and `_`, each space a `-`. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown text's headings, repeats numbered as GitHub numbers them. */
export function anchors(md: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = /^#{1,6} (.+)$/.exec(line);
    if (fenced || !m) continue;
    const base = slug(m[1].trim());
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

let listing: string[] | undefined;

/** The manifest files under `dist/<rel>` whose base name `match` accepts, relative to dist/ (dist/ is listed once). */
export function distFiles(rel: string, match: (name: string) => boolean): string[] {
  listing ??= listManifestFiles(path.join(ROOT, 'dist'));
  return listing.filter((f) => f.startsWith(`${rel}/`) && match(path.posix.basename(f)));
}

/** The objects of those files, each with the file it came from (relative to dist/). */
export function distObjects(rel: string, match: (name: string) => boolean): Array<{ file: string; object: Manifest }> {
  return distFiles(rel, match).flatMap((file) => parse(read(`dist/${file}`), file).map((d) => ({ file, object: d.object as Manifest })));
}

/** The one object of a file of dist/ (relative to dist/). */
export function distObject(file: string): Manifest {
  const docs = parse(read(`dist/${file}`), file);
  if (docs.length !== 1) throw new Error(`dist/${file}: expected one document, found ${docs.length}`);
  return docs[0].object as Manifest;
}

/** Every text file under the repository's source folders (not node_modules, dist/, imports/ or build/). */
export function sourceFiles(): string[] {
  const out: string[] = ['README.md', 'main.ts'];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (/\.(ts|js|md|yaml|json|lua)$/.test(e.name)) out.push(child);
    }
  };
  for (const dir of ['charts', 'config', 'lib', 'tools', 'test', 'docs']) walk(dir);
  return out;
}
