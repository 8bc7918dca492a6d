/**
 * Gathers what `planCluster` needs for each cluster of an environment: the pools from the
 * configuration, the pods from the rendered manifests (dist/<env>/<cluster>/), the charts
 * the environment's Argo CD Applications install on the cluster, Argo CD itself on the
 * management cluster, and AKS's add-ons.
 */
import type { Environment } from '../../config';
import { ARGO_CD_CHART, argoCdChartValues } from '../../charts/argocd/argo-cd-values';
import type { ClusterFolder, ParseManifests } from '../manifests/layout';
import { loadCluster } from '../manifests/layout';
import type { ManifestDocument } from '../manifests/load';
import type { PodGroup } from './model';
import { aksPodGroups, chartPodGroups, chartReleases } from './operators';
import { planCluster, type ClusterCapacity, type ClusterInput, type PoolSpec } from './plan';
import { gatewayProxyGroups } from './gateway-proxies';
import { operatorCreatedPodGroups } from './stack-workloads';
import { manifestPodGroups } from './workloads';

/** The node pools of a cluster as configured, in configuration order. */
export type ClusterPools = Readonly<Record<string, { readonly kubernetesVersion: string; readonly pools: readonly PoolSpec[] }>>;

/** The pools of every cluster of `env`, and which cluster runs Argo CD. */
export function configuredPools(env: Environment): { readonly clusters: ClusterPools; readonly managementCluster: string } {
  const clusters: Record<string, { kubernetesVersion: string; pools: PoolSpec[] }> = {};
  for (const c of env.clusters) {
    clusters[c.name] = {
      kubernetesVersion: c.settings.kubernetesVersion,
      pools: Object.entries(c.settings.pools).map(([name, p]) => ({
        name,
        vmSize: p.vmSize,
        minNodes: p.minNodes,
        maxNodes: p.maxNodes,
        maxPods: p.maxPods,
        taint: p.taint,
        labels: p.labels,
      })),
    };
  }
  return { clusters, managementCluster: env.platform.gitops.managementCluster };
}

/**
 * The inputs of each configured cluster of one environment. `docs` holds every rendered
 * object of the environment by cluster folder name (Applications for a cluster may sit in
 * another cluster's folder); a configured cluster without a folder is planned without its
 * manifests and says so.
 */
export function clusterInputs(env: string, config: ReturnType<typeof configuredPools>, docs: ReadonlyMap<string, readonly ManifestDocument[]>): ClusterInput[] {
  const everything = [...docs.values()].flat();
  return Object.entries(config.clusters).map(([cluster, c]) => {
    const warnings: string[] = [];
    const own = docs.get(cluster);
    if (!own) warnings.push(`the rendered ${env} has no folder ${cluster}/: only its operators and AKS add-ons are counted (run npm run synth)`);
    const releases = chartReleases(everything, cluster);
    if (cluster === config.managementCluster) {
      releases.push({
        chart: ARGO_CD_CHART.chart,
        version: ARGO_CD_CHART.version,
        values: argoCdChartValues(),
        name: 'Argo CD (installed by bootstrap)',
        file: 'charts/argocd/argo-cd-values.ts',
      });
    }
    const groups: PodGroup[] = [...manifestPodGroups(own ?? []), ...gatewayProxyGroups(own ?? []), ...operatorCreatedPodGroups(own ?? []), ...aksPodGroups()];
    for (const release of releases) {
      const { groups: g, warning } = chartPodGroups(release);
      groups.push(...g);
      if (warning) warnings.push(warning);
    }
    return { env, cluster, kubernetesVersion: c.kubernetesVersion, pools: c.pools, groups, warnings };
  });
}

/** Plans every configured cluster of `env` from its rendered objects by cluster folder name. */
export function planClusters(env: Environment, docs: ReadonlyMap<string, readonly ManifestDocument[]>): ClusterCapacity[] {
  return clusterInputs(env.name, configuredPools(env), docs).map(planCluster);
}

/** Plans every configured cluster of `env`, reading its cluster folders from dist/. */
export function planEnvironment(env: Environment, folders: readonly ClusterFolder[], parse?: ParseManifests): ClusterCapacity[] {
  return planClusters(
    env,
    new Map(folders.filter((f) => f.env === env.name && f.cluster !== undefined).map((f) => [f.cluster as string, loadCluster(f, parse)])),
  );
}
