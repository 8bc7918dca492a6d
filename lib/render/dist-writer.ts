import * as fs from 'fs';
import * as path from 'path';

/** What {@link writeTree} did. */
export interface WriteResult {
  readonly written: number;
  readonly unchanged: number;
  readonly deleted: number;
}

/**
 * The file operations the writer changes the disk with. A crash test passes its own to stop
 * the writer at any of them; nothing here relies on cleanup code running after a failure.
 */
export interface WriterFs {
  mkdir(dir: string): void;
  writeFile(file: string, content: string): void;
  /** Makes `to` another name of `from` (a hard link), or a copy where links are not possible. */
  link(from: string, to: string): void;
  rename(from: string, to: string): void;
  remove(target: string): void;
}

/** The real file system. */
export const NODE_FS: WriterFs = {
  mkdir: (dir) => fs.mkdirSync(dir, { recursive: true }),
  writeFile: (file, content) => fs.writeFileSync(file, content),
  link: (from, to) => {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to);
    }
  },
  rename: (from, to) => fs.renameSync(from, to),
  remove: (target) => fs.rmSync(target, { recursive: true, force: true }),
};

/**
 * Makes each folder `<outDir>/<root>` hold exactly the `files` under it (paths relative to
 * `outDir`, `<root>/...`), so that a crash at any moment leaves each root entirely as before
 * or entirely as after.
 *
 * Everything is rendered and checked before this is called, so bad input never reaches it.
 * A root whose files all have their bytes already is not touched. Otherwise the new root is
 * built beside `outDir` (`.<out>-<root>.new`: unchanged files hard-linked from the old root,
 * changed ones written) and swapped in with two renames: the old root moves aside to
 * `.<out>-<root>.old`, the new one into place, and the old one is removed. A crash between
 * the two renames leaves the old root aside, whole; {@link repairTree}, which every write
 * runs first, puts it back and removes every leftover.
 */
export function writeTree(
  outDir: string,
  roots: readonly string[],
  files: ReadonlyArray<{ path: string; content: string }>,
  io: WriterFs = NODE_FS,
): WriteResult {
  repairTree(outDir, io);
  const byRoot = new Map<string, Map<string, string>>(roots.map((r) => [r, new Map()]));
  for (const f of files) {
    const root = f.path.slice(0, f.path.indexOf('/'));
    const wanted = byRoot.get(root);
    if (!wanted) throw new Error(`${f.path} is not under one of the folders being written (${roots.join(', ')})`);
    wanted.set(f.path.slice(root.length + 1), f.content);
  }
  let written = 0;
  let unchanged = 0;
  let deleted = 0;
  for (const [root, wanted] of byRoot) {
    const target = path.join(outDir, root);
    const existing = listFiles(target);
    const same = new Set([...wanted].filter(([rel, content]) => existing.has(rel) && sameContent(path.join(target, rel), content)).map(([rel]) => rel));
    const stale = [...existing].filter((rel) => !wanted.has(rel));
    unchanged += same.size;
    if (same.size === wanted.size && stale.length === 0) continue;
    written += wanted.size - same.size;
    deleted += stale.length;
    const { fresh, aside } = sideFolders(outDir, root);
    io.mkdir(fresh);
    const made = new Set<string>([fresh]);
    for (const [rel, content] of wanted) {
      const file = path.join(fresh, rel);
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        io.mkdir(dir);
        made.add(dir);
      }
      if (same.has(rel)) io.link(path.join(target, rel), file);
      else io.writeFile(file, content);
    }
    if (existing.size > 0 || fs.existsSync(target)) io.rename(target, aside);
    io.mkdir(outDir);
    io.rename(fresh, target);
    io.remove(aside);
  }
  return { written, unchanged, deleted };
}

/**
 * Undoes what a crashed {@link writeTree} left beside `outDir`: an old root moved aside with
 * nothing in its place goes back; every other leftover (a half-built new root, an old root
 * already replaced) is removed.
 */
export function repairTree(outDir: string, io: WriterFs = NODE_FS): void {
  const parent = path.dirname(path.resolve(outDir));
  const prefix = `.${path.basename(path.resolve(outDir))}-`;
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of entries.sort()) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(.+)\.(new|old)$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const leftover = path.join(parent, name);
    const target = path.join(outDir, m[1]);
    if (m[2] === 'old' && !fs.existsSync(target)) {
      io.mkdir(outDir);
      io.rename(leftover, target);
    } else {
      io.remove(leftover);
    }
  }
}

/** Where a root is built before the swap, and where the old one waits while it happens. */
function sideFolders(outDir: string, root: string): { fresh: string; aside: string } {
  const parent = path.dirname(path.resolve(outDir));
  const base = `.${path.basename(path.resolve(outDir))}-${root}`;
  return { fresh: path.join(parent, `${base}.new`), aside: path.join(parent, `${base}.old`) };
}

function sameContent(file: string, content: string): boolean {
  try {
    const bytes = fs.readFileSync(file);
    return bytes.length === Buffer.byteLength(content) && bytes.equals(Buffer.from(content));
  } catch {
    return false;
  }
}

/** Every file under `dir`, relative, `/`-separated; empty when `dir` does not exist. */
function listFiles(dir: string, rel = '', into = new Set<string>()): Set<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return into;
  }
  for (const e of entries) {
    const child = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) listFiles(dir, child, into);
    else into.add(child);
  }
  return into;
}
