/**
 * The NVIDIA device plugin (chart nvidia-device-plugin 0.20.0, image
 * `nvcr.io/nvidia/k8s-device-plugin:v0.20.0`), a DaemonSet on the GPU pools' nodes that
 * registers their GPUs with the kubelet, which then advertises `nvidia.com/gpu`. AKS installs
 * the NVIDIA driver on its GPU node images but not the plugin ("Use GPUs on AKS"); its
 * managed GPU node pools, which would, are a preview that needs Kubernetes 1.34. Without it,
 * every pod that requests `nvidia.com/gpu` (llm-inference, the Ray GPU workers) stays Pending.
 *
 * Every value below was read against the chart at v0.20.0
 * (`deployments/helm/nvidia-device-plugin/values.yaml` and `templates/`); what is not set keeps
 * the chart's default: priority class `system-node-critical`; the container's security context
 * (no privilege escalation, every capability dropped, while no MIG strategy and no volume-mounts
 * device list need SYS_ADMIN); no GPU feature discovery and no Node Feature Discovery subchart
 * (`gfd.enabled` false, `nfd.enabled` unset); no plugin ConfigMap, so no config-manager
 * sidecar, the one container that would call the API server; and an MPS control daemon
 * DaemonSet that selects only nodes labelled `nvidia.com/mps.capable=true`, which GPU feature
 * discovery alone sets, so it runs no pod. The plugin talks to the kubelet over the unix socket
 * in the host path `/var/lib/kubelet/device-plugins` and needs no network.
 */
import { AKS_AGENT_POOL_LABEL, type NodePool } from '../../lib/node-pool';
import type { ClusterContext } from '../context';
import { WAVE_OPERATORS } from './placement';
import type { HelmRelease } from './release';

/** The extended resource the plugin advertises, and the key of the taint that reserves a pool for pods requesting it. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** A toleration as the chart's `tolerations` takes it. */
interface Toleration {
  readonly key: string;
  readonly operator: 'Equal';
  readonly value: string;
  readonly effect: string;
}

/** Values of the nvidia-device-plugin chart that the platform sets. */
export interface NvidiaDevicePluginValues {
  /**
   * default: a required node affinity on Node Feature Discovery's labels (an NVIDIA PCI device,
   * an NVIDIA CPU vendor) or `nvidia.com/gpu.present=true`, none of which an AKS node carries
   * without NFD, so the plugin would run nowhere: the GPU pools' nodes, by their agent pool
   */
  readonly affinity: {
    readonly nodeAffinity: {
      readonly requiredDuringSchedulingIgnoredDuringExecution: {
        readonly nodeSelectorTerms: ReadonlyArray<{
          readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: 'In'; readonly values: readonly string[] }>;
        }>;
      };
    };
  };
  /** default `CriticalAddonsOnly` and `nvidia.com/gpu` (Exists, NoSchedule): exactly the GPU pools' taints, no other pool's */
  readonly tolerations: readonly Toleration[];
  /** default {}: requests and a memory limit like every pod (the chart gives the same to the MPS control daemon, which runs nowhere here) */
  readonly resources: { readonly requests: { readonly cpu: string; readonly memory: string }; readonly limits: { readonly memory: string } };
}

/**
 * The cluster's GPU pools: those whose taint reserves them for pods that request
 * `nvidia.com/gpu` (the taint's key is the resource's name, as Kubernetes' ExtendedResourceToleration
 * and the chart's default toleration have it), in name order. test/charts/nvidia-device-plugin.test.ts
 * checks that they are exactly the pools whose VM size has GPUs (tools/capacity/vm-sizes.ts).
 */
export function gpuPools(ctx: ClusterContext): NodePool[] {
  return Object.keys(ctx.cluster.settings.pools)
    .sort()
    .map((name) => ctx.pool(name, 'the NVIDIA device plugin'))
    .filter((pool) => pool.taint?.key === GPU_RESOURCE);
}

/** The plugin's release on a cluster with GPU pools, in a namespace of its own; undefined without any. */
export function nvidiaDevicePluginRelease(ctx: ClusterContext): HelmRelease | undefined {
  const pools = gpuPools(ctx);
  if (pools.length === 0) return undefined;
  // each GPU pool has a taint (gpuPools); pools tainted alike need one toleration
  const tolerations = new Map<string, Toleration>();
  for (const { taint } of pools) {
    if (taint) tolerations.set(`${taint.key}=${taint.value}:${taint.effect}`, { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect });
  }
  const values: NvidiaDevicePluginValues = {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: AKS_AGENT_POOL_LABEL, operator: 'In', values: pools.map((p) => p.name) }] }],
        },
      },
    },
    tolerations: [...tolerations.values()],
    resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
  };
  return {
    name: 'nvidia-device-plugin',
    chart: ctx.platform.operatorCharts.nvidiaDevicePlugin,
    releaseName: 'nvidia-device-plugin',
    namespace: ctx.platform.operatorNamespaces.nvidiaDevicePlugin,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
  };
}
