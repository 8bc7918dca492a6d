/**
 * `npm run diff [-- <git-ref>] [--markdown] [--markdown-out <prefix>] [--base-dir <dir>] [--head-dir <dir>]`
 *
 * Compares `dist/` as committed at `<git-ref>` (default: `git merge-base HEAD main`, or
 * `HEAD`) with a fresh synth (`node build/main.js --out <tmp>`), resource by resource, and
 * prints what a reviewer needs: counts, dangerous changes, and the fields that changed.
 * `--base-dir`/`--head-dir` compare folders instead of the git ref and the synth.
 *
 * Exit code: 0 no dangerous change, 2 dangerous change(s), 1 error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  defaultBaseRef, diffTrees, loadTree, parseTree, readGitTree, renderMarkdown, renderText,
  reportDangers, resolveCommit, synthesize, TreeResource,
} from '../diff';

/** What the command line asks for. */
interface DiffArgs {
  readonly ref?: string;
  readonly markdown: boolean;
  readonly markdownOut?: string;
  readonly baseDir?: string;
  readonly headDir?: string;
  readonly help: boolean;
}

const USAGE = `usage: npm run diff -- [<git-ref>] [--markdown] [--markdown-out <prefix>] [--base-dir <dir>] [--head-dir <dir>]

  <git-ref>               compare dist/ as committed at this ref (default: git merge-base HEAD main, else HEAD)
  --base-dir <dir>        compare this folder instead of dist/ at a git ref
  --head-dir <dir>        compare this folder instead of a fresh synth (node build/main.js --out <tmp>)
  --markdown              print a GitHub pull-request summary, in parts of at most 65,536 characters
                          separated by lines <!-- matih-diff part N/M -->
  --markdown-out <prefix> write the parts to <prefix>-1.md, <prefix>-2.md, ... instead

exit code: 0 no dangerous change, 2 dangerous change(s) found, 1 error`;

const VALUE_FLAGS = new Set(['--markdown-out', '--base-dir', '--head-dir']);

function parseArgs(argv: readonly string[]): DiffArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let markdown = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(flag)) {
      const value = flag !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      values.set(flag, value);
    } else if (arg === '--markdown') markdown = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else positional.push(arg);
  }
  if (positional.length > 1) throw new Error(`expected at most one git ref, got ${positional.join(', ')}\n${USAGE}`);
  if (positional.length === 1 && values.has('--base-dir')) {
    throw new Error(`give either a git ref (${positional[0]}) or --base-dir, not both`);
  }
  return {
    ref: positional[0],
    markdown: markdown || values.has('--markdown-out'),
    markdownOut: values.get('--markdown-out'),
    baseDir: values.get('--base-dir'),
    headDir: values.get('--head-dir'),
    help,
  };
}

function main(argv: readonly string[]): number {
  const temps: string[] = [];
  try {
    const args = parseArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const cwd = process.cwd();

    let base: TreeResource[];
    let baseLabel: string;
    if (args.baseDir !== undefined) {
      base = loadTree(args.baseDir);
      baseLabel = args.baseDir;
    } else {
      const { ref, description } = args.ref !== undefined ? { ref: args.ref, description: args.ref } : defaultBaseRef(cwd);
      const commit = resolveCommit(ref, cwd);
      base = parseTree(readGitTree(commit, 'dist', cwd));
      baseLabel = `dist/ at ${description} (${commit.slice(0, 12)})`;
    }

    let head: TreeResource[];
    let headLabel: string;
    if (args.headDir !== undefined) {
      head = loadTree(args.headDir);
      headLabel = args.headDir;
    } else {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-diff-'));
      temps.push(tmp);
      const out = path.join(tmp, 'dist');
      synthesize(out, cwd);
      head = loadTree(out);
      headLabel = 'a fresh synth';
    }

    const report = diffTrees(base, head);
    const context = `${baseLabel} → ${headLabel}`;
    if (args.markdown) {
      const parts = renderMarkdown(report, { context: `Compared ${context.replace(/[`*_<>[\]\\|]/g, (c) => `\\${c}`)}.` });
      if (args.markdownOut !== undefined) {
        parts.forEach((part, i) => {
          const file = `${args.markdownOut}-${i + 1}.md`;
          fs.writeFileSync(file, part);
          process.stdout.write(`${file}\n`);
        });
      } else {
        process.stdout.write(parts.map((part, i) => `<!-- matih-diff part ${i + 1}/${parts.length} -->\n${part}`).join('\n'));
      }
    } else {
      process.stdout.write(renderText(report, { context: `compared ${context}` }));
    }
    return reportDangers(report).length > 0 ? 2 : 0;
  } catch (error) {
    process.stderr.write(`matih-diff: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
