/**
 * Which node pools a pod may run on: the labels AKS puts on a pool's nodes (and the pool's
 * own labels from config), matched against the pod's node selector and required node
 * affinity, and the pool's taint against the pod's tolerations, as the scheduler does.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
import type { NodeSelectorRequirement, Placement, Toleration } from './model';

/** A node pool as placement sees it. */
export interface PoolNodes {
  readonly name: string;
  readonly vmSize: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taint?: { readonly key: string; readonly value: string; readonly effect: string };
}

/**
 * Labels every AKS node has whose value differs per node (zone, host name): a requirement on
 * them can be met on some node of any pool, so placement does not rule a pool out for them.
 */
const PER_NODE_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/zone',
  'topology.disk.csi.azure.com/zone',
]);

/** The labels AKS sets on every node of `pool` (besides per-node ones), with the pool's own labels. */
function nodeLabels(pool: PoolNodes): Record<string, string> {
  return {
    'kubernetes.azure.com/agentpool': pool.name,
    agentpool: pool.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': 'amd64',
    'node.kubernetes.io/instance-type': pool.vmSize,
    'beta.kubernetes.io/instance-type': pool.vmSize,
    ...pool.labels,
  };
}

/** Why a pod may not run on a pool, or undefined when it may. */
export function placementConflict(placement: Placement, pool: PoolNodes): string | undefined {
  const labels = nodeLabels(pool);
  for (const [key, value] of Object.entries(placement.nodeSelector)) {
    if (PER_NODE_LABELS.has(key)) continue;
    if (labels[key] !== value) return `nodeSelector ${key}=${value} (the pool's nodes have ${key in labels ? `${key}=${labels[key]}` : `no ${key}`})`;
  }
  if (placement.affinityTerms.length > 0 && !placement.affinityTerms.some((term) => term.every((r) => requirementHolds(r, labels)))) {
    return `required node affinity ${placement.affinityTerms.map((t) => t.map(formatRequirement).join(' and ')).join(' or ')}`;
  }
  const taint = pool.taint;
  if (taint && (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !placement.tolerations.some((t) => tolerates(t, taint))) {
    return `no toleration for the pool's taint ${taint.key}=${taint.value}:${taint.effect}`;
  }
  return undefined;
}

/** True when toleration `t` tolerates `taint` (an empty key with Exists tolerates everything). */
function tolerates(t: Toleration, taint: { readonly key: string; readonly value: string; readonly effect: string }): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === taint.value;
}

function requirementHolds(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  if (PER_NODE_LABELS.has(r.key)) return true;
  const has = Object.hasOwn(labels, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && Number(labels[r.key]) > Number(values[0]);
    case 'Lt':
      return has && Number(labels[r.key]) < Number(values[0]);
    default:
      return false;
  }
}

function formatRequirement(r: NodeSelectorRequirement): string {
  return r.values?.length ? `${r.key} ${r.operator} (${r.values.join(', ')})` : `${r.key} ${r.operator}`;
}
