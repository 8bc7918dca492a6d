/**
 * The Strimzi Kafka cluster (docs/platform.md#kafka) in its own namespace: KRaft with
 * controller and broker KafkaNodePools, an internal `plain` listener on 9092 that only
 * Strimzi's own pods may reach, an internal `tls` listener on 9093 with mutual TLS that only
 * the declared clients may reach, simple authorization, rack awareness, the entity operator,
 * the platform's topics, one KafkaUser per client with least-privilege ACLs, and metrics
 * that Prometheus scrapes (./metrics.ts).
 *
 * Strimzi writes its own NetworkPolicies for the listeners from `networkPolicyPeers`;
 * NetworkPolicies add up, so nothing here allows more than those do.
 */
import type { PlatformSettings } from '../../config';
import {
  Kafka,
  KafkaSpecKafkaAuthorizationType,
  KafkaSpecKafkaListenersAuthenticationType,
  KafkaSpecKafkaListenersType,
} from '../../imports/strimzi-kafka-kafka.strimzi.io';
import {
  KafkaNodePool,
  KafkaNodePoolSpecResourcesLimits as Q,
  KafkaNodePoolSpecResourcesRequests as QR,
  KafkaNodePoolSpecRoles,
  KafkaNodePoolSpecStorageType,
  KafkaNodePoolSpecStorageVolumesKraftMetadata,
  KafkaNodePoolSpecStorageVolumesType,
} from '../../imports/strimzi-kafkanodepool-kafka.strimzi.io';
import { KafkaTopic } from '../../imports/strimzi-kafkatopic-kafka.strimzi.io';
import { NAMESPACE_NAME_LABEL } from '../../lib/network/network-policy';
import { AKS_AGENT_POOL_LABEL } from '../../lib/node-pool';
import type { ServiceWorkload } from '../../lib/workload/service-workload';
import { spreadConstraints } from '../../lib/workload/spread';
import { type ClusterContext, type PlatformChart, PROTECT_ANNOTATIONS } from '../context';
import { addScrapeTarget } from '../monitoring/targets';
import { addKafkaClients } from './clients';
import { kafkaMetricsConfig, kafkaScrapeTargets } from './metrics';
import { KAFKA_PLAIN_PORT, KAFKA_TLS_PORT, type KafkaCluster, type TopicDeclaration } from './model';
import { addKafkaPolicies } from './policies';

/** Renders the `kafka` folder: the cluster, its pools, topics, users and the copying of client Secrets. */
export function addKafka(ctx: ClusterContext, topics: readonly TopicDeclaration[]): KafkaCluster {
  const k = ctx.platform.kafka;
  const namespace = ctx.platform.namespaces.kafka;
  const chart = ctx.chart('kafka', namespace);
  const kafka: KafkaCluster = {
    chart,
    name: k.clusterName,
    namespace,
    bootstrap: `${k.clusterName}-kafka-bootstrap.${namespace}.svc.cluster.local:${KAFKA_TLS_PORT}`,
    brokers: { name: 'kafka', namespace, podLabels: { 'strimzi.io/broker-role': 'true', 'strimzi.io/cluster': k.clusterName } },
  };
  const clients = uniqueClients(topics);
  const labels = ctx.labels();
  const placement = dataplanePlacement(ctx);

  new Kafka(chart, 'Kafka', {
    metadata: { name: k.clusterName, namespace, labels, annotations: { ...PROTECT_ANNOTATIONS } },
    spec: {
      kafka: {
        version: k.version,
        metadataVersion: k.metadataVersion,
        listeners: [
          {
            // plain 9092 exists for Strimzi's own components only
            name: 'plain',
            port: KAFKA_PLAIN_PORT,
            type: KafkaSpecKafkaListenersType.INTERNAL,
            tls: false,
            networkPolicyPeers: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': k.clusterName } } }],
          },
          {
            name: 'tls',
            port: KAFKA_TLS_PORT,
            type: KafkaSpecKafkaListenersType.INTERNAL,
            tls: true,
            authentication: { type: KafkaSpecKafkaListenersAuthenticationType.TLS },
            networkPolicyPeers: clients.map((c) => ({
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: c.namespace } },
              podSelector: { matchLabels: { ...c.selector } },
            })),
          },
        ],
        authorization: { type: KafkaSpecKafkaAuthorizationType.SIMPLE },
        metricsConfig: kafkaMetricsConfig(),
        rack: { topologyKey: 'topology.kubernetes.io/zone' },
        config: {
          'auto.create.topics.enable': false,
          'default.replication.factor': k.replicationFactor,
          'min.insync.replicas': k.minInSyncReplicas,
          'offsets.topic.replication.factor': k.replicationFactor,
          'transaction.state.log.min.isr': k.minInSyncReplicas,
          'transaction.state.log.replication.factor': k.replicationFactor,
        },
      },
      entityOperator: { topicOperator: {}, userOperator: {}, template: { pod: placement } },
    },
  });
  nodePool(chart, 'controllers', KafkaNodePoolSpecRoles.CONTROLLER, k.controllers, ctx);
  nodePool(chart, 'brokers', KafkaNodePoolSpecRoles.BROKER, k.brokers, ctx);

  for (const t of [...topics].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    new KafkaTopic(chart, `topic-${t.name}`, {
      metadata: {
        name: t.name,
        namespace,
        labels: { ...labels, 'strimzi.io/cluster': k.clusterName },
        // deleting a KafkaTopic deletes the topic and its data
        annotations: { ...PROTECT_ANNOTATIONS },
      },
      spec: {
        partitions: k.partitions,
        replicas: k.replicationFactor,
        config: { 'min.insync.replicas': k.minInSyncReplicas, 'retention.ms': (t.retentionHours ?? 168) * 3_600_000 },
      },
    });
  }
  addKafkaClients(ctx, kafka, topics, clients);
  addKafkaPolicies(ctx, kafka);
  for (const target of kafkaScrapeTargets(namespace, k.clusterName)) addScrapeTarget(ctx, target, chart, { policyScope: chart });
  return kafka;
}

/** Pod placement on the dataplane pool, for Strimzi's pod templates. */
function dataplanePlacement(ctx: ClusterContext) {
  const pool = ctx.pool('dataplane', 'Kafka');
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: AKS_AGENT_POOL_LABEL, operator: 'In', values: [pool.name] }] }],
        },
      },
    },
    tolerations: pool.taint ? [{ key: pool.taint.key, operator: 'Equal', value: pool.taint.value, effect: pool.taint.effect }] : undefined,
  };
}

function nodePool(chart: PlatformChart, name: string, role: KafkaNodePoolSpecRoles, pool: PlatformSettings['kafka']['brokers'], ctx: ClusterContext): void {
  const k = ctx.platform.kafka;
  const volume = (id: number) => ({
    id,
    type: KafkaNodePoolSpecStorageVolumesType.PERSISTENT_HYPHEN_CLAIM,
    size: pool.volumeSize,
    class: ctx.platform.storageClassName,
    deleteClaim: false,
    // the first volume of each node holds the KRaft metadata log
    kraftMetadata: id === 0 ? KafkaNodePoolSpecStorageVolumesKraftMetadata.SHARED : undefined,
  });
  new KafkaNodePool(chart, `pool-${name}`, {
    metadata: {
      name,
      namespace: ctx.platform.namespaces.kafka,
      labels: { ...ctx.labels(), 'strimzi.io/cluster': k.clusterName },
      annotations: { ...PROTECT_ANNOTATIONS },
    },
    spec: {
      replicas: pool.replicas,
      roles: [role],
      storage: { type: KafkaNodePoolSpecStorageType.JBOD, volumes: Array.from({ length: pool.volumes }, (_, i) => volume(i)) },
      resources: {
        requests: { cpu: QR.fromString(pool.resources.requests.cpu), memory: QR.fromString(pool.resources.requests.memory) },
        limits: { memory: Q.fromString(pool.resources.limits.memory) },
      },
      // Since Strimzi 0.49 rack awareness adds no affinity of its own: without these a zone could
      // hold a majority of the controllers (the KRaft quorum) or of a partition's replicas
      template: { pod: { ...dataplanePlacement(ctx), topologySpreadConstraints: spreadConstraints(kafkaPoolSelector(k.clusterName, name), 'hard') } },
    },
  });
}

/** The labels Strimzi puts on the pods of one node pool (strimzi.io/cluster, strimzi.io/pool-name). */
function kafkaPoolSelector(cluster: string, pool: string): Record<string, string> {
  return { 'strimzi.io/cluster': cluster, 'strimzi.io/pool-name': pool };
}

function uniqueClients(topics: readonly TopicDeclaration[]): ServiceWorkload[] {
  const seen = new Set<ServiceWorkload>();
  for (const t of topics) for (const s of [...t.producers, ...t.consumers]) seen.add(s);
  return [...seen].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
}
