/**
 * `npm run diff [-- <git-ref>] [--markdown] [--markdown-out <prefix>] [--base-dir <dir>] [--head-dir <dir>]`
 *
 * Compares `dist/` as committed at `<git-ref>` (default: `git merge-base HEAD main`, or
 * `HEAD`) with a fresh synth (`node build/main.js --out <tmp>`), resource by resource, and
 * prints what a reviewer needs: counts, dangerous changes, the capacity change (each pool's
 * share at maximum replicas, sized by the base's and the head's configuration), the
 * NetworkPolicy flows added and removed, and the fields that changed.
 * `--base-dir`/`--head-dir` compare folders instead of the git ref and the synth.
 *
 * Exit code: 0 no dangerous change, 3 dangerous change(s) (a new capacity error counts), 1 error, 2 usage error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  defaultBaseRef,
  diffTrees,
  loadTree,
  parseTree,
  readGitTree,
  renderMarkdown,
  renderText,
  reportDangers,
  resolveCommit,
  synthesize,
  type TreeResource,
} from '../diff';
import { reviewSections } from '../diff/review-sections';
import { cachedParse } from '../manifests/cache';
import { parseManifests } from '../manifests/load';
import { parseCommandLine, PROCESS_OUTPUT, usageError, type Output } from './command-line';

const USAGE = `usage: npm run diff -- [<git-ref>] [--markdown] [--markdown-out <prefix>] [--base-dir <dir>] [--head-dir <dir>]

  <git-ref>               compare dist/ as committed at this ref (default: git merge-base HEAD main, else HEAD)
  --base-dir <dir>        compare this folder instead of dist/ at a git ref
  --head-dir <dir>        compare this folder instead of a fresh synth (npm run synth -- --out <tmp>)
  --markdown              print a GitHub pull-request summary, in parts of at most 65,536 characters
                          separated by lines <!-- matih-diff part N/M -->
  --markdown-out <prefix> write the parts to <prefix>-1.md, <prefix>-2.md, ... instead

exit code: 0 no dangerous change, 3 dangerous change(s) found (or a pool that no longer holds its pods), 1 error, 2 usage error`;

const OPTIONS = {
  markdown: { type: 'boolean' },
  'markdown-out': { type: 'string' },
  'base-dir': { type: 'string' },
  'head-dir': { type: 'string' },
} as const;

/** Compares the two trees; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const parsed = parseCommandLine('diff', argv, { usage: USAGE, options: OPTIONS, positionals: { max: 1 } }, out);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  if (parsed.positionals.length === 1 && v['base-dir'] !== undefined) {
    return usageError('diff', `give either a git ref (${parsed.positionals[0]}) or --base-dir, not both`, USAGE, out);
  }
  const args = {
    ref: parsed.positionals[0],
    markdown: (v.markdown ?? false) || v['markdown-out'] !== undefined,
    markdownOut: v['markdown-out'],
    baseDir: v['base-dir'],
    headDir: v['head-dir'],
  };
  const temps: string[] = [];
  // both trees are mostly the same files: parse each text once, from the manifest cache
  const parse = cachedParse(parseManifests);
  try {
    const cwd = process.cwd();

    let base: TreeResource[];
    let baseLabel: string;
    let baseCommit: string | undefined;
    if (args.baseDir !== undefined) {
      base = loadTree(args.baseDir, parse);
      baseLabel = args.baseDir;
    } else {
      const { ref, description } = args.ref !== undefined ? { ref: args.ref, description: args.ref } : defaultBaseRef(cwd);
      const commit = resolveCommit(ref, cwd);
      baseCommit = commit;
      const files = readGitTree(commit, 'dist', cwd);
      if (files.length === 0)
        throw new Error(`dist/ at ${description} (${commit.slice(0, 12)}) holds no manifests: nothing to compare with (use --base-dir for another folder)`);
      base = parseTree(files, parse);
      baseLabel = `dist/ at ${description} (${commit.slice(0, 12)})`;
    }

    let head: TreeResource[];
    let headLabel: string;
    if (args.headDir !== undefined) {
      head = loadTree(args.headDir, parse);
      headLabel = args.headDir;
    } else {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-diff-'));
      temps.push(tmp);
      const out = path.join(tmp, 'dist');
      synthesize(out, cwd);
      head = loadTree(out, parse);
      headLabel = 'a fresh synth';
    }

    parse.save();
    const report = diffTrees(base, head);
    const context = `${baseLabel} → ${headLabel}`;
    const extra = reviewSections(base, head, { cwd, ...(baseCommit === undefined ? {} : { baseCommit }) });
    if (args.markdown) {
      const parts = renderMarkdown(report, { context: `Compared ${context.replace(/[`*_<>[\]\\|]/g, (c) => `\\${c}`)}.`, sections: extra.blocks });
      if (args.markdownOut !== undefined) {
        parts.forEach((part, i) => {
          const file = `${args.markdownOut}-${i + 1}.md`;
          fs.writeFileSync(file, part);
          out.stdout(`${file}\n`);
        });
      } else {
        out.stdout(parts.map((part, i) => `<!-- matih-diff part ${i + 1}/${parts.length} -->\n${part}`).join('\n'));
      }
    } else {
      out.stdout(renderText(report, { context: `compared ${context}` }) + extra.text);
    }
    return reportDangers(report).length > 0 || extra.newCapacityErrors > 0 ? 3 : 0;
  } catch (error) {
    out.stderr(`matih-diff: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  }
}
