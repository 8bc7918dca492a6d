/**
 * kube-prometheus-stack (chart 88.0.0, Prometheus Operator v0.93, Prometheus v3.13):
 * Prometheus with every ServiceMonitor, PodMonitor and PrometheusRule of the cluster, on a
 * persistent volume sized from its retention; kube-state-metrics; node-exporter in a
 * namespace of its own. Grafana is a release of its own (./grafana.ts).
 */
import type { ClusterContext } from '../context';
import { systemPool, WAVE_MONITORING } from './placement';
import { prometheusStorage } from './prometheus-storage';
import type { HelmRelease } from './release';

/** A Prometheus Operator relabeling. */
interface Relabeling {
  readonly sourceLabels: readonly string[];
  readonly targetLabel: string;
  readonly action: 'replace';
}

/** Values of kube-prometheus-stack that the platform sets (each replaces the chart default named beside it). */
export interface KubePrometheusStackValues {
  readonly prometheus: {
    readonly prometheusSpec: {
      /** default true (only monitors labelled `release: kube-prometheus-stack`): select every ServiceMonitor */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      /** default true: select every PodMonitor */
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      /** default true: select every PrometheusRule (the platform's carry no `release` label) */
      readonly ruleSelectorNilUsesHelmValues: boolean;
      /** default 10d */
      readonly retention: string;
      /** default "" (no size limit): old blocks go before the volume fills */
      readonly retentionSize: string;
      /** default "" (Prometheus' 30s): stated, since the volume is sized from it */
      readonly scrapeInterval: string;
      /** default {} (the operator's emptyDir, lost on every restart) */
      readonly storageSpec: {
        readonly volumeClaimTemplate: {
          readonly spec: {
            readonly storageClassName: string;
            readonly accessModes: readonly ['ReadWriteOnce'];
            readonly resources: { readonly requests: { readonly storage: string } };
          };
        };
      };
      readonly nodeSelector: Record<string, string>;
    };
  };
  /** default enabled (kept): node metrics for the node-pool alerts */
  readonly nodeExporter: { readonly enabled: boolean };
  readonly 'prometheus-node-exporter': {
    /** default "" (the release namespace, `restricted`): its own `privileged` namespace */
    readonly namespaceOverride: string;
    /** default no relabeling: the node's name as `node`, to join kube_node_labels (node pool) */
    readonly prometheus: { readonly monitor: { readonly relabelings: readonly Relabeling[] } };
  };
  /** default no label metrics: the nodes' pool label on kube_node_labels */
  readonly 'kube-state-metrics': { readonly metricLabelsAllowlist: readonly string[] };
  /** default the bundled Grafana: off, Grafana needs Key Vault (./grafana.ts); its data source and dashboards still ship */
  readonly grafana: { readonly enabled: false; readonly forceDeployDatasources: true; readonly forceDeployDashboards: true };
  /** default none disabled: the chart's alerts that the platform's own rules replace with configurable thresholds */
  readonly defaultRules: { readonly disabled: Readonly<Record<string, true>> };
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
/** The Helm release; its fullname prefixes the chart's objects (`kube-prometheus-stack-prometheus`, ...). */
const KUBE_PROMETHEUS_STACK = 'kube-prometheus-stack';
/** node-exporter's port on every node (host network). */
export const NODE_EXPORTER_PORT = 9100;
/** The chart alerts that `monitoring.alerts` replaces: KubePodCrashLooping by crashLooping, KubeHpaMaxedOut by hpaMaxed. */
const REPLACED_DEFAULT_ALERTS = ['KubeHpaMaxedOut', 'KubePodCrashLooping'] as const;

export function prometheusRelease(ctx: ClusterContext): HelmRelease {
  const system = systemPool(ctx);
  const m = ctx.platform.monitoring;
  const storage = prometheusStorage(m.prometheus, m.alerts.pvcUsage.percent);
  const values: KubePrometheusStackValues = {
    prometheus: {
      prometheusSpec: {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        retention: storage.retention,
        retentionSize: storage.retentionSize,
        scrapeInterval: `${m.prometheus.scrapeIntervalSeconds}s`,
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: ctx.platform.storageClassName,
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: `${storage.volumeGiB}Gi` } },
            },
          },
        },
        nodeSelector: system,
      },
    },
    nodeExporter: { enabled: true },
    'prometheus-node-exporter': {
      namespaceOverride: m.nodeExporterNamespace,
      prometheus: { monitor: { relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' }] } },
    },
    'kube-state-metrics': { metricLabelsAllowlist: ['nodes=[kubernetes.azure.com/agentpool]'] },
    grafana: { enabled: false, forceDeployDatasources: true, forceDeployDashboards: true },
    defaultRules: { disabled: Object.fromEntries(REPLACED_DEFAULT_ALERTS.map((a) => [a, true as const])) },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    coreDns: { enabled: false },
    prometheusOperator: { nodeSelector: system },
  };
  const ns = ctx.platform.namespaces.monitoring;
  return {
    name: KUBE_PROMETHEUS_STACK,
    chart: ctx.platform.operatorCharts.kubePrometheusStack,
    releaseName: KUBE_PROMETHEUS_STACK,
    namespace: ns,
    values,
    wave: WAVE_MONITORING,
    project: 'operators',
    // the node-exporter DaemonSet, its Service, ServiceAccount and ServiceMonitor
    extraNamespaces: [m.nodeExporterNamespace],
  };
}
