/**
 * The node pools of the platform's two kinds of cluster, as Terraform creates them
 * (docs/platform.md#node-pools): the MATIH cluster's seven pools, and the AI platform's own
 * cluster with a System and an App pool. Environments size them in their own files.
 */
import type { PoolSettings } from './schema/clusters';

type Pool = Omit<PoolSettings, 'maxPods'> & { readonly maxPods?: number };

/** Every pool spans the region's three availability zones (docs/platform.md#known-deviations-cluster-and-node-pools, C3). */
const ZONES = ['1', '2', '3'] as const;

/** The MATIH cluster: a pool per workload class, each but `system` tainted. */
export function matihPools(sizes: Partial<Readonly<Record<MatihPool, Partial<Pool>>>> = {}): Record<MatihPool, Pool> {
  const zones = [...ZONES];
  const pools: Record<MatihPool, Pool> = {
    system: { vmSize: 'Standard_D4s_v3', minNodes: 3, maxNodes: 3, zones },
    ctrlplane: { vmSize: 'Standard_D4s_v3', minNodes: 2, maxNodes: 5, zones, taint: { key: 'matih.ai/control-plane', value: 'true', effect: 'NoSchedule' } },
    dataplane: { vmSize: 'Standard_D8s_v3', minNodes: 2, maxNodes: 10, zones, taint: { key: 'matih.ai/data-plane', value: 'true', effect: 'NoSchedule' } },
    compute: { vmSize: 'Standard_E16s_v3', minNodes: 2, maxNodes: 10, zones, taint: { key: 'matih.ai/compute', value: 'true', effect: 'NoSchedule' } },
    aicompute: { vmSize: 'Standard_D8s_v3', minNodes: 1, maxNodes: 8, zones, taint: { key: 'matih.ai/ai-compute', value: 'true', effect: 'NoSchedule' } },
    // NC6s_v3 (V100), the size first planned, was retired on 2025-09-30: a T4 size of the same class
    gpu: { vmSize: 'Standard_NC4as_T4_v3', minNodes: 0, maxNodes: 4, zones, taint: { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' } },
    // the playground taint's domain is matih.io, as the cluster's Terraform writes it
    playground: { vmSize: 'Standard_D2s_v3', minNodes: 1, maxNodes: 3, zones, taint: { key: 'matih.io/playground', value: 'true', effect: 'NoSchedule' } },
  };
  for (const [name, size] of Object.entries(sizes) as Array<[MatihPool, Partial<Pool>]>) pools[name] = { ...pools[name], ...size };
  return pools;
}

export type MatihPool = 'system' | 'ctrlplane' | 'dataplane' | 'compute' | 'aicompute' | 'gpu' | 'playground';

/** The AI platform's own cluster: a System pool for Kubernetes and the operators, an App pool for its services. */
export function aiPlatformPools(): Record<'system' | 'app', Pool> {
  return {
    system: { vmSize: 'Standard_D2s_v5', minNodes: 2, maxNodes: 4, zones: [...ZONES] },
    app: { vmSize: 'Standard_D4s_v5', minNodes: 1, maxNodes: 6, zones: [...ZONES] },
  };
}
