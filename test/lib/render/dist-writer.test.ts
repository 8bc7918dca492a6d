import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NODE_FS, repairTree, writeTree, type WriterFs } from '../../../lib/render/dist-writer';
import { listFiles } from '../../files';

let tmp: string;
let out: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'writer-'));
  out = path.join(tmp, 'dist');
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Tree = Record<string, string>;
const OLD: Tree = { 'dev/a/one.yaml': 'one: 1\n', 'dev/a/two.yaml': 'two: 2\n', 'dev/b/three.yaml': 'three: 3\n', 'dev/b/x/four.yaml': 'four: 4\n' };
const NEW: Tree = { 'dev/a/one.yaml': 'one: 1\n', 'dev/a/two.yaml': 'two: 22\n', 'dev/c/five.yaml': 'five: 5\n', 'dev/b/x/four.yaml': 'four: 4\n' };
const files = (t: Tree) => Object.entries(t).map(([p, content]) => ({ path: p, content }));

function read(dir: string): Tree {
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}
const under = (t: Tree, root: string) =>
  Object.fromEntries(
    Object.entries(t)
      .filter(([p]) => p.startsWith(`${root}/`))
      .map(([p, c]) => [p.slice(root.length + 1), c]),
  );
/** The tree as one comparable string. */
const shown = (t: Tree) =>
  JSON.stringify(
    Object.keys(t)
      .sort()
      .map((k) => [k, t[k]]),
  );

/** The real file system, counting operations and stopping dead (as a kill would) at the `at`-th. */
class Crash extends Error {}
function crashingFs(at: number): WriterFs & { count: number } {
  const io = { count: 0 } as WriterFs & { count: number };
  for (const op of Object.keys(NODE_FS) as (keyof WriterFs)[]) {
    (io as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => {
      io.count++;
      if (io.count === at) throw new Crash(`crash before operation ${at} (${op})`);
      return (NODE_FS[op] as (...a: unknown[]) => void)(...args);
    };
  }
  return io;
}

describe('writeTree', () => {
  test('writes a new tree and reports what it did', () => {
    expect(writeTree(out, ['dev'], files(OLD))).toEqual({ written: 4, unchanged: 0, deleted: 0 });
    expect(read(out)).toEqual(OLD);
  });

  test('touches nothing when every file already holds its bytes', () => {
    writeTree(out, ['dev'], files(OLD));
    const io = crashingFs(Infinity);
    expect(writeTree(out, ['dev'], files(OLD), io)).toEqual({ written: 0, unchanged: 4, deleted: 0 });
    expect(io.count).toBe(0);
  });

  test('replaces a changed tree whole: changed, added and stale files, unchanged ones kept as links', () => {
    writeTree(out, ['dev'], files(OLD));
    const before = fs.statSync(path.join(out, 'dev/a/one.yaml')).ino;
    expect(writeTree(out, ['dev'], files(NEW))).toEqual({ written: 2, unchanged: 2, deleted: 1 });
    expect(read(out)).toEqual(NEW);
    expect(fs.statSync(path.join(out, 'dev/a/one.yaml')).ino).toBe(before);
    expect(fs.readdirSync(tmp).sort()).toEqual(['dist']);
  });

  test('leaves the folders it was not asked to write alone', () => {
    writeTree(out, ['dev', 'prod'], files({ ...OLD, 'prod/a/p.yaml': 'p: 1\n' }));
    writeTree(out, ['dev'], files(NEW));
    expect(read(path.join(out, 'prod'))).toEqual({ 'a/p.yaml': 'p: 1\n' });
  });

  test('a crash at any operation leaves the tree entirely old or entirely new, and the next write repairs it', () => {
    // how many operations a full replacement takes
    writeTree(out, ['dev'], files(OLD));
    const counter = crashingFs(Infinity);
    writeTree(out, ['dev'], files(NEW), counter);
    const total = counter.count;
    expect(total).toBeGreaterThan(8);
    for (let at = 1; at <= total; at++) {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(tmp);
      writeTree(out, ['dev'], files(OLD));
      expect(() => writeTree(out, ['dev'], files(NEW), crashingFs(at))).toThrow(Crash);
      const now = read(path.join(out, 'dev'));
      const aside = read(path.join(tmp, '.dist-dev.old'));
      const state =
        shown(now) === shown(under(OLD, 'dev'))
          ? 'old'
          : shown(now) === shown(under(NEW, 'dev'))
            ? 'new'
            : !fs.existsSync(path.join(out, 'dev')) && shown(aside) === shown(under(OLD, 'dev'))
              ? 'old, moved aside whole'
              : 'torn';
      if (state === 'torn') throw new Error(`torn at ${at}: ${JSON.stringify(now)} aside ${JSON.stringify(aside)} in ${fs.readdirSync(tmp).join(', ')}`);
      // the next run repairs first: the tree is whole again before anything else happens
      repairTree(out);
      expect([shown(under(OLD, 'dev')), shown(under(NEW, 'dev'))]).toContain(shown(read(path.join(out, 'dev'))));
      expect(fs.readdirSync(tmp)).toEqual(['dist']);
      writeTree(out, ['dev'], files(NEW));
      expect(read(out)).toEqual(NEW);
    }
  });
});
