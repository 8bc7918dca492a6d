/**
 * The node pool names as a runtime list, for validating configuration that names a pool.
 * Built from a `Record<PoolName, true>` so that the compiler fails here when `PoolName`
 * gains or loses a pool.
 */
import type { PoolName } from './types';

const POOLS: Readonly<Record<PoolName, true>> = {
  system: true, ctrlplane: true, dataplane: true, compute: true, aicompute: true, gpu: true, playground: true,
};

/** Every AKS node pool of the cluster (seed 000), in a fixed order. */
export const POOL_NAMES: readonly PoolName[] = Object.keys(POOLS) as PoolName[];
