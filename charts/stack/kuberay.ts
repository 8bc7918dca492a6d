/**
 * The KubeRay operator (chart 1.7.0) and the AI workloads' Ray cluster (docs/stack.md#kuberay),
 * on a MATIH cluster whose environment enables Ray. The operator watches only the Ray
 * namespace, with a Role there instead of cluster-wide RBAC.
 */
import { RayCluster } from '../../lib/ray/ray-cluster';
import type { ClusterContext } from '../context';
import type { HelmRelease } from '../operators/release';
import { systemPool, WAVE_OPERATORS } from '../operators/placement';
import { apiServerPeer, prometheusPeer } from '../peers';
import { addKeyVaultSecret } from '../secret-stores';

/** The operator's pods (release `kuberay-operator`) and its metrics port (`http`). */
export const KUBERAY_OPERATOR = { podLabels: { 'app.kubernetes.io/name': 'kuberay-operator' }, metricsPort: 8080 } as const;
/** The AI workloads' Ray cluster. */
export const AI_RAY_CLUSTER = 'ai-ray';

/** Values of the kuberay-operator chart that the platform sets. */
export interface KubeRayOperatorValues {
  readonly nodeSelector: Record<string, string>;
  readonly singleNamespaceInstall: boolean;
  readonly watchNamespace: readonly string[];
  /** Helm merges maps with the chart's defaults: a limit left out keeps the chart's. */
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
  readonly metrics: { readonly serviceMonitor: { readonly enabled: boolean } };
}

export function kuberayRelease(ctx: ClusterContext): HelmRelease {
  const ray = ctx.platform.namespaces.ray;
  const values: KubeRayOperatorValues = {
    // default {}
    nodeSelector: systemPool(ctx),
    // default false (a ClusterRole over pods, secrets and RBAC in every namespace): a Role in the Ray namespace only
    singleNamespaceInstall: true,
    // default unset (the release's own namespace once singleNamespaceInstall is set)
    watchNamespace: [ray],
    // default limits cpu 100m, memory 512Mi and no requests (requests then equal the limits, CPU
    // throttled at 100m). Helm merges these with the defaults, so a CPU limit left out stays
    // 100m, and a null (which would remove it) does not survive the Application's valuesObject:
    // a limit the operator does not reach replaces it
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    // default false: Prometheus scrapes the operator on its `http` port (8080)
    metrics: { serviceMonitor: { enabled: true } },
  };
  return {
    name: 'kuberay-operator',
    chart: ctx.platform.operatorCharts.kuberay,
    releaseName: 'kuberay-operator',
    namespace: ctx.platform.operatorNamespaces.kuberay,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
    // its Role and RoleBinding in the namespace it watches
    extraNamespaces: [ray],
  };
}

/**
 * The `ray` folder: the AI workloads' Ray cluster from `stack.ray`, its head on the head's
 * pool, GPU workers autoscaled on the GPU pool; scraped by Prometheus.
 */
export function addAiRayCluster(ctx: ClusterContext): RayCluster {
  const s = ctx.platform.stack.ray;
  const ns = ctx.platform.namespaces.ray;
  const chart = ctx.chart('ray', ns);
  const image = (tag: string) => `${ctx.terraform.acrLoginServer}/${s.image.repository}:${tag}`;
  const w = s.gpuWorkers;
  const cluster = new RayCluster(chart, 'RayCluster', {
    name: AI_RAY_CLUSTER,
    namespace: ns,
    rayVersion: s.rayVersion,
    head: { image: image(s.image.tag), nodePool: ctx.pool(s.head.pool, 'the Ray head'), resources: s.head.resources },
    workerGroups: [
      {
        groupName: 'gpu',
        image: image(s.image.gpuTag),
        nodePool: ctx.pool(w.pool, 'the Ray GPU workers'),
        resources: { ...w.resources, extended: { 'nvidia.com/gpu': String(w.gpusPerWorker) } },
        minReplicas: w.minReplicas,
        maxReplicas: w.maxReplicas,
      },
    ],
    idleTimeoutSeconds: s.idleTimeoutSeconds,
    apiServer: apiServerPeer(ctx),
    labels: ctx.labels(),
    imagePullSecrets: ctx.platform.registry.pullSecrets,
  });
  cluster.scrapedBy(prometheusPeer(ctx));
  for (const secret of ctx.platform.registry.pullSecrets) addKeyVaultSecret(ctx, chart, { name: secret, namespace: ns, keys: [], imagePull: true });
  return cluster;
}
