/**
 * Prometheus scraping of the edge. Neither the controller's Service nor the proxies' pods are
 * rendered here (the chart and Envoy Gateway create them), and the proxies' Services expose only
 * listener ports, so both are scraped through PodMonitors, which kube-prometheus-stack selects
 * cluster-wide (`podMonitorSelectorNilUsesHelmValues: false`).
 *
 * PodMonitor is written as a small typed ApiObject: only these two use it, and the validator
 * checks it against the vendored CRD (imports/crds/prometheus-operator).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ClusterContext } from '../context';
import { EDGE_PROXY_LABELS, edgeControllerPeer } from '../peers';

/** The fields of a `monitoring.coreos.com/v1` PodMonitor the platform sets. */
interface PodMonitorSpec {
  readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly podMetricsEndpoints: ReadonlyArray<{ readonly port: string; readonly path: string }>;
}

function podMonitor(scope: Construct, ctx: ClusterContext, name: string, spec: PodMonitorSpec): ApiObject {
  return new ApiObject(scope, `podmonitor-${name}`, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name, namespace: ctx.platform.namespaces.ingress, labels: ctx.labels() },
    spec,
  });
}

/** The controller on its `metrics` port (19001, `/metrics`); every proxy on its `metrics` container port (19001, `/stats/prometheus`). */
export function addEdgeMonitors(scope: Construct, ctx: ClusterContext): void {
  podMonitor(scope, ctx, 'envoy-gateway', {
    selector: { matchLabels: { ...edgeControllerPeer(ctx).podLabels } },
    podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }],
  });
  podMonitor(scope, ctx, 'envoy-proxies', {
    selector: { matchLabels: { ...EDGE_PROXY_LABELS } },
    podMetricsEndpoints: [{ port: 'metrics', path: '/stats/prometheus' }],
  });
}
