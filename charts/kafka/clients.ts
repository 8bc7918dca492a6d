import { KubeClusterRole, KubeClusterRoleBinding, KubeRole, KubeRoleBinding, KubeServiceAccount } from '../../imports/k8s';
import {
  ClusterSecretStoreV1Beta1,
  ClusterSecretStoreV1Beta1SpecProviderKubernetesServerCaProviderType as CaType,
} from '../../imports/eso-clustersecretstores-external-secrets.io';
import {
  ExternalSecretV1Beta1,
  ExternalSecretV1Beta1SpecSecretStoreRefKind as StoreKind,
  ExternalSecretV1Beta1SpecTargetCreationPolicy as Creation,
} from '../../imports/eso-externalsecrets-external-secrets.io';
import {
  KafkaUser,
  KafkaUserSpecAuthenticationType,
  KafkaUserSpecAuthorizationAclsOperations as Op,
  KafkaUserSpecAuthorizationAclsResourcePatternType as Pattern,
  KafkaUserSpecAuthorizationAclsResourceType as Resource,
  KafkaUserSpecAuthorizationType,
} from '../../imports/strimzi-kafkauser-kafka.strimzi.io';
import type { ServiceWorkload } from '../../lib/workload/service-workload';
import type { ClusterContext } from '../context';
import { KAFKA_TLS_PORT, type KafkaCluster, type TopicDeclaration } from './model';

/** The ClusterSecretStore that copies Strimzi's client Secrets into the clients' namespaces. */
export const KAFKA_SECRET_STORE = 'kafka-client-secrets';
/** The cluster CA certificate, copied into each client namespace. */
export const KAFKA_CLUSTER_CA_SECRET = 'kafka-cluster-ca';
const READER = 'kafka-secret-reader';

/**
 * One KafkaUser per client: Write and Describe on the topics it produces, Read and Describe
 * on those it consumes, Read on its own consumer groups. Its certificate reaches its
 * namespace through an ExternalSecret and is mounted with the cluster CA, and it gets the
 * bootstrap address and egress to the brokers on 9093.
 */
export function addKafkaClients(ctx: ClusterContext, kafka: KafkaCluster, topics: readonly TopicDeclaration[], clients: readonly ServiceWorkload[]): void {
  const labels = { ...ctx.labels(), 'strimzi.io/cluster': kafka.name };
  const caNamespaces = new Set<string>();
  for (const client of clients) {
    const acls = [];
    for (const t of topics) {
      const ops = [...(t.producers.includes(client) ? [Op.WRITE] : []), ...(t.consumers.includes(client) ? [Op.READ] : [])];
      if (ops.length > 0) acls.push({ resource: { type: Resource.TOPIC, name: t.name, patternType: Pattern.LITERAL }, operations: [...ops, Op.DESCRIBE] });
    }
    if (topics.some((t) => t.consumers.includes(client))) {
      acls.push({ resource: { type: Resource.GROUP, name: client.name, patternType: Pattern.PREFIX }, operations: [Op.READ] });
    }
    new KafkaUser(kafka.chart, `user-${client.name}`, {
      metadata: { name: client.name, namespace: kafka.namespace, labels },
      spec: { authentication: { type: KafkaUserSpecAuthenticationType.TLS }, authorization: { type: KafkaUserSpecAuthorizationType.SIMPLE, acls } },
    });
    const userSecret = `${client.name}-kafka-user`;
    new ExternalSecretV1Beta1(client, 'KafkaUserSecret', {
      metadata: { name: userSecret, namespace: client.namespace, labels: ctx.labels() },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: StoreKind.CLUSTER_SECRET_STORE, name: KAFKA_SECRET_STORE },
        target: { name: userSecret, creationPolicy: Creation.OWNER },
        // Strimzi's User Operator writes user.crt, user.key, ca.crt and user.p12 into a Secret named like the user
        dataFrom: [{ extract: { key: client.name } }],
      },
    });
    if (!caNamespaces.has(client.namespace)) {
      caNamespaces.add(client.namespace);
      new ExternalSecretV1Beta1(client, 'KafkaClusterCa', {
        metadata: { name: KAFKA_CLUSTER_CA_SECRET, namespace: client.namespace, labels: ctx.labels() },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: StoreKind.CLUSTER_SECRET_STORE, name: KAFKA_SECRET_STORE },
          target: { name: KAFKA_CLUSTER_CA_SECRET, creationPolicy: Creation.OWNER },
          data: [{ secretKey: 'ca.crt', remoteRef: { key: `${kafka.name}-cluster-ca-cert`, property: 'ca.crt' } }],
        },
      });
    }
    client.addSecretMount({ secret: userSecret, mountPath: '/etc/kafka/user' });
    client.addSecretMount({ secret: KAFKA_CLUSTER_CA_SECRET, mountPath: '/etc/kafka/cluster-ca' });
    client.addEnv('KAFKA_BOOTSTRAP_SERVERS', { name: 'KAFKA_BOOTSTRAP_SERVERS', value: kafka.bootstrap });
    client.addEnv('KAFKA_SECURITY_PROTOCOL', { name: 'KAFKA_SECURITY_PROTOCOL', value: 'SSL' });
    client.allowEgressTo(kafka.brokers, [{ port: KAFKA_TLS_PORT }]);
  }
  addSecretCopying(ctx, kafka, clients);
}

/**
 * External Secrets reads the User Operator's Secrets in the Kafka namespace through the
 * Kubernetes provider, as a ServiceAccount that may only get those Secrets, and only the
 * namespaces that hold Kafka clients may use the store.
 */
function addSecretCopying(ctx: ClusterContext, kafka: KafkaCluster, clients: readonly ServiceWorkload[]): void {
  const ns = kafka.namespace;
  const labels = ctx.labels();
  new KubeServiceAccount(kafka.chart, 'SecretReader', { metadata: { name: READER, namespace: ns, labels }, automountServiceAccountToken: false });
  new KubeRole(kafka.chart, 'SecretReaderRole', {
    metadata: { name: READER, namespace: ns, labels },
    rules: [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [...clients.map((c) => c.name), `${kafka.name}-cluster-ca-cert`].sort() },
    ],
  });
  new KubeRoleBinding(kafka.chart, 'SecretReaderBinding', {
    metadata: { name: READER, namespace: ns, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: READER },
    subjects: [{ kind: 'ServiceAccount', name: READER, namespace: ns }],
  });
  // the provider checks its own permissions with a SelfSubjectRulesReview before use
  const review = `${ns}-${READER}-rules-review`;
  new KubeClusterRole(kafka.chart, 'RulesReviewRole', {
    metadata: { name: review, labels },
    rules: [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectrulesreviews'], verbs: ['create'] }],
  });
  new KubeClusterRoleBinding(kafka.chart, 'RulesReviewBinding', {
    metadata: { name: review, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: review },
    subjects: [{ kind: 'ServiceAccount', name: READER, namespace: ns }],
  });
  new ClusterSecretStoreV1Beta1(kafka.chart, 'ClientSecretStore', {
    metadata: { name: KAFKA_SECRET_STORE, labels },
    spec: {
      conditions: [{ namespaces: [...new Set(clients.map((c) => c.namespace))].sort() }],
      provider: {
        kubernetes: {
          remoteNamespace: ns,
          server: { caProvider: { type: CaType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt', namespace: ns } },
          auth: { serviceAccount: { name: READER, namespace: ns } },
        },
      },
    },
  });
}
