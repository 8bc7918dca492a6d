/** kube-prometheus-stack (chart 88.0.0, Prometheus Operator v0.93): Prometheus for every ServiceMonitor of the cluster. */
import type { ClusterContext } from '../context';
import { systemPool, WAVE_MONITORING } from './placement';
import type { HelmRelease } from './release';

/** Values of kube-prometheus-stack that the platform sets. */
export interface KubePrometheusStackValues {
  readonly prometheus: {
    readonly prometheusSpec: {
      /** select every ServiceMonitor, not only the chart's own */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly retention: string;
      readonly nodeSelector: Record<string, string>;
    };
  };
  /** node-exporter needs hostNetwork and hostPID, which `restricted` forbids; AKS node metrics come from Azure Monitor */
  readonly nodeExporter: { readonly enabled: boolean };
  /** AKS runs these control-plane components out of reach; their Services would land in kube-system */
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly coreDns: { readonly enabled: boolean };
  readonly prometheusOperator: { readonly nodeSelector: Record<string, string> };
}

/** Labels the Prometheus Operator puts on every Prometheus pod. */
export const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus' } as const;

export function prometheusRelease(ctx: ClusterContext): HelmRelease {
  const system = systemPool(ctx);
  const values: KubePrometheusStackValues = {
    prometheus: {
      prometheusSpec: {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        retention: ctx.env.name === 'prod' ? '30d' : '7d',
        nodeSelector: system,
      },
    },
    nodeExporter: { enabled: false },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    coreDns: { enabled: false },
    prometheusOperator: { nodeSelector: system },
  };
  const ns = ctx.platform.namespaces.monitoring;
  return { name: 'kube-prometheus-stack', chart: ctx.platform.operatorCharts.kubePrometheusStack, releaseName: 'kube-prometheus-stack', namespace: ns, values, wave: WAVE_MONITORING, project: 'operators' };
}
