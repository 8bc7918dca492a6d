import * as fs from 'fs';
import * as path from 'path';

/** What {@link writeTree} did. */
export interface WriteResult {
  readonly written: number;
  readonly unchanged: number;
  readonly deleted: number;
}

/**
 * Makes the folders `roots` under `outDir` hold exactly `files` (paths relative to `outDir`).
 *
 * Everything is rendered and checked before this is called, so bad input never reaches
 * it. Files whose bytes did not change are not written. Changed files are first written
 * to a staging folder beside `outDir` and only renamed into place once all of them were
 * written, so a full disk or a crash while writing leaves `outDir` as it was. Files under
 * `roots` that are no longer rendered are deleted, and so are folders left empty.
 */
export function writeTree(outDir: string, roots: readonly string[], files: ReadonlyArray<{ path: string; content: string }>): WriteResult {
  const wanted = new Map<string, string>();
  for (const f of files) wanted.set(f.path, f.content);

  const existing = new Set<string>();
  for (const root of roots) listFiles(outDir, root, existing);

  const changed: string[] = [];
  let unchanged = 0;
  for (const [rel, content] of wanted) {
    if (existing.has(rel) && sameContent(path.join(outDir, rel), content)) unchanged++;
    else changed.push(rel);
  }
  const stale = [...existing].filter((rel) => !wanted.has(rel));

  if (changed.length > 0) {
    const parent = path.dirname(path.resolve(outDir));
    fs.mkdirSync(parent, { recursive: true });
    const staging = fs.mkdtempSync(path.join(parent, `.dist-staging-${process.pid}-`));
    try {
      const made = new Set<string>();
      for (const rel of changed) {
        const dir = path.dirname(path.join(staging, rel));
        if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
        fs.writeFileSync(path.join(staging, rel), wanted.get(rel)!);
      }
      // a root that does not exist yet moves in whole; in an existing one, file by file
      fs.mkdirSync(outDir, { recursive: true });
      const fresh = new Set(roots.filter((r) => !fs.existsSync(path.join(outDir, r)) && fs.existsSync(path.join(staging, r))));
      for (const root of fresh) fs.renameSync(path.join(staging, root), path.join(outDir, root));
      made.clear();
      for (const rel of changed) {
        if (fresh.has(rel.slice(0, rel.indexOf('/')))) continue;
        const dir = path.dirname(path.join(outDir, rel));
        if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
        fs.renameSync(path.join(staging, rel), path.join(outDir, rel));
      }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  for (const rel of stale) fs.rmSync(path.join(outDir, rel), { force: true });
  if (stale.length > 0) for (const root of roots) removeEmptyDirs(path.join(outDir, root));
  return { written: changed.length, unchanged, deleted: stale.length };
}

function sameContent(file: string, content: string): boolean {
  try {
    const bytes = fs.readFileSync(file);
    return bytes.length === Buffer.byteLength(content) && bytes.equals(Buffer.from(content));
  } catch {
    return false;
  }
}

function listFiles(outDir: string, rel: string, into: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(outDir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const child = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) listFiles(outDir, child, into);
    else into.add(child);
  }
}

function removeEmptyDirs(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory() && removeEmptyDirs(path.join(dir, e.name))) continue;
    empty = false;
  }
  if (empty) fs.rmdirSync(dir);
  return empty;
}
