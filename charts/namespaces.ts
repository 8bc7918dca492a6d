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

/** The `namespaces` folder of a cluster. */
export function addNamespaces(ctx: ClusterContext): PlatformChart {
  const chart = ctx.chart('namespaces');
  const labels = ctx.labels();
  for (const [name, plane] of clusterNamespaces(ctx)) {
    new IsolatedNamespace(chart, name, {
      name,
      dns: dnsPeer(ctx),
      podSecurityVersion: podSecurityVersion(ctx),
      labels: { ...labels, 'matih.ai/plane': plane },
      // deleting a namespace deletes everything in it, volumes included
      annotations: PROTECT_ANNOTATIONS,
      policyLabels: labels,
    });
  }
  return chart;
}
