/**
 * What Argo CD needs to know of each folder of dist/: its cluster, its sync wave, the
 * namespace its Application defaults to, whether it holds custom resources, and the
 * namespaces and cluster-scoped kinds its objects touch (for the projects).
 */
import { ApiObject } from 'cdk8s';
import { MAX_ROLLOUT_GROUP } from '../../config';
import type { ClusterContext, PlatformChart } from '../context';
import { EDGE_FOLDER } from '../edge/edge';
import { WAVE_MONITORING, WAVE_OPERATORS } from '../operators/placement';
import { WAVE_TENANTS } from '../tenants';

/** Sync waves, in order: namespaces (and the edge's CRDs), monitoring (the ServiceMonitor CRD), the other operators, shared infrastructure (and the edge), services, tenants. */
export const WAVES = { namespaces: 0, monitoring: WAVE_MONITORING, operators: WAVE_OPERATORS, infrastructure: 3, services: 4, tenants: WAVE_TENANTS } as const;
/** Each rollout group of clusters syncs after the previous one: its waves are offset by this much per group. */
export const ROLLOUT_GROUP_WAVES = 10;
/** The root Application's own wave: after every wave of every rollout group (at most {@link MAX_ROLLOUT_GROUP}). */
export const ROOT_WAVE = (MAX_ROLLOUT_GROUP + 1) * ROLLOUT_GROUP_WAVES;

const CORE_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'networking.k8s.io', 'rbac.authorization.k8s.io']);

/** A folder of one cluster, as its Application sees it. */
export interface Folder {
  readonly ctx: ClusterContext;
  readonly name: string;
  readonly wave: number;
  /** The namespace the Application's destination names. */
  readonly namespace: string;
  /** Whether it renders a kind from an operator's CRD. */
  readonly custom: boolean;
  /** The namespaces of its namespaced objects. */
  readonly namespaces: ReadonlySet<string>;
  /** Its cluster-scoped kinds, `group/kind`. */
  readonly clusterKinds: ReadonlyMap<string, { readonly group: string; readonly kind: string }>;
}

/** The wave of a folder, before its cluster's rollout offset. */
export function folderWave(folder: string): number {
  if (folder === 'namespaces') return WAVES.namespaces;
  if (['kafka', 'cluster-issuers', 'secret-stores', EDGE_FOLDER].includes(folder)) return WAVES.infrastructure;
  if (folder.startsWith('tenant-')) return WAVES.tenants;
  return WAVES.services;
}

/** The wave of a folder or release on its cluster: its own wave, after the earlier rollout groups. */
export function clusterWave(ctx: ClusterContext, wave: number): number {
  return ctx.cluster.settings.rolloutGroup * ROLLOUT_GROUP_WAVES + wave;
}

/** Describes a chart's folder from its rendered objects. */
export function describeFolder(chart: PlatformChart): Folder {
  const namespaces = new Set<string>();
  const clusterKinds = new Map<string, { group: string; kind: string }>();
  let custom = false;
  let first: string | undefined;
  for (const c of chart.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const group = c.apiGroup === 'core' ? '' : c.apiGroup;
    if (!CORE_GROUPS.has(group)) custom = true;
    const ns = c.metadata.namespace;
    if (ns) {
      namespaces.add(ns);
      if (first === undefined || ns < first) first = ns;
    } else {
      clusterKinds.set(`${group}/${c.kind}`, { group, kind: c.kind });
    }
  }
  return {
    ctx: chart.ctx,
    name: chart.name,
    wave: clusterWave(chart.ctx, folderWave(chart.name)),
    namespace: chart.homeNamespace ?? first ?? clusterFolderNamespace(chart),
    custom,
    namespaces,
    clusterKinds,
  };
}

/** The namespace a folder of only cluster-scoped objects deploys "into": the operator that serves them. */
function clusterFolderNamespace(chart: PlatformChart): string {
  const ops = chart.platform.operatorNamespaces;
  const byFolder: Record<string, string> = { 'cluster-issuers': ops.certManager, 'secret-stores': ops.externalSecrets };
  const ns = byFolder[chart.name];
  if (!ns)
    throw new Error(`folder "${chart.name}" holds only cluster-scoped objects: name the namespace its Application defaults to in charts/argocd/folders.ts`);
  return ns;
}
