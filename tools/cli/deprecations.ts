/**
 * `npm run deprecations [-- [folder]] [--env <name>] [--kubernetes-version <1.x>] [--markdown]`
 *
 * Lists every rendered object whose apiVersion is deprecated or removed in the cluster's
 * Kubernetes version or the next three AKS minors, or in the pinned operators' CRDs, with
 * its replacement (table: tools/deprecations/table.ts; operators: imports/crds/).
 *
 * Exit code: 0 nothing, 3 deprecated or scheduled only, 4 removed in a version of the
 * window (or not served by a pinned operator), 1 error, 2 usage error.
 */
import { deprecationExitCode, DEFAULT_KUBERNETES_VERSION, DEFAULT_MINORS_AHEAD, findDeprecations } from '../deprecations/check';
import { readCrdVersions, VENDORED_CRDS } from '../deprecations/crds';
import { renderDeprecationsMarkdown, renderDeprecationsText, type ClusterFindings } from '../deprecations/report';
import { kubernetesMinor } from '../deprecations/versions';
import { cachedParse } from '../manifests/cache';
import { parseManifests } from '../manifests/load';
import { discoverClusters, loadCluster, type ClusterFolder } from '../manifests/layout';
import { parseCommandLine, PROCESS_OUTPUT, usageError, type Output } from './command-line';

const USAGE = `usage: npm run deprecations -- [folder] [--env <name>] [--kubernetes-version <1.x>] [--markdown] [--crds <dir>]

  folder                        the rendered environments (default: dist); dist/<env>/<app> and dist/<env>/<cluster>/<app> both work
  --env <name>                  one environment only
  --kubernetes-version <1.x>    the clusters' Kubernetes version (default: ${DEFAULT_KUBERNETES_VERSION}); the next ${DEFAULT_MINORS_AHEAD} minors are checked too
  --markdown                    print a Markdown section for a pull-request comment
  --crds <dir>                  the pinned operators' CRDs (default: imports/crds)

exit code: 0 nothing deprecated, 3 deprecated (or removal scheduled after the window) only,
4 removed in a version of the window or not served by a pinned operator, 1 error,
2 usage error (or no environment in the folder)`;

const OPTIONS = {
  env: { type: 'string' },
  'kubernetes-version': { type: 'string' },
  markdown: { type: 'boolean' },
  crds: { type: 'string' },
} as const;

/** Checks the environments; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const parsed = parseCommandLine('deprecations', argv, { usage: USAGE, options: OPTIONS, positionals: { max: 1 } }, out);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  let kubernetesVersion: string;
  try {
    kubernetesVersion = kubernetesMinor(v['kubernetes-version'] ?? DEFAULT_KUBERNETES_VERSION);
  } catch (e) {
    return usageError('deprecations', e, USAGE, out);
  }
  const root = parsed.positionals[0] ?? 'dist';
  let clusters: ClusterFolder[];
  try {
    clusters = discoverClusters(root, v.env);
  } catch (e) {
    // a folder without environments or an unknown --env is a mistake in the command line
    return usageError('deprecations', e, USAGE, out);
  }
  // one parse cache for the whole run, saved once: the CRDs alone are megabytes of YAML
  const parse = cachedParse(parseManifests);
  try {
    const crds = readCrdVersions(v.crds ?? VENDORED_CRDS, parse);
    const results: ClusterFindings[] = clusters.map((c) => ({
      label: c.label,
      kubernetesVersion,
      findings: findDeprecations(loadCluster(c, parse), { kubernetesVersion, minorsAhead: DEFAULT_MINORS_AHEAD, crds }),
    }));
    parse.save();
    const context = { minorsAhead: DEFAULT_MINORS_AHEAD };
    out.stdout(v.markdown ? renderDeprecationsMarkdown(results, context) : renderDeprecationsText(results, context));
    return deprecationExitCode(results.flatMap((r) => r.findings));
  } catch (e) {
    out.stderr(`deprecations: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
