/**
 * `npm run validate` on the rendered environments: which cluster folders are clusters of the
 * configuration (`<env>/<cluster>/`, with their Kubernetes version), and the capacity plan's
 * errors as validator problems.
 */
import * as path from 'path';
import { ENVIRONMENTS, isEnvironment, loadConfig, type Environment, type ReadFile } from '../../config';
import type { ManifestDocument } from '../manifests/load';
import type { Problem } from '../validate/problem';
import { clusterInputs, configuredPools } from './environment';
import { planCluster } from './plan';

/** A folder of rendered manifests that is a cluster of the configuration. */
export interface ConfiguredCluster {
  readonly dir: string;
  readonly env: Environment;
  readonly cluster: string;
  readonly kubernetesVersion: string;
}

/** The folders of `dirs` named `<env>/<cluster>` for a configured cluster (others are not matched). */
export function configuredClusters(dirs: readonly string[], readFile: ReadFile): ConfiguredCluster[] {
  const named = dirs
    .map((dir) => ({ dir, env: path.basename(path.dirname(path.resolve(dir))), cluster: path.basename(dir) }))
    .filter((d) => isEnvironment(d.env));
  if (named.length === 0) return [];
  const envs = loadConfig(
    ENVIRONMENTS.filter((e) => named.some((d) => d.env === e)),
    readFile,
  );
  return named.flatMap((d) => {
    const env = envs.find((e) => e.name === d.env);
    const cluster = env?.clusters.find((c) => c.name === d.cluster);
    return env && cluster ? [{ dir: d.dir, env, cluster: d.cluster, kubernetesVersion: cluster.settings.kubernetesVersion }] : [];
  });
}

/**
 * The capacity errors of every configured cluster among `clusters` (an environment's
 * clusters are planned together: one renders the others' Argo CD Applications).
 */
export function capacityProblems(clusters: ReadonlyArray<ConfiguredCluster & { readonly objects: readonly ManifestDocument[] }>): Problem[] {
  const problems: Problem[] = [];
  for (const env of new Set(clusters.map((c) => c.env))) {
    const mine = clusters.filter((c) => c.env === env);
    const docs = new Map(mine.map((c) => [c.cluster, c.objects]));
    for (const input of clusterInputs(env.name, configuredPools(env), docs)) {
      if (!docs.has(input.cluster)) continue;
      for (const f of planCluster(input).findings) {
        if (f.severity !== 'error') continue;
        // a pool's problem is named after the pool, as the configuration names it
        const object = f.object ?? { kind: 'NodePool', namespace: '', name: f.where };
        problems.push({
          file: f.file,
          ...object,
          rule: f.rule,
          message: f.subject && !f.subject.startsWith(`${object.kind} `) ? `${f.subject}: ${f.message}` : f.message,
        });
      }
    }
  }
  return problems;
}
