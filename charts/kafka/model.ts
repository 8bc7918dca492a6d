/** The Kafka cluster as its clients and the charts that wire them see it. */
import type { NetworkPeer } from '../../lib/network/network-policy';
import type { ServiceWorkload } from '../../lib/workload/service-workload';
import type { PlatformChart } from '../context';

/** A platform event stream and the services that write and read it. */
export interface TopicDeclaration {
  readonly name: string;
  readonly producers: readonly ServiceWorkload[];
  readonly consumers: readonly ServiceWorkload[];
  /** @default 7 days */
  readonly retentionHours?: number;
}

/** The TLS listener clients use (docs/platform.md#kafka: services connect on 9093 only). */
export const KAFKA_TLS_PORT = 9093;
export const KAFKA_PLAIN_PORT = 9092;

/** The Kafka cluster of one environment's cluster, as its clients see it. */
export interface KafkaCluster {
  readonly chart: PlatformChart;
  readonly name: string;
  readonly namespace: string;
  /** `<cluster>-kafka-bootstrap.<ns>.svc.cluster.local:9093`. */
  readonly bootstrap: string;
  /** The broker pods, as a network peer. */
  readonly brokers: NetworkPeer;
}
