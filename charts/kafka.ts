/**
 * The Strimzi Kafka cluster (seeds 001, 002) in its own namespace: KRaft with controller
 * and broker KafkaNodePools, an internal `plain` listener on 9092 that only Strimzi's own
 * pods may reach, an internal `tls` listener on 9093 with mutual TLS that only the
 * declared clients may reach, simple authorization, rack awareness, the entity operator,
 * the platform's topics and one KafkaUser per client with least-privilege ACLs.
 *
 * Strimzi writes its own NetworkPolicies for the listeners from `networkPolicyPeers`;
 * NetworkPolicies add up, so nothing here allows more than those do. Client egress to
 * 9093 is rendered with each client.
 */
import { IntOrString, KubeNetworkPolicy, KubeRole, KubeRoleBinding, KubeServiceAccount, KubeClusterRole, KubeClusterRoleBinding } from '../imports/k8s';
import { App } from 'cdk8s';
import type { Environment, KafkaPoolSettings } from '../config';
import { NAMESPACE_NAME_LABEL, NetworkPeer } from '../lib/network-policy';
import { AKS_AGENT_POOL_LABEL } from '../lib/node-pool';
import { ServiceWorkload } from '../lib/service-workload';
import {
  Kafka, KafkaSpecKafkaAuthorizationType, KafkaSpecKafkaListenersAuthenticationType, KafkaSpecKafkaListenersType,
} from '../imports/strimzi-kafka-kafka.strimzi.io';
import {
  KafkaNodePool, KafkaNodePoolSpecResourcesLimits as Q, KafkaNodePoolSpecResourcesRequests as QR, KafkaNodePoolSpecRoles,
  KafkaNodePoolSpecStorageType, KafkaNodePoolSpecStorageVolumesKraftMetadata, KafkaNodePoolSpecStorageVolumesType,
} from '../imports/strimzi-kafkanodepool-kafka.strimzi.io';
import { KafkaTopic } from '../imports/strimzi-kafkatopic-kafka.strimzi.io';
import {
  KafkaUser, KafkaUserSpecAuthenticationType, KafkaUserSpecAuthorizationAclsOperations as Op,
  KafkaUserSpecAuthorizationAclsResourcePatternType as Pattern, KafkaUserSpecAuthorizationAclsResourceType as Resource,
  KafkaUserSpecAuthorizationType,
} from '../imports/strimzi-kafkauser-kafka.strimzi.io';
import {
  ExternalSecretV1Beta1, ExternalSecretV1Beta1SpecSecretStoreRefKind as StoreKind, ExternalSecretV1Beta1SpecTargetCreationPolicy as Creation,
} from '../imports/eso-externalsecrets-external-secrets.io';
import {
  ClusterSecretStoreV1Beta1, ClusterSecretStoreV1Beta1SpecProviderKubernetesServerCaProviderType as CaType,
} from '../imports/eso-clustersecretstores-external-secrets.io';
import { azurePeer, HTTPS } from './peers';
import { MANAGED_BY, PlatformChart, PROTECT_ANNOTATIONS } from './platform-chart';

/** A platform event stream and the services that write and read it. */
export interface TopicDeclaration {
  readonly name: string;
  readonly producers: readonly ServiceWorkload[];
  readonly consumers: readonly ServiceWorkload[];
  /** @default 7 days */
  readonly retentionHours?: number;
}

/** The TLS listener clients use (seed 002: services connect on 9093 only). */
export const KAFKA_TLS_PORT = 9093;
export const KAFKA_PLAIN_PORT = 9092;
/** The ClusterSecretStore that copies Strimzi's client Secrets into the clients' namespaces. */
export const KAFKA_SECRET_STORE = 'kafka-client-secrets';

export class KafkaChart extends PlatformChart {
  public readonly bootstrap: string;
  /** The broker pods, as a network peer. */
  public readonly brokers: NetworkPeer;
  private readonly clusterName: string;
  private readonly kafkaNamespace: string;

  constructor(scope: App, env: Environment) {
    super(scope, 'kafka', env, env.config.namespaces.kafka);
    const k = this.cfg.kafka;
    this.clusterName = k.clusterName;
    this.kafkaNamespace = this.cfg.namespaces.kafka;
    this.bootstrap = `${k.clusterName}-kafka-bootstrap.${this.kafkaNamespace}.svc.cluster.local:${KAFKA_TLS_PORT}`;
    this.brokers = {
      name: 'kafka',
      namespace: this.kafkaNamespace,
      podLabels: { 'strimzi.io/broker-role': 'true', 'strimzi.io/cluster': k.clusterName },
    };
  }

  /** Renders the cluster, its pools, topics and users. Call once, after every service exists. */
  public render(topics: readonly TopicDeclaration[]): void {
    const k = this.cfg.kafka;
    const clients = uniqueClients(topics);
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': this.cfg.partOf };
    const ns = this.kafkaNamespace;
    const placement = this.placement();

    new Kafka(this, 'Kafka', {
      metadata: { name: k.clusterName, namespace: ns, labels, annotations: { ...PROTECT_ANNOTATIONS } },
      spec: {
        kafka: {
          version: k.version,
          metadataVersion: k.metadataVersion,
          listeners: [
            {
              // seed 001: plain 9092 exists for Strimzi's own components only
              name: 'plain', port: KAFKA_PLAIN_PORT, type: KafkaSpecKafkaListenersType.INTERNAL, tls: false,
              networkPolicyPeers: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': k.clusterName } } }],
            },
            {
              name: 'tls', port: KAFKA_TLS_PORT, type: KafkaSpecKafkaListenersType.INTERNAL, tls: true,
              authentication: { type: KafkaSpecKafkaListenersAuthenticationType.TLS },
              networkPolicyPeers: clients.map((c) => ({
                namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: c.namespace } },
                podSelector: { matchLabels: { ...c.selector } },
              })),
            },
          ],
          authorization: { type: KafkaSpecKafkaAuthorizationType.SIMPLE },
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
        entityOperator: {
          topicOperator: {},
          userOperator: {},
          template: { pod: placement },
        },
      },
    });
    this.nodePool('controllers', KafkaNodePoolSpecRoles.CONTROLLER, k.controllers, labels);
    this.nodePool('brokers', KafkaNodePoolSpecRoles.BROKER, k.brokers, labels);

    for (const t of [...topics].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      new KafkaTopic(this, `topic-${t.name}`, {
        metadata: {
          name: t.name, namespace: ns,
          labels: { ...labels, 'strimzi.io/cluster': k.clusterName },
          // deleting a KafkaTopic deletes the topic and its data
          annotations: { ...PROTECT_ANNOTATIONS },
        },
        spec: {
          partitions: k.partitions,
          replicas: k.replicationFactor,
          config: {
            'min.insync.replicas': k.minInSyncReplicas,
            'retention.ms': (t.retentionHours ?? 168) * 3_600_000,
          },
        },
      });
    }
    for (const client of clients) this.addClient(client, topics, labels);
    this.renderSecretCopying(clients, labels);
    this.renderInternalPolicies(labels);
  }

  /** Pod placement on the dataplane pool, for Strimzi's pod templates. */
  private placement() {
    const pool = this.cfg.nodePools.dataplane;
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

  private nodePool(name: string, role: KafkaNodePoolSpecRoles, pool: KafkaPoolSettings, labels: Record<string, string>): void {
    const volume = (id: number) => ({
      id,
      type: KafkaNodePoolSpecStorageVolumesType.PERSISTENT_HYPHEN_CLAIM,
      size: pool.volumeSize,
      class: this.cfg.storageClassName,
      deleteClaim: false,
      // the first volume of each node holds the KRaft metadata log
      kraftMetadata: id === 0 ? KafkaNodePoolSpecStorageVolumesKraftMetadata.SHARED : undefined,
    });
    new KafkaNodePool(this, `pool-${name}`, {
      metadata: {
        name, namespace: this.kafkaNamespace,
        labels: { ...labels, 'strimzi.io/cluster': this.clusterName },
        annotations: { ...PROTECT_ANNOTATIONS },
      },
      spec: {
        replicas: pool.replicas,
        roles: [role],
        storage: {
          type: KafkaNodePoolSpecStorageType.JBOD,
          volumes: Array.from({ length: pool.volumes }, (_, i) => volume(i)),
        },
        resources: {
          requests: { cpu: QR.fromString(pool.resources.requests.cpu), memory: QR.fromString(pool.resources.requests.memory) },
          limits: { memory: Q.fromString(pool.resources.limits.memory) },
        },
        template: { pod: this.placement() },
      },
    });
  }

  /**
   * One KafkaUser per client: Write and Describe on the topics it produces, Read and
   * Describe on the topics it consumes, Read on its own consumer groups. Its certificate
   * reaches its namespace through an ExternalSecret and is mounted with the cluster CA.
   */
  private addClient(client: ServiceWorkload, topics: readonly TopicDeclaration[], labels: Record<string, string>): void {
    const acls = [];
    for (const t of topics) {
      const ops = [
        ...(t.producers.includes(client) ? [Op.WRITE] : []),
        ...(t.consumers.includes(client) ? [Op.READ] : []),
      ];
      if (ops.length === 0) continue;
      acls.push({ resource: { type: Resource.TOPIC, name: t.name, patternType: Pattern.LITERAL }, operations: [...ops, Op.DESCRIBE] });
    }
    if (topics.some((t) => t.consumers.includes(client))) {
      acls.push({ resource: { type: Resource.GROUP, name: `${client.name}`, patternType: Pattern.PREFIX }, operations: [Op.READ] });
    }
    new KafkaUser(this, `user-${client.name}`, {
      metadata: { name: client.name, namespace: this.kafkaNamespace, labels: { ...labels, 'strimzi.io/cluster': this.clusterName } },
      spec: {
        authentication: { type: KafkaUserSpecAuthenticationType.TLS },
        authorization: { type: KafkaUserSpecAuthorizationType.SIMPLE, acls },
      },
    });

    const userSecret = `${client.name}-kafka-user`;
    const secretLabels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': this.cfg.partOf };
    new ExternalSecretV1Beta1(client, 'KafkaUserSecret', {
      metadata: { name: userSecret, namespace: client.namespace, labels: secretLabels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: StoreKind.CLUSTER_SECRET_STORE, name: KAFKA_SECRET_STORE },
        target: { name: userSecret, creationPolicy: Creation.OWNER },
        // Strimzi's User Operator writes user.crt, user.key, ca.crt and user.p12 into a Secret named like the user
        dataFrom: [{ extract: { key: client.name } }],
      },
    });
    client.addSecretMount({ secret: userSecret, mountPath: '/etc/kafka/user' });
    client.addSecretMount({ secret: this.caSecretFor(client), mountPath: '/etc/kafka/cluster-ca' });
    client.addEnv('KAFKA_BOOTSTRAP_SERVERS', { name: 'KAFKA_BOOTSTRAP_SERVERS', value: this.bootstrap });
    client.addEnv('KAFKA_SECURITY_PROTOCOL', { name: 'KAFKA_SECURITY_PROTOCOL', value: 'SSL' });
    client.allowEgressTo(this.brokers, [{ port: KAFKA_TLS_PORT }]);
  }

  private readonly caSecrets = new Set<string>();

  /** The cluster CA certificate, copied once into each client namespace. */
  private caSecretFor(client: ServiceWorkload): string {
    const name = 'kafka-cluster-ca';
    if (!this.caSecrets.has(client.namespace)) {
      this.caSecrets.add(client.namespace);
      new ExternalSecretV1Beta1(client, 'KafkaClusterCa', {
        metadata: { name, namespace: client.namespace, labels: { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': this.cfg.partOf } },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: StoreKind.CLUSTER_SECRET_STORE, name: KAFKA_SECRET_STORE },
          target: { name, creationPolicy: Creation.OWNER },
          data: [{ secretKey: 'ca.crt', remoteRef: { key: `${this.clusterName}-cluster-ca-cert`, property: 'ca.crt' } }],
        },
      });
    }
    return name;
  }

  /**
   * External Secrets reads the User Operator's Secrets in the Kafka namespace through the
   * Kubernetes provider, as a ServiceAccount that may only get those Secrets.
   */
  private renderSecretCopying(clients: readonly ServiceWorkload[], labels: Record<string, string>): void {
    const ns = this.kafkaNamespace;
    const sa = 'kafka-secret-reader';
    new KubeServiceAccount(this, 'SecretReader', { metadata: { name: sa, namespace: ns, labels }, automountServiceAccountToken: false });
    new KubeRole(this, 'SecretReaderRole', {
      metadata: { name: sa, namespace: ns, labels },
      rules: [{
        apiGroups: [''], resources: ['secrets'], verbs: ['get'],
        resourceNames: [...clients.map((c) => c.name), `${this.clusterName}-cluster-ca-cert`].sort(),
      }],
    });
    new KubeRoleBinding(this, 'SecretReaderBinding', {
      metadata: { name: sa, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
    });
    // the provider checks its own permissions with a SelfSubjectRulesReview before use
    new KubeClusterRole(this, 'RulesReviewRole', {
      metadata: { name: `${ns}-${sa}-rules-review`, labels },
      rules: [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectrulesreviews'], verbs: ['create'] }],
    });
    new KubeClusterRoleBinding(this, 'RulesReviewBinding', {
      metadata: { name: `${ns}-${sa}-rules-review`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${ns}-${sa}-rules-review` },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
    });
    new ClusterSecretStoreV1Beta1(this, 'ClientSecretStore', {
      metadata: { name: KAFKA_SECRET_STORE, labels },
      spec: {
        // only namespaces that hold Kafka clients may use this store
        conditions: [{ namespaces: [...new Set(clients.map((c) => c.namespace))].sort() }],
        provider: {
          kubernetes: {
            remoteNamespace: ns,
            server: { caProvider: { type: CaType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt', namespace: ns } },
            auth: { serviceAccount: { name: sa, namespace: ns } },
          },
        },
      },
    });
  }

  /**
   * Flows inside the Kafka namespace under its default-deny: Strimzi's pods talk to each
   * other on the control-plane (9090) and replication (9091) ports, and the entity
   * operator and the brokers' rack-awareness init container call the Kubernetes API.
   */
  private renderInternalPolicies(labels: Record<string, string>): void {
    const ns = this.kafkaNamespace;
    const cluster = { matchLabels: { 'strimzi.io/cluster': this.clusterName } };
    new KubeNetworkPolicy(this, 'InternalEgress', {
      metadata: { name: `allow-${this.clusterName}-internal`, namespace: ns, labels },
      spec: {
        podSelector: cluster,
        policyTypes: ['Egress'],
        egress: [{
          to: [{ podSelector: cluster }],
          ports: [9090, 9091].map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' })),
        }],
      },
    });
    const api = azurePeer(this.cfg, 'kube-apiserver');
    new KubeNetworkPolicy(this, 'ApiServerEgress', {
      // on AKS the API server is outside the pod and service ranges, behind 443
      metadata: { name: `allow-${this.clusterName}-to-kube-apiserver`, namespace: ns, labels },
      spec: {
        podSelector: cluster,
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: api.cidr, except: [...(api.except ?? [])] } }], ports: HTTPS.map((p) => ({ port: IntOrString.fromNumber(p.port), protocol: 'TCP' })) }],
      },
    });
  }
}

function uniqueClients(topics: readonly TopicDeclaration[]): ServiceWorkload[] {
  const seen = new Set<ServiceWorkload>();
  for (const t of topics) for (const s of [...t.producers, ...t.consumers]) seen.add(s);
  return [...seen].sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
}
