import { IntOrString, KubeNetworkPolicy } from '../../imports/k8s';
import type { ClusterContext } from '../context';
import { apiServerPeer } from '../peers';
import type { KafkaCluster } from './model';

/**
 * Flows inside the Kafka namespace under its default-deny: Strimzi's pods talk to each other
 * on the KRaft controller (9090) and replication (9091) ports, and the entity operator and the
 * brokers' rack-awareness init container call the Kubernetes API (at its one address).
 */
export function addKafkaPolicies(ctx: ClusterContext, kafka: KafkaCluster): void {
  const labels = ctx.labels();
  const cluster = { matchLabels: { 'strimzi.io/cluster': kafka.name } };
  const tcp = (...ports: number[]) => ports.map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' }));
  new KubeNetworkPolicy(kafka.chart, 'InternalEgress', {
    metadata: { name: `allow-${kafka.name}-internal`, namespace: kafka.namespace, labels },
    spec: { podSelector: cluster, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: cluster }], ports: tcp(9090, 9091) }] },
  });
  new KubeNetworkPolicy(kafka.chart, 'ApiServerEgress', {
    metadata: { name: `allow-${kafka.name}-to-kube-apiserver`, namespace: kafka.namespace, labels },
    spec: { podSelector: cluster, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: apiServerPeer(ctx).cidr } }], ports: tcp(443) }] },
  });
}
