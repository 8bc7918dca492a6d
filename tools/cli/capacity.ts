/**
 * `npm run capacity [-- [folder]] [--env <name>]... [--markdown]`
 *
 * Will the rendered environments fit their node pools: per cluster and pool, what a node
 * offers after AKS's reservations and the DaemonSets, the requests at minimum and maximum
 * replicas against the pool at minimum and maximum nodes, the nodes they need, headroom and
 * GPUs (tools/capacity/). Pools come from the configuration, pods from the folder (dist/).
 *
 * Exit code: 0 everything fits, 1 a pod fits no node of its pool or a pool at maximum
 * nodes cannot hold its pods at maximum replicas, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, isEnvironment, loadConfig, type EnvironmentName } from '../../config';
import { planEnvironment } from '../capacity/environment';
import type { ClusterCapacity } from '../capacity/plan';
import { renderCapacityMarkdown, renderCapacityText } from '../capacity/report';
import { discoverClusters } from '../manifests/layout';
import { cachedParse } from '../manifests/cache';
import { parseManifests } from '../manifests/load';
import { REPO_ROOT } from '../repo';
import { parseCommandLine, PROCESS_OUTPUT, UsageError, usageError, type Output } from './command-line';

const USAGE = `usage: npm run capacity -- [folder] [--env <${ENVIRONMENTS.join('|')}>]... [--markdown]

  folder          the rendered environments (default: dist)
  --env <name>    only this environment (repeat for several; default: all)
  --markdown      print Markdown for a pull-request comment

exit code: 0 everything fits, 1 a pod fits no node of its pool or a pool at its maximum
nodes cannot hold its pods at maximum replicas, 2 usage error`;

const OPTIONS = { env: { type: 'string', multiple: true }, markdown: { type: 'boolean' } } as const;

/** Plans the environments; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const parsed = parseCommandLine('capacity', argv, { usage: USAGE, options: OPTIONS, positionals: { max: 1 } }, out);
  if (typeof parsed === 'number') return parsed;
  const root = parsed.positionals[0] ?? 'dist';
  let envs: EnvironmentName[];
  try {
    envs = (parsed.values.env ?? []).map((e) => {
      if (!isEnvironment(e)) throw new UsageError(`unknown environment "${e}": must be one of ${ENVIRONMENTS.join(', ')}`);
      return e;
    });
    if (!fs.existsSync(root)) throw new UsageError(`${root}: no such folder (run npm run synth first?)`);
  } catch (e) {
    return usageError('capacity', e, USAGE, out);
  }
  const started = performance.now();
  const clusters = capacityOf(root, envs.length ? envs : [...ENVIRONMENTS]);
  out.stdout(parsed.values.markdown ? renderCapacityMarkdown(clusters) : renderCapacityText(clusters));
  if (!parsed.values.markdown) out.stdout(`(${Math.round(performance.now() - started)} ms)\n`);
  return clusters.some((c) => c.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** The plans of `envs` from the repository's configuration and the folder `root` (dist/). */
export function capacityOf(root: string, envs: readonly EnvironmentName[]): ClusterCapacity[] {
  const readFile = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
  const parse = cachedParse(parseManifests);
  const present = new Set(fs.readdirSync(root));
  const result = loadConfig(envs, readFile).flatMap((env) => planEnvironment(env, present.has(env.name) ? discoverClusters(root, env.name) : [], parse));
  parse.save();
  return result;
}
