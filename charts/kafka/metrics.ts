/**
 * Kafka's metrics (docs/monitoring.md#kafka): the brokers and controllers export through
 * Strimzi's metrics reporter on `tcp-prometheus` (9404), the entity operator's topic and
 * user operators on their `healthcheck` ports; Prometheus scrapes both through PodMonitors.
 *
 * Why the Strimzi Metrics Reporter and not the JMX Prometheus Exporter (both are supported
 * by Strimzi 0.50.1, one at a time): the reporter exports Kafka's own metrics under their
 * Kafka names with no regular-expression rewriting (the JMX exporter needs a ConfigMap of
 * mapping rules, evaluated on every scrape), and its `allowList` below says exactly which
 * metric families exist, so the alerts and dashboards can be checked against it. The names
 * the alerts use (`kafka_server_replicamanager_underreplicatedpartitions`,
 * `kafka_controller_kafkacontroller_offlinepartitionscount`) are the same under both; only
 * the KRaft metrics differ, and Strimzi ships dashboards for either.
 */
import { PodMonitorSpecPodMetricsEndpointsRelabelingsAction as Action } from '../../imports/prometheus-podmonitors-monitoring.coreos.com';
import { type KafkaSpecKafkaMetricsConfig, KafkaSpecKafkaMetricsConfigType } from '../../imports/strimzi-kafka-kafka.strimzi.io';
import type { ScrapeTarget } from '../monitoring/targets';

/** Strimzi's metrics port on every broker and controller (MetricsModel.METRICS_PORT_NAME, METRICS_PORT). */
const KAFKA_METRICS_PORT = { name: 'tcp-prometheus', port: 9404 } as const;

/**
 * The metric families the reporter exports (regular expressions over Prometheus names):
 * Strimzi's default list (KafkaCluster.DEFAULT_METRICS_ALLOW_LIST at 0.50.1) plus the
 * offline log directories, which that default leaves out.
 */
const KAFKA_METRICS_ALLOW_LIST = [
  'kafka_cluster_partition_.*',
  'kafka_controller_controllerstats_uncleanleaderelectionspersec.*',
  'kafka_controller_kafkacontroller_.*',
  'kafka_log_log_size',
  'kafka_log_logmanager_offlinelogdirectorycount',
  'kafka_network_requestmetrics_.*',
  'kafka_network_socketserver_networkprocessoravgidlepercent',
  'kafka_server_app_info_.*',
  'kafka_server_brokertopicmetrics_.*',
  'kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent.*',
  'kafka_server_kafkaserver_brokerstate',
  'kafka_server_raft_.*',
  'kafka_server_replicamanager_.*',
  'kafka_server_socket_server_.*',
] as const;

/** The Kafka resource's `metricsConfig`. */
export function kafkaMetricsConfig(): KafkaSpecKafkaMetricsConfig {
  return { type: KafkaSpecKafkaMetricsConfigType.STRIMZI_METRICS_REPORTER, values: { allowList: [...KAFKA_METRICS_ALLOW_LIST] } };
}

/** Strimzi's example relabelings: its pod labels (`strimzi_io_cluster`, `strimzi_io_pool_name`, ...) and the pod's name on every series. */
const STRIMZI_RELABELINGS: ScrapeTarget['relabelings'] = [
  { action: Action.LABELMAP, regex: '__meta_kubernetes_pod_label_(strimzi_io_.+)', replacement: '$1' },
  { action: Action.REPLACE, sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'kubernetes_pod_name' },
];

/** The brokers' and controllers' metrics, and the entity operator's. */
export function kafkaScrapeTargets(namespace: string, cluster: string): ScrapeTarget[] {
  return [
    {
      peer: {
        name: `${cluster}-kafka`,
        namespace,
        podLabels: { 'strimzi.io/cluster': cluster, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${cluster}-kafka` },
      },
      portName: KAFKA_METRICS_PORT.name,
      ports: [KAFKA_METRICS_PORT.port],
      relabelings: STRIMZI_RELABELINGS,
    },
    // the topic operator's healthcheck port is 8080, the user operator's 8081 (EntityTopicOperator, EntityUserOperator)
    {
      peer: { name: `${cluster}-entity-operator`, namespace, podLabels: { 'strimzi.io/cluster': cluster, 'strimzi.io/name': `${cluster}-entity-operator` } },
      portName: 'healthcheck',
      ports: [8080, 8081],
      relabelings: STRIMZI_RELABELINGS,
    },
  ];
}
