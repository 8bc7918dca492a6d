/**
 * The metrics the platform's alerts and dashboards may name, each with the exporter that
 * provides it (docs/monitoring.md#metrics). An exporter is either part of the stack
 * (kube-prometheus-stack's kube-state-metrics, the kubelets, node-exporter, Prometheus
 * itself: present when the chart's values enable it) or a target in dist/ (present when a
 * monitor of the cluster scrapes it). `providerProblem` says why a metric is not available
 * on a cluster, so a test can hold every expression to what the cluster really scrapes.
 */
import { asArray, asMap, asString, asStringMap, dig } from '../validate/json';

/** Who exports a metric. */
export type MetricSource =
  'kube-state-metrics' | 'kubelet' | 'node-exporter' | 'prometheus' | 'cert-manager' | 'external-secrets' | 'strimzi-kafka' | 'argocd' | 'maia-runner';

/** Where each source's metric names are documented, at the pinned version. */
const METRIC_SOURCES: Readonly<Record<MetricSource, string>> = {
  'kube-state-metrics': 'kube-state-metrics v2.19.1 (kube-prometheus-stack 88.0.0): https://github.com/kubernetes/kube-state-metrics/tree/v2.19.1/docs/metrics',
  kubelet:
    "kubelet /metrics and cAdvisor /metrics/cadvisor, scraped by kube-prometheus-stack's kubelet ServiceMonitor: https://kubernetes.io/docs/reference/instrumentation/metrics/, https://github.com/google/cadvisor/blob/master/docs/storage/prometheus.md",
  'node-exporter': 'node_exporter v1.12.1 (prometheus-node-exporter 4.56.1): https://github.com/prometheus/node_exporter/tree/v1.12.1',
  prometheus:
    'Prometheus v3.13 itself (its self-monitoring ServiceMonitor) and `up`, which it writes for every target: https://prometheus.io/docs/concepts/jobs_instances/',
  'cert-manager': 'cert-manager v1.18.6 controller, pkg/metrics/metrics.go: https://github.com/cert-manager/cert-manager/blob/v1.18.6/pkg/metrics/metrics.go',
  'external-secrets':
    'External Secrets v0.13.0 controller, docs/api/metrics.md: https://github.com/external-secrets/external-secrets/blob/v0.13.0/docs/api/metrics.md',
  'strimzi-kafka':
    "Kafka 4.1 through the Strimzi Metrics Reporter (Strimzi 0.50.1), filtered by the Kafka resource's allowList: https://github.com/strimzi/strimzi-kafka-operator/tree/0.50.1/packaging/examples/metrics/strimzi-metrics-reporter",
  argocd: 'Argo CD v3.0 application controller: https://argo-cd.readthedocs.io/en/release-3.0/operator-manual/metrics/',
  'maia-runner':
    "the Maia runner's /actuator/prometheus (docs/platform.md#maia-runner-what-s003-says: app_version_info, app_agent_status, app_active_task_count)",
};

/** Every metric the platform may name, and its source. */
export const METRICS: Readonly<Record<string, MetricSource>> = {
  kube_deployment_spec_replicas: 'kube-state-metrics',
  kube_deployment_status_replicas_available: 'kube-state-metrics',
  kube_horizontalpodautoscaler_spec_max_replicas: 'kube-state-metrics',
  kube_horizontalpodautoscaler_spec_min_replicas: 'kube-state-metrics',
  kube_horizontalpodautoscaler_status_current_replicas: 'kube-state-metrics',
  kube_node_labels: 'kube-state-metrics',
  kube_pod_container_status_restarts_total: 'kube-state-metrics',
  kube_pod_container_status_waiting_reason: 'kube-state-metrics',
  kube_statefulset_replicas: 'kube-state-metrics',
  kube_statefulset_status_replicas_ready: 'kube-state-metrics',
  container_cpu_usage_seconds_total: 'kubelet',
  container_memory_working_set_bytes: 'kubelet',
  kubelet_volume_stats_capacity_bytes: 'kubelet',
  kubelet_volume_stats_used_bytes: 'kubelet',
  node_cpu_seconds_total: 'node-exporter',
  node_memory_MemAvailable_bytes: 'node-exporter',
  node_memory_MemTotal_bytes: 'node-exporter',
  prometheus_tsdb_head_series: 'prometheus',
  up: 'prometheus',
  certmanager_certificate_expiration_timestamp_seconds: 'cert-manager',
  externalsecret_status_condition: 'external-secrets',
  kafka_controller_kafkacontroller_offlinepartitionscount: 'strimzi-kafka',
  kafka_server_brokertopicmetrics_bytesinpersec_total: 'strimzi-kafka',
  kafka_server_replicamanager_underreplicatedpartitions: 'strimzi-kafka',
  argocd_app_info: 'argocd',
  app_agent_status: 'maia-runner',
};

/** One cluster as the checks see it: its rendered objects and its kube-prometheus-stack values. */
export interface ClusterMetrics {
  readonly objects: readonly unknown[];
  readonly stackValues: unknown;
}

const kindOf = (o: unknown) => asString(asMap(o)?.kind);
const selects = (monitor: unknown, labels: Readonly<Record<string, string>>) => {
  const matchLabels = asStringMap(dig(monitor, 'spec', 'selector', 'matchLabels'));
  return Object.entries(labels).every(([k, v]) => matchLabels[k] === v);
};
const podMonitor = (c: ClusterMetrics, labels: Record<string, string>, port: string) =>
  c.objects.some(
    (o) => kindOf(o) === 'PodMonitor' && selects(o, labels) && asArray(dig(o, 'spec', 'podMetricsEndpoints')).some((e) => asMap(e)?.port === port),
  );
const enabled = (c: ClusterMetrics, key: string) => dig(c.stackValues, key, 'enabled');

/** Why `metric` is not available on the cluster, or undefined when a source of the cluster provides it. */
export function providerProblem(metric: string, c: ClusterMetrics): string | undefined {
  const source = METRICS[metric];
  if (!source) return `${metric} is not in the table of tools/monitoring/metrics.ts`;
  const problem = sourceProblem(source, metric, c);
  return problem && `${metric}: ${problem} (it comes from ${METRIC_SOURCES[source]})`;
}

function sourceProblem(source: MetricSource, metric: string, c: ClusterMetrics): string | undefined {
  switch (source) {
    case 'kube-state-metrics':
      return enabled(c, 'kubeStateMetrics') === false ? "kube-state-metrics is disabled in kube-prometheus-stack's values" : undefined;
    case 'kubelet':
      return enabled(c, 'kubelet') === false ? "the kubelet ServiceMonitor is disabled in kube-prometheus-stack's values" : undefined;
    case 'node-exporter':
      return enabled(c, 'nodeExporter') === true ? undefined : "node-exporter is not enabled in kube-prometheus-stack's values";
    case 'prometheus':
      return undefined;
    case 'cert-manager':
      return podMonitor(c, { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }, 'http-metrics')
        ? undefined
        : 'no PodMonitor scrapes the cert-manager controller';
    case 'external-secrets':
      return podMonitor(c, { 'app.kubernetes.io/name': 'external-secrets' }, 'metrics') ? undefined : 'no PodMonitor scrapes the external-secrets controller';
    case 'argocd':
      return podMonitor(c, { 'app.kubernetes.io/name': 'argocd-application-controller' }, 'metrics')
        ? undefined
        : "no PodMonitor scrapes Argo CD's application controller";
    case 'maia-runner':
      return c.objects.some((o) => kindOf(o) === 'ServiceMonitor' && dig(o, 'metadata', 'name') === 'maia-runner')
        ? undefined
        : 'no ServiceMonitor scrapes the Maia runner';
    case 'strimzi-kafka':
      return kafkaProblem(metric, c);
  }
}

/** A Kafka metric needs a PodMonitor on the brokers' metrics port and a reporter whose allowList lets it through. */
function kafkaProblem(metric: string, c: ClusterMetrics): string | undefined {
  if (!podMonitor(c, { 'strimzi.io/kind': 'Kafka' }, 'tcp-prometheus')) return "no PodMonitor scrapes the Kafka pods' tcp-prometheus port";
  const config = dig(
    c.objects.find((o) => kindOf(o) === 'Kafka'),
    'spec',
    'kafka',
    'metricsConfig',
  );
  if (dig(config, 'type') !== 'strimziMetricsReporter') return 'the Kafka resource exports no metrics through the Strimzi Metrics Reporter';
  const allow = asArray(dig(config, 'values', 'allowList')).map(String);
  return allow.some((re) => new RegExp(`^(?:${re})$`).test(metric))
    ? undefined
    : `the Kafka metrics reporter's allowList (${allow.join(', ')}) leaves ${metric} out`;
}
