/**
 * Will it fit: each pod group of a cluster placed on the pools its node selector, affinity
 * and tolerations allow, against what a node of each pool offers once AKS's reservations and
 * the DaemonSets on it are taken off (its GPUs only where a device plugin DaemonSet runs). Per pool: requests at minimum and maximum replicas
 * against the pool at minimum and maximum nodes, and the nodes a first-fit-decreasing
 * packing of the pods needs (what the cluster autoscaler would have to add).
 */
import { add, formatResources, NO_RESOURCES, RESOURCE_NAMES, shortfall, subtract, times, type ObjectRef, type PodGroup, type Resources } from './model';
import { placementConflict, type PoolNodes } from './placement';
import { nodeReservation, type NodeReservation } from './reservations';
import { vmSize, type VmSize } from './vm-sizes';
import { compareVersions } from '../deprecations/versions';
import { RESERVATIONS_SINCE } from './reservations';

/** A node pool as the configuration sizes it. */
export interface PoolSpec extends PoolNodes {
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly maxPods: number;
}

/** What to plan: one cluster's pools and every pod group that may run on it. */
export interface ClusterInput {
  readonly env: string;
  readonly cluster: string;
  readonly kubernetesVersion: string;
  /** In configuration order: a pod several pools admit is planned on the first. */
  readonly pools: readonly PoolSpec[];
  readonly groups: readonly PodGroup[];
  /** Problems found while gathering the groups (an unknown chart). */
  readonly warnings?: readonly string[];
}

/** `error`s fail `npm run capacity` and `npm run validate`; `warning`s are printed. */
export interface CapacityFinding {
  readonly severity: 'error' | 'warning';
  readonly rule: string;
  /** The file to blame: a manifest, or the configuration. */
  readonly file: string;
  /** `prod/matih-prod` or `prod/matih-prod/dataplane`. */
  readonly where: string;
  /** The pod group, when one is to blame, and the object that declares it. */
  readonly subject?: string;
  readonly object?: ObjectRef;
  readonly message: string;
}

/** One pool's figures. */
export interface PoolCapacity {
  readonly pool: PoolSpec;
  readonly size: VmSize;
  readonly reservation: NodeReservation;
  /** DaemonSets on every node of the pool, and what they take from each. */
  readonly daemonSets: readonly PodGroup[];
  readonly perNode: Resources;
  /** What a node offers to other pods: allocatable minus the DaemonSets. */
  readonly free: Resources;
  readonly workloads: readonly PodGroup[];
  readonly quotas: readonly PodGroup[];
  /** Sum of the workloads' requests at their minimum and maximum replicas. */
  readonly requestsMin: Resources;
  readonly requestsMax: Resources;
  /** Sum of the quotas' request limits (pods not counted: a quota's pod count is a cap, not a size). */
  readonly quotaRequests: Resources;
  /** Nodes the packed pods need (at least minNodes). */
  readonly nodesAtMinReplicas: number;
  readonly nodesAtMaxReplicas: number;
  /** Nodes needed at max replicas with every quota used in full. */
  readonly nodesWithQuotas: number;
}

/** One cluster's plan. */
export interface ClusterCapacity {
  readonly env: string;
  readonly cluster: string;
  readonly kubernetesVersion: string;
  readonly pools: readonly PoolCapacity[];
  readonly findings: readonly CapacityFinding[];
}

/** Plans one cluster. */
export function planCluster(input: ClusterInput): ClusterCapacity {
  const where = `${input.env}/${input.cluster}`;
  const findings: CapacityFinding[] = (input.warnings ?? []).map((message) => ({
    severity: 'warning',
    rule: 'capacity/not-counted',
    file: 'tools/capacity/operator-table.ts',
    where,
    message,
  }));
  const configFile = `config/${input.env}.ts`;
  if (compareVersions(input.kubernetesVersion, RESERVATIONS_SINCE) < 0) {
    findings.push({
      severity: 'error',
      rule: 'capacity/kubernetes-version',
      file: configFile,
      where,
      message: `AKS reserves differently before Kubernetes ${RESERVATIONS_SINCE} (got ${input.kubernetesVersion}); only ${RESERVATIONS_SINCE}+ is modelled`,
    });
  }
  const sized: Array<{ pool: PoolSpec; size: VmSize; reservation: NodeReservation }> = [];
  for (const pool of input.pools) {
    try {
      const size = vmSize(pool.vmSize, `${configFile}: clusters.${input.cluster}.pools.${pool.name}`);
      sized.push({ pool, size, reservation: nodeReservation(size, pool.maxPods) });
    } catch (e) {
      findings.push({ severity: 'error', rule: 'capacity/vm-size', file: configFile, where: `${where}/${pool.name}`, message: (e as Error).message });
    }
  }
  const byPool = new Map(sized.map((s) => [s.pool.name, { daemonSets: [] as PodGroup[], workloads: [] as PodGroup[], quotas: [] as PodGroup[] }]));
  for (const group of input.groups) {
    const admitting = sized.filter((s) => placementConflict(group.placement, s.pool) === undefined);
    if (group.mode === 'per-node') {
      for (const s of admitting) byPool.get(s.pool.name)!.daemonSets.push(group);
      continue;
    }
    if (admitting.length === 0) {
      if (sized.length === input.pools.length) {
        const why = sized.map((s) => `${s.pool.name}: ${placementConflict(group.placement, s.pool)}`).join('; ');
        findings.push({
          severity: 'error',
          rule: 'capacity/no-pool',
          file: group.file,
          where,
          ...blame(group),
          message: `no node pool admits its pods (${why})`,
        });
      }
      continue;
    }
    const home = byPool.get(admitting[0].pool.name)!;
    (group.mode === 'quota' ? home.quotas : home.workloads).push(group);
  }
  const pools = sized.map((s) => poolCapacity(s, byPool.get(s.pool.name)!, { where, configFile }, findings));
  return { env: input.env, cluster: input.cluster, kubernetesVersion: input.kubernetesVersion, pools, findings };
}

function poolCapacity(
  s: { pool: PoolSpec; size: VmSize; reservation: NodeReservation },
  placed: { daemonSets: PodGroup[]; workloads: PodGroup[]; quotas: PodGroup[] },
  cluster: { readonly where: string; readonly configFile: string },
  findings: CapacityFinding[],
): PoolCapacity {
  const where = `${cluster.where}/${s.pool.name}`;
  const file = cluster.configFile;
  const perNode = placed.daemonSets.reduce((sum, g) => add(sum, g.requests), NO_RESOURCES);
  // a node's GPUs are allocatable only once a device plugin registers them with the kubelet
  const advertised = placed.daemonSets.some((g) => g.advertisesGpus === true);
  const free = subtract(advertised ? s.reservation.allocatable : { ...s.reservation.allocatable, gpu: 0 }, perNode);
  if (s.size.gpus > 0 && !advertised) {
    findings.push({
      severity: 'warning',
      rule: 'capacity/gpus-not-advertised',
      file,
      where,
      message: `its ${s.pool.vmSize} nodes have ${s.size.gpus} GPU each, but no device plugin DaemonSet runs on them: they advertise no nvidia.com/gpu, and pods that request it stay Pending`,
    });
  }
  const nodeText = `a ${s.pool.vmSize} node of pool ${s.pool.name} offers ${formatResources(free, true)} after AKS's reservations and ${placed.daemonSets.length} DaemonSets`;
  if (shortfall(perNode, s.reservation.allocatable).length > 0) {
    findings.push({
      severity: 'error',
      rule: 'capacity/daemonsets',
      file,
      where,
      message: `the DaemonSets alone (${formatResources(perNode, true)}) do not fit ${s.pool.vmSize}'s allocatable ${formatResources(s.reservation.allocatable, true)}`,
    });
  }
  const fitting: PodGroup[] = [];
  for (const g of placed.workloads) {
    const short = shortfall(g.requests, free);
    if (short.length === 0 || g.maxReplicas === 0) fitting.push(g);
    else
      findings.push({
        severity: 'error',
        rule: 'capacity/pod-too-big',
        file: g.file,
        where,
        ...blame(g),
        message: `a pod requests ${formatResources(g.requests)}, more ${short.join(' and ')} than ${nodeText}`,
      });
  }
  const requestsAt = (which: 'minReplicas' | 'maxReplicas') => placed.workloads.reduce((sum, g) => add(sum, times(g.requests, g[which])), NO_RESOURCES);
  const quotaRequests = placed.quotas.reduce((sum, g) => add(sum, { ...g.requests, pods: 0 }), NO_RESOURCES);
  const packMin = pack(
    fitting.flatMap((g) => Array<Resources>(g.minReplicas).fill(g.requests)),
    free,
  );
  const packMax = pack(
    fitting.flatMap((g) => Array<Resources>(g.maxReplicas).fill(g.requests)),
    free,
  );
  const nodesAtMaxReplicas = Math.max(s.pool.minNodes, packMax.nodes);
  // the quotas fill the room the packed pods leave (on the minimum nodes too), then whole new nodes
  const left = add(packMax.left, times(free, nodesAtMaxReplicas - packMax.nodes));
  const nodesWithQuotas = nodesAtMaxReplicas + extraNodes(subtract(quotaRequests, left), free);
  const result: PoolCapacity = {
    ...s,
    daemonSets: placed.daemonSets,
    perNode,
    free,
    workloads: placed.workloads,
    quotas: placed.quotas,
    requestsMin: requestsAt('minReplicas'),
    requestsMax: requestsAt('maxReplicas'),
    quotaRequests,
    nodesAtMinReplicas: Math.max(s.pool.minNodes, packMin.nodes),
    nodesAtMaxReplicas,
    nodesWithQuotas,
  };
  if (nodesAtMaxReplicas > s.pool.maxNodes) {
    findings.push({
      severity: 'error',
      rule: 'capacity/pool-full',
      file,
      where,
      message: `at maximum replicas its pods (${formatResources(result.requestsMax, true)}) need ${nodesAtMaxReplicas} ${s.pool.vmSize} nodes, but the pool has at most ${s.pool.maxNodes}`,
    });
  } else if (nodesWithQuotas > s.pool.maxNodes) {
    findings.push({
      severity: 'warning',
      rule: 'capacity/quota-overcommit',
      file,
      where,
      message: `with the tenant quotas used in full (${formatResources(quotaRequests)}) it would need ${Number.isFinite(nodesWithQuotas) ? nodesWithQuotas : 'more'} nodes, but the pool has at most ${s.pool.maxNodes}: the quotas promise more than the pool holds`,
    });
  }
  return result;
}

function blame(g: PodGroup): { subject: string; object?: ObjectRef } {
  return g.object ? { subject: g.name, object: g.object } : { subject: g.name };
}

/**
 * First-fit decreasing: each pod (largest first, by its largest share of a node) on the first
 * node with room for it, a new node when none has. Returns the nodes used and the room left
 * on each and in all. A pod larger than an empty node overfills the node it opens: callers
 * leave such pods out (they are `capacity/pod-too-big`).
 */
export function pack(pods: readonly Resources[], free: Resources): { readonly nodes: number; readonly rooms: readonly Resources[]; readonly left: Resources } {
  const share = (r: Resources) => Math.max(...RESOURCE_NAMES.map((k) => (free[k] > 0 ? r[k] / free[k] : r[k] > 0 ? Infinity : 0)));
  const sorted = [...pods].sort((a, b) => share(b) - share(a));
  const nodes: Resources[] = [];
  for (const pod of sorted) {
    const node = nodes.findIndex((room) => shortfall(pod, room).length === 0);
    if (node >= 0) nodes[node] = subtract(nodes[node], pod);
    else nodes.push(subtract(free, pod));
  }
  return { nodes: nodes.length, rooms: nodes, left: nodes.reduce(add, NO_RESOURCES) };
}

/** Whole nodes of `free` needed for `need` (each resource at most 0 counts as nothing), spread over as many as it takes. */
function extraNodes(need: Resources, free: Resources): number {
  let n = 0;
  for (const r of RESOURCE_NAMES) {
    if (r === 'pods' || need[r] <= 0) continue;
    n = Math.max(n, free[r] > 0 ? Math.ceil(need[r] / free[r]) : Infinity);
  }
  return n;
}

/** The largest share of `capacity` that `requests` take over CPU, memory and GPUs (pods too when counted): 0.91 for 91 %. */
export function utilisation(requests: Resources, capacity: Resources, withPods = true): { readonly share: number; readonly resource: string } {
  let best = { share: 0, resource: 'cpu' };
  for (const r of RESOURCE_NAMES) {
    if (r === 'pods' && !withPods) continue;
    const share = capacity[r] > 0 ? requests[r] / capacity[r] : requests[r] > 0 ? Infinity : 0;
    if (share > best.share) best = { share, resource: r };
  }
  return best;
}
