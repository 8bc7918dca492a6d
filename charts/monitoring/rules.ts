/**
 * The platform's alerts as PrometheusRules (docs/monitoring.md#alerts): docs/platform.md#monitoring's (pod
 * restarts, CrashLoopBackOff, node pool CPU and memory) and what the on-call engineer of
 * this stack needs (Kafka replication, certificate expiry, Key Vault sync, volumes,
 * autoscalers at their limit, Argo CD, the Maia runner, Prometheus outgrowing its volume).
 * Every threshold, duration and severity comes from `monitoring.alerts` of the environment.
 * Each expression names only metrics of the table in tools/monitoring/metrics.ts, which a
 * test checks against what the cluster's targets expose.
 */
import type { AlertName, MonitoringSettings } from '../../config';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheus-prometheusrules-monitoring.coreos.com';
import type { ClusterContext, PlatformChart } from '../context';

/** The node label kube-state-metrics exports the AKS pool in (its `metricLabelsAllowlist`). */
const POOL_LABEL = 'label_kubernetes_azure_com_agentpool';

/** One alert: its rule group, where it applies, its expression from the environment's settings, and what it tells. */
export interface AlertDefinition {
  /** The key of its settings under `monitoring.alerts`. */
  readonly key: AlertName;
  /** The alert's name, also its runbook's heading in docs/monitoring.md. */
  readonly alert: string;
  readonly group: 'kubernetes' | 'nodes' | 'certificates' | 'secrets' | 'kafka' | 'argocd' | 'maia-runner' | 'prometheus';
  /** Whether the cluster has what the alert watches. @default every cluster */
  readonly on?: (ctx: ClusterContext) => boolean;
  readonly expr: (a: MonitoringSettings['alerts'], m: MonitoringSettings) => string;
  readonly summary: string;
  readonly description: string;
}

const ksm = 'job="kube-state-metrics"';
// the operators' and Argo CD's metrics carry a `namespace` of their own; scraped without
// honorLabels, Prometheus keeps it as `exported_namespace` (the target's namespace wins)
const byPool = (expr: string) => `100 * avg by (${POOL_LABEL}) ((${expr}) * on (node) group_left (${POOL_LABEL}) kube_node_labels{${ksm}})`;

/** Every alert of the platform. */
export const ALERTS: readonly AlertDefinition[] = [
  {
    key: 'podRestarts',
    alert: 'PodRestarting',
    group: 'kubernetes',
    expr: (a) => `increase(kube_pod_container_status_restarts_total{${ksm}}[${a.podRestarts.window}]) > ${a.podRestarts.restarts}`,
    summary: 'A container restarts again and again',
    description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} restarted {{ $value | humanize }} times recently.',
  },
  {
    key: 'crashLooping',
    alert: 'PodCrashLooping',
    group: 'kubernetes',
    expr: () => `max_over_time(kube_pod_container_status_waiting_reason{${ksm}, reason="CrashLoopBackOff"}[5m]) >= 1`,
    summary: 'A container is in CrashLoopBackOff',
    description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} is waiting in CrashLoopBackOff.',
  },
  {
    key: 'pvcUsage',
    alert: 'PersistentVolumeFillingUp',
    group: 'kubernetes',
    expr: (a) => `100 * kubelet_volume_stats_used_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} > ${a.pvcUsage.percent}`,
    summary: 'A persistent volume is almost full',
    description: 'Volume claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanize }}% full.',
  },
  {
    key: 'hpaMaxed',
    alert: 'HorizontalPodAutoscalerMaxedOut',
    group: 'kubernetes',
    expr: () =>
      [
        `(kube_horizontalpodautoscaler_status_current_replicas{${ksm}} >= kube_horizontalpodautoscaler_spec_max_replicas{${ksm}})`,
        `and (kube_horizontalpodautoscaler_spec_max_replicas{${ksm}} > kube_horizontalpodautoscaler_spec_min_replicas{${ksm}})`,
      ].join(' '),
    summary: 'An autoscaler runs at its maximum replicas',
    description: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has been at its maximum replica count; the workload may need more.',
  },
  {
    key: 'nodeCpu',
    alert: 'NodePoolCpuHigh',
    group: 'nodes',
    expr: (a) => `${byPool('1 - avg by (node) (rate(node_cpu_seconds_total{job="node-exporter", mode="idle"}[5m]))')} > ${a.nodeCpu.percent}`,
    summary: 'A node pool is short of CPU',
    description: `Node pool {{ $labels.${POOL_LABEL} }} uses {{ $value | humanize }}% of its CPU.`,
  },
  {
    key: 'nodeMemory',
    alert: 'NodePoolMemoryHigh',
    group: 'nodes',
    expr: (a) =>
      `${byPool('1 - node_memory_MemAvailable_bytes{job="node-exporter"} / node_memory_MemTotal_bytes{job="node-exporter"}')} > ${a.nodeMemory.percent}`,
    summary: 'A node pool is short of memory',
    description: `Node pool {{ $labels.${POOL_LABEL} }} uses {{ $value | humanize }}% of its memory.`,
  },
  {
    key: 'certificateExpiry',
    alert: 'CertificateExpiresSoon',
    group: 'certificates',
    expr: (a) => `certmanager_certificate_expiration_timestamp_seconds - time() < ${a.certificateExpiry.days * 86_400}`,
    summary: 'A certificate expires soon and was not renewed',
    description: 'Certificate {{ $labels.exported_namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}.',
  },
  {
    key: 'externalSecretNotSynced',
    alert: 'ExternalSecretNotSynced',
    group: 'secrets',
    expr: () => 'externalsecret_status_condition{condition="Ready", status="False"} == 1',
    summary: 'A Secret is not in sync with Key Vault',
    description: 'ExternalSecret {{ $labels.exported_namespace }}/{{ $labels.name }} cannot sync its Secret from Key Vault.',
  },
  {
    key: 'kafkaUnderReplicated',
    alert: 'KafkaUnderReplicatedPartitions',
    group: 'kafka',
    on: (ctx) => ctx.runs('matih'),
    expr: () => 'sum by (namespace, strimzi_io_cluster) (kafka_server_replicamanager_underreplicatedpartitions) > 0',
    summary: 'Kafka partitions are under-replicated',
    description: 'Kafka cluster {{ $labels.namespace }}/{{ $labels.strimzi_io_cluster }} has {{ $value }} under-replicated partitions.',
  },
  {
    key: 'kafkaOfflinePartitions',
    alert: 'KafkaOfflinePartitions',
    group: 'kafka',
    on: (ctx) => ctx.runs('matih'),
    expr: () => 'sum by (namespace, strimzi_io_cluster) (kafka_controller_kafkacontroller_offlinepartitionscount) > 0',
    summary: 'Kafka partitions have no leader',
    description:
      'Kafka cluster {{ $labels.namespace }}/{{ $labels.strimzi_io_cluster }} has {{ $value }} offline partitions: producers and consumers of them fail.',
  },
  {
    key: 'argocdDegraded',
    alert: 'ArgoCdApplicationDegraded',
    group: 'argocd',
    on: (ctx) => ctx.isManagement,
    expr: () => 'argocd_app_info{health_status="Degraded"} == 1',
    summary: 'An Argo CD Application is degraded',
    description: 'Application {{ $labels.exported_namespace }}/{{ $labels.name }} reports health Degraded.',
  },
  {
    key: 'argocdOutOfSync',
    alert: 'ArgoCdApplicationOutOfSync',
    group: 'argocd',
    on: (ctx) => ctx.isManagement,
    expr: () => 'argocd_app_info{sync_status="OutOfSync"} == 1',
    summary: 'An Argo CD Application is out of sync with git',
    description: 'Application {{ $labels.exported_namespace }}/{{ $labels.name }} differs from what dist/ says.',
  },
  {
    key: 'maiaRunnerStopped',
    alert: 'MaiaRunnerStopped',
    group: 'maia-runner',
    on: (ctx) => ctx.runs('maia-runner'),
    expr: () => 'app_agent_status == 0',
    summary: 'A Maia runner pod reports itself stopped',
    description: 'Maia runner pod {{ $labels.namespace }}/{{ $labels.pod }} reports app_agent_status 0: it runs no tasks.',
  },
  {
    key: 'prometheusSeries',
    alert: 'PrometheusSeriesAboveEstimate',
    group: 'prometheus',
    expr: (a, m) => `prometheus_tsdb_head_series > ${Math.round((m.prometheus.activeSeries * a.prometheusSeries.percent) / 100)}`,
    summary: 'Prometheus holds more series than its volume was sized for',
    description:
      'Prometheus holds {{ $value }} active series; its volume was sized for fewer, so it will keep less than its retention. Raise monitoring.prometheus.activeSeries.',
  },
];

/** The URL of an alert's runbook: its section of docs/monitoring.md at the revision Argo CD deploys. */
function runbookUrl(ctx: ClusterContext, alert: string): string {
  const repo = ctx.platform.gitops.repoURL.replace(/\.git$/, '');
  return `${repo}/blob/${ctx.platform.gitops.targetRevision}/docs/monitoring.md#${alert.toLowerCase()}`;
}

/** The alerts that apply to a cluster. */
function clusterAlerts(ctx: ClusterContext): AlertDefinition[] {
  return ALERTS.filter((a) => a.on?.(ctx) ?? true);
}

/** One PrometheusRule per group of the alerts that apply to the cluster, in the monitoring namespace. */
export function addAlertRules(chart: PlatformChart): void {
  const { ctx } = chart;
  const m = ctx.platform.monitoring;
  const alerts = clusterAlerts(ctx);
  for (const group of [...new Set(alerts.map((a) => a.group))].sort()) {
    new PrometheusRule(chart, `rules-${group}`, {
      metadata: { name: `platform-${group}`, namespace: ctx.platform.namespaces.monitoring, labels: ctx.labels() },
      spec: {
        groups: [
          {
            name: `platform.${group}`,
            rules: alerts
              .filter((a) => a.group === group)
              .map((a) => ({
                alert: a.alert,
                expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr(m.alerts, m)),
                for: m.alerts[a.key].for,
                labels: { severity: m.alerts[a.key].severity },
                annotations: { summary: a.summary, description: a.description, runbook_url: runbookUrl(ctx, a.alert) },
              })),
          },
        ],
      },
    });
  }
}
