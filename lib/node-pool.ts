import type { Toleration } from '../imports/k8s';

/** The AKS label that names a node's agent pool. */
export const AKS_AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';

/** A node taint, as `kubectl taint` writes it: `key=value:effect`. */
export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** An AKS node pool a workload can be placed on. */
export interface NodePool {
  /** The pool's name, the value of `kubernetes.azure.com/agentpool`. */
  readonly name: string;
  /** The pool's taint; workloads placed on the pool tolerate it. @default none */
  readonly taint?: Taint;
}

/** The node selector and tolerations that place a pod on `pool` and nowhere else. */
export interface Placement {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations?: Toleration[];
}

/** Derives the placement for a node pool: a node selector on the pool label and the pool's toleration. */
export function placementFor(pool: NodePool): Placement {
  return {
    nodeSelector: { [AKS_AGENT_POOL_LABEL]: pool.name },
    tolerations: pool.taint ? [{ key: pool.taint.key, operator: 'Equal', value: pool.taint.value, effect: pool.taint.effect }] : undefined,
  };
}
