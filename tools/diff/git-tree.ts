import { isManifestFile } from '../manifests/load';
import { spawnSync } from 'child_process';
import { type TreeFile } from './load';

function git(args: readonly string[], cwd: string, input?: string): { ok: boolean; stdout: Buffer; stderr: string } {
  const result = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (result.error !== undefined) throw new Error(`cannot run git: ${result.error.message}`);
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr.toString('utf8').trim() };
}

/**
 * The commit a pull request is reviewed against: `git merge-base HEAD main`, or `HEAD`
 * when there is no `main` (a fresh clone of a fork, a detached CI checkout).
 */
export function defaultBaseRef(cwd: string): { readonly ref: string; readonly description: string } {
  const mergeBase = git(['merge-base', 'HEAD', 'main'], cwd);
  if (mergeBase.ok) return { ref: mergeBase.stdout.toString('utf8').trim(), description: 'the merge base of HEAD and main' };
  return { ref: 'HEAD', description: 'HEAD (no merge base with main)' };
}

/**
 * The full commit id of `ref`.
 * @throws Error when `ref` names no commit.
 */
export function resolveCommit(ref: string, cwd: string): string {
  if (ref.startsWith('-')) throw new Error(`"${ref}" is not a git ref`);
  const result = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  if (!result.ok) throw new Error(`unknown git ref "${ref}": no commit by that name in ${cwd}${result.stderr === '' ? '' : ` (${result.stderr})`}`);
  return result.stdout.toString('utf8').trim();
}

/**
 * The manifest files of the folder `dir` (relative to `cwd`) as committed at `commit`, read
 * with `git ls-tree` and `git cat-file` so neither the working tree nor the index is
 * touched. A commit without that folder gives no files (everything will show as added).
 */
export function readGitTree(commit: string, dir: string, cwd: string): TreeFile[] {
  const prefix = git(['rev-parse', '--show-prefix'], cwd);
  if (!prefix.ok) throw new Error(`${cwd} is not inside a git repository: ${prefix.stderr}`);
  const treePath = `${prefix.stdout.toString('utf8').trim()}${dir}`.replace(/\/+$/, '');
  const type = git(['cat-file', '-t', `${commit}:${treePath}`], cwd);
  if (!type.ok) return [];
  if (type.stdout.toString('utf8').trim() !== 'tree') throw new Error(`${treePath} at ${commit} is not a folder`);

  const listing = git(['ls-tree', '-r', '-z', `${commit}:${treePath}`], cwd);
  if (!listing.ok) throw new Error(`git ls-tree ${commit}:${treePath} failed: ${listing.stderr}`);
  const entries = listing.stdout
    .toString('utf8')
    .split('\0')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, kind, oid] = line.slice(0, tab).split(' ');
      return { mode, kind, oid, path: line.slice(tab + 1) };
    })
    .filter((e) => e.kind === 'blob' && e.mode !== '120000' && isManifestFile(e.path));
  if (entries.length === 0) return [];

  const batch = git(['cat-file', '--batch'], cwd, entries.map((e) => e.oid).join('\n') + '\n');
  if (!batch.ok) throw new Error(`git cat-file failed: ${batch.stderr}`);
  const out = batch.stdout;
  const files: TreeFile[] = [];
  let offset = 0;
  for (const entry of entries) {
    const newline = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, newline).toString('utf8').split(' ');
    if (header[0] !== entry.oid || header[1] !== 'blob') throw new Error(`git cat-file: unexpected answer "${header.join(' ')}" for ${entry.path}`);
    const size = Number(header[2]);
    files.push({ path: entry.path, content: out.subarray(newline + 1, newline + 1 + size).toString('utf8') });
    offset = newline + 1 + size + 1;
  }
  return files;
}
