/**
 * The namespaces a cluster needs (docs/platform.md#namespaces): the edge, monitoring and the
 * operators' on every cluster, and the MATIH planes, Kafka and the playground where MATIH
 * runs. Each enforces Pod Security `restricted`, denies all traffic by default and allows
 * DNS queries to CoreDNS.
 */
import { IsolatedNamespace } from '../lib/network/isolated-namespace';
import { ClusterContext, PlatformChart, PROTECT_ANNOTATIONS } from './context';
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
    [ns.ingress, 'ingress'], [ns.monitoring, 'monitoring'], [ops.certManager, 'operator'], [ops.externalSecrets, 'operator'],
  ];
  if (ctx.runs('matih')) {
    out.push([ns.controlPlane, 'control-plane'], [ns.dataPlane, 'data-plane'], [ns.frontend, 'frontend'], [ns.kafka, 'kafka'],
      [ns.playground, 'playground'], [ops.strimzi, 'operator']);
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
  return chart;
}
