/**
 * The namespaces a cluster needs (docs/platform.md#namespaces): the edge, monitoring and the
 * operators' on every cluster, and the MATIH planes, Kafka and the playground where MATIH
 * runs. Each enforces Pod Security `restricted`, denies all traffic by default and allows
 * DNS queries to CoreDNS; node-exporter's and, on a cluster with GPU pools, the NVIDIA device
 * plugin's enforce `privileged` for the one agent each holds, the reason annotated.
 */
import { IsolatedNamespace } from '../lib/network/isolated-namespace';
import { type ClusterContext, type PlatformChart, PROTECT_ANNOTATIONS } from './context';
import { gpuPools } from './operators/nvidia-device-plugin';
import { dnsPeer } from './peers';

/** The Kubernetes minor version whose Pod Security profile namespaces enforce. */
export function podSecurityVersion(ctx: ClusterContext): string {
  return `v${ctx.cluster.settings.kubernetesVersion}`;
}

/** The platform's namespaces on this cluster, each with the plane it serves. */
export function clusterNamespaces(ctx: ClusterContext): Array<[string, string]> {
  const ns = ctx.platform.namespaces;
  const ops = ctx.platform.operatorNamespaces;
  const out: Array<[string, string]> = [
    [ns.ingress, 'ingress'],
    [ns.monitoring, 'monitoring'],
    [ops.certManager, 'operator'],
    [ops.externalSecrets, 'operator'],
  ];
  if (ctx.runs('matih')) {
    out.push(
      [ns.controlPlane, 'control-plane'],
      [ns.dataPlane, 'data-plane'],
      [ns.frontend, 'frontend'],
      [ns.kafka, 'kafka'],
      [ns.playground, 'playground'],
      [ops.strimzi, 'operator'],
    );
    // the stack (docs/stack.md)
    out.push([ops.crossplane, 'operator'], [ops.kyverno, 'operator'], [ns.temporal, 'control-plane']);
    if (ctx.platform.stack.ray.enabled) out.push([ops.kuberay, 'operator'], [ns.ray, 'ai-compute']);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Why node-exporter's namespace enforces `privileged`: the prometheus-node-exporter chart
 * (4.56.1, kube-prometheus-stack 88.0.0) runs it with `hostNetwork: true`, `hostPID: true`
 * and hostPath volumes for the node's `/`, `/proc` and `/sys` (and host networking implies
 * hostPort 9100). Pod Security `baseline` forbids each of them, so `privileged` is the least
 * level it runs under. Nothing else is deployed there (charts/operators/prometheus.ts).
 */
export const NODE_EXPORTER_POD_SECURITY_REASON =
  'node-exporter needs hostNetwork, hostPID and hostPath mounts of /, /proc and /sys, which baseline forbids; nothing else runs here';

/**
 * Why the NVIDIA device plugin's namespace enforces `privileged`: the nvidia-device-plugin chart
 * (0.20.0) mounts the host paths `/var/lib/kubelet/device-plugins` (the kubelet's socket and
 * its own), `/run/nvidia/mps` and `/var/run/cdi`; its MPS control daemon DaemonSet, which runs
 * no pod here, is privileged with the host's PID namespace. Pod Security `baseline` forbids
 * host paths, so `privileged` is the least level it runs under. Nothing else is deployed there
 * (charts/operators/nvidia-device-plugin.ts), and its pods need no network: no DNS either.
 */
export const DEVICE_PLUGIN_POD_SECURITY_REASON =
  'the NVIDIA device plugin needs hostPath mounts of /var/lib/kubelet/device-plugins, /run/nvidia/mps and /var/run/cdi, which baseline forbids; nothing else runs here';

/** The `namespaces` folder of a cluster. */
export function addNamespaces(ctx: ClusterContext): PlatformChart {
  const chart = ctx.chart('namespaces');
  const labels = ctx.labels();
  const common = {
    dns: dnsPeer(ctx),
    podSecurityVersion: podSecurityVersion(ctx),
    // deleting a namespace deletes everything in it, volumes included
    annotations: PROTECT_ANNOTATIONS,
    policyLabels: labels,
  };
  for (const [name, plane] of clusterNamespaces(ctx)) {
    new IsolatedNamespace(chart, name, { ...common, name, labels: { ...labels, 'matih.ai/plane': plane } });
  }
  const nodeExporter = ctx.platform.monitoring.nodeExporterNamespace;
  new IsolatedNamespace(chart, nodeExporter, {
    ...common,
    name: nodeExporter,
    labels: { ...labels, 'matih.ai/plane': 'monitoring' },
    podSecurity: { level: 'privileged', reason: NODE_EXPORTER_POD_SECURITY_REASON },
  });
  if (gpuPools(ctx).length > 0) {
    const devicePlugin = ctx.platform.operatorNamespaces.nvidiaDevicePlugin;
    new IsolatedNamespace(chart, devicePlugin, {
      ...common,
      dns: 'none',
      name: devicePlugin,
      labels: { ...labels, 'matih.ai/plane': 'operator' },
      podSecurity: { level: 'privileged', reason: DEVICE_PLUGIN_POD_SECURITY_REASON },
    });
  }
  return chart;
}
