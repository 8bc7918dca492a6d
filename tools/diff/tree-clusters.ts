import type { TreeResource } from './load';

/** The resources of one cluster of a rendered tree. */
export interface TreeCluster {
  readonly env: string;
  /** The cluster folder, or undefined when the environment folder is the one cluster. */
  readonly cluster?: string;
  /** `prod/matih-prod`, or `dev`. */
  readonly label: string;
  readonly resources: readonly TreeResource[];
}

/** Folders directly under an environment that hold hand-off files, not a cluster's manifests. */
const SKIPPED = new Set(['bootstrap']);

/**
 * Groups a tree's resources by cluster, in either layout (see tools/graph/dist-layout.ts):
 * `<env>/<cluster>/<app>/...`, or `<env>/<app>/...` where the environment is the cluster. An
 * environment with a manifest directly in a second-level folder (`<env>/<app>/x.yaml`) has the
 * one-cluster layout: a cluster folder never holds manifests itself.
 */
export function treeClusters(resources: readonly TreeResource[]): TreeCluster[] {
  const byEnv = new Map<string, TreeResource[]>();
  for (const r of resources) {
    const segments = r.file.split('/');
    if (segments.length < 3 || SKIPPED.has(segments[1])) continue;
    const list = byEnv.get(segments[0]) ?? [];
    list.push(r);
    byEnv.set(segments[0], list);
  }
  const out: TreeCluster[] = [];
  for (const [env, list] of [...byEnv].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (list.some((r) => r.file.split('/').length === 3)) {
      out.push({ env, label: env, resources: list });
      continue;
    }
    const byCluster = new Map<string, TreeResource[]>();
    for (const r of list) {
      const cluster = r.file.split('/')[1];
      const mine = byCluster.get(cluster) ?? [];
      mine.push(r);
      byCluster.set(cluster, mine);
    }
    for (const cluster of [...byCluster.keys()].sort()) out.push({ env, cluster, label: `${env}/${cluster}`, resources: byCluster.get(cluster)! });
  }
  return out;
}
