/**
 * `npm run graph [-- [folder]] [--env <name>] [--out <dir>] [--check]`
 *
 * Writes docs/graphs/<env>.md for every environment of the rendered manifests: per
 * cluster, the service dependencies (in-cluster URLs in env vars) and the NetworkPolicy
 * flow matrix, as Mermaid diagrams and a table. Files whose text did not change are not
 * touched; without --env, files of environments that are gone are removed.
 *
 * Exit code: 0 written (or current, with --check), 1 stale (--check) or error, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cachedParse } from '../manifests/cache';
import { parseManifests } from '../manifests/load';
import { compareGraphDocs, GRAPH_DOCS_DIR, renderGraphDocs, type GraphDoc } from '../graph/docs';
import { discoverClusters, type ClusterFolder } from '../manifests/layout';
import { parseCommandLine, PROCESS_OUTPUT, usageError, type Output } from './command-line';

const USAGE = `usage: npm run graph -- [folder] [--env <name>] [--out <dir>] [--check]

  folder          the rendered environments (default: dist); dist/<env>/<app> and dist/<env>/<cluster>/<app> both work
  --env <name>    one environment only (the other files are left alone)
  --out <dir>     where the Markdown files go (default: ${GRAPH_DOCS_DIR})
  --check         write nothing; exit 1 when a file differs from what would be written

exit code: 0 written or current, 1 stale (--check) or error, 2 usage error (or no environment in the folder)`;

const OPTIONS = {
  env: { type: 'string' },
  out: { type: 'string' },
  check: { type: 'boolean' },
} as const;

/** Renders the graphs; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const parsed = parseCommandLine('graph', argv, { usage: USAGE, options: OPTIONS, positionals: { max: 1 } }, out);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const root = parsed.positionals[0] ?? 'dist';
  const dir = v.out ?? GRAPH_DOCS_DIR;
  let clusters: ClusterFolder[];
  try {
    clusters = discoverClusters(root, v.env);
  } catch (e) {
    // a folder without environments or an unknown --env is a mistake in the command line
    return usageError('graph', e, USAGE, out);
  }
  const parse = cachedParse(parseManifests);
  let docs: GraphDoc[];
  try {
    docs = renderGraphDocs(clusters, parse);
  } catch (e) {
    out.stderr(`graph: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  parse.save();
  const all = v.env === undefined;
  if (v.check) {
    const problems = compareGraphDocs(dir, docs, all ? { wanted: docs.map((d) => d.path) } : {});
    if (problems.length === 0) {
      out.stdout(`graph: ${dir} is current (${docs.length} file${docs.length === 1 ? '' : 's'})\n`);
      return 0;
    }
    out.stderr(`graph: ${dir} is stale: run npm run graph\n${problems.join('\n')}\n`);
    return 1;
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const doc of docs) {
      const file = path.join(dir, doc.path);
      const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === doc.content;
      if (!same) fs.writeFileSync(file, doc.content);
      out.stdout(`${same ? 'unchanged' : 'wrote'} ${file}\n`);
    }
    if (all) {
      const wanted = new Set(docs.map((d) => d.path));
      for (const f of fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.md') && !wanted.has(f))
        .sort()) {
        fs.rmSync(path.join(dir, f));
        out.stdout(`removed ${path.join(dir, f)}\n`);
      }
    }
  } catch (e) {
    out.stderr(`graph: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return 0;
}
