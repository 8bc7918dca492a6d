/**
 * The repository stands alone: nothing at build, synth, test or validate time reads a
 * path outside it (a user's clone has no sibling folders), and everything it reads from
 * upstream is vendored with its sources (imports/SOURCES.md).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../files';

/** The workshop's sibling folder of upstream sources, written in parts so that this file does not name it. */
const SIBLING = ['..', 'shared'].join('/');

/** Tracked files that are code, tests, scripts or tool configuration. */
function sourceFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  return tracked.filter(
    (f) =>
      !f.startsWith('dist/') &&
      !/^imports\/[^/]+\.ts$/.test(f) &&
      f !== 'package-lock.json' &&
      (/\.(ts|js|cjs|mjs|json|ya?ml|sh)$/.test(f) || f.startsWith('.ci/')) &&
      fs.existsSync(path.join(ROOT, f)),
  );
}

/**
 * Where a file's relative paths lead. Finds import specifiers and string literals that
 * start with `./` or `../`, and `path.join`/`path.resolve` calls on `__dirname` or the
 * repository root, and resolves each from the file's folder.
 */
export function escapingPaths(file: string, text: string): string[] {
  const dir = path.dirname(path.join(ROOT, file));
  const out: string[] = [];
  const leaves = (target: string) => path.relative(ROOT, target).startsWith('..');
  for (const m of text.matchAll(/(['"`])((?:\.\.?\/)[^'"`\s]*)\1/g)) {
    if (leaves(path.resolve(dir, m[2]))) out.push(m[2]);
  }
  // path.join(__dirname, '..', '..') and path.join(ROOT, '..', 'x')
  for (const m of text.matchAll(/path\.(?:join|resolve)\(\s*(__dirname|ROOT|REPO_ROOT|root)\s*,([^)]*)\)/g)) {
    const parts = [...m[2].matchAll(/(['"])([^'"]*)\1/g)].map((p) => p[2]);
    const base = m[1] === '__dirname' ? dir : ROOT;
    if (leaves(path.resolve(base, ...parts))) out.push(m[0]);
  }
  if (new RegExp(`${SIBLING.replace(/\./g, '\\.')}\\b`).test(text)) out.push(SIBLING);
  return [...new Set(out)];
}

describe('the repository stands alone', () => {
  test('no code, test, script or configuration reaches a path outside the repository', () => {
    // this file holds examples of escaping paths for the check's own test
    const self = path.relative(ROOT, __filename);
    const found = sourceFiles()
      .filter((f) => f !== self)
      .flatMap((f) => escapingPaths(f, fs.readFileSync(path.join(ROOT, f), 'utf8')).map((p) => `${f}: ${p}`));
    expect(found).toEqual([]);
  });

  test('the check itself catches the ways a path leaves the repository', () => {
    expect(escapingPaths('test/x.test.ts', `readFileSync('../${SIBLING}/crds/a.yaml')`)).toEqual([`../${SIBLING}/crds/a.yaml`, SIBLING]);
    expect(escapingPaths('tools/cli/x.ts', "path.join(__dirname, '..', '..', '..', 'schemas')")).toHaveLength(1);
    expect(escapingPaths('tools/cli/x.ts', "path.join(REPO_ROOT, '..', 'shared')")).toEqual(["path.join(REPO_ROOT, '..', 'shared')"]);
    expect(escapingPaths('cdk8s.yaml', `  - a:=${SIBLING}/crds/a.yaml`)).toEqual([SIBLING]);
    expect(escapingPaths('tools/cli/x.ts', "import { a } from '../validate';\npath.join(__dirname, '..')")).toEqual([]);
  });

  test('cdk8s.yaml imports only vendored CRDs', () => {
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
    const sources = [...config.matchAll(/^\s*-\s*[\w-]+:=(\S+)$/gm)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toMatch(/^imports\/crds\//);
      expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
    }
  });
});
