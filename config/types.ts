/**
 * The typed model of the MATIH platform's configuration. `base.ts` holds the values every
 * environment shares; `dev.ts`, `staging.ts` and `prod.ts` override them (DeepPartial);
 * `terraform/<env>.json` holds what Terraform owns. `index.ts` merges and validates.
 */
import type { NodePool } from '../lib/node-pool';
import type { ResourceSpec } from '../lib/workload-spec';

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** The AKS node pools (seed 000). */
export type PoolName = 'system' | 'ctrlplane' | 'dataplane' | 'compute' | 'aicompute' | 'gpu' | 'playground';

/** Every MATIH service this repository renders. */
export const SERVICE_NAMES = [
  'iam-service', 'tenant-service', 'config-service', 'infrastructure-service',
  'ai-service', 'query-engine', 'catalog-service', 'bi-service', 'trino', 'spark-connect',
  'llm-inference', 'qdrant', 'neo4j', 'redis', 'postgresql',
  'data-workbench', 'ai-workbench', 'playground-sandbox',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Per-environment settings of one service. */
export interface ServiceSettings {
  /** Pinned image tag in the platform registry. */
  readonly tag: string;
  /** Replicas when not autoscaled. */
  readonly replicas: number;
  /** HPA bounds; `false` turns autoscaling off. */
  readonly autoscaling: false | {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuUtilization: number;
    readonly memoryUtilization?: number;
  };
  readonly resources: ResourceSpec;
  /** Volume size for stateful stores, e.g. `50Gi`. */
  readonly storageSize?: string;
}

/** The seven platform namespaces (seed 002 names four; the other three are ours). */
export interface PlatformNamespaces {
  readonly controlPlane: string;
  readonly dataPlane: string;
  readonly frontend: string;
  readonly ingress: string;
  readonly kafka: string;
  readonly monitoring: string;
  readonly playground: string;
}

/** Namespaces of the operators installed from Helm charts. */
export interface OperatorNamespaces {
  readonly argocd: string;
  readonly certManager: string;
  readonly externalSecrets: string;
  readonly strimzi: string;
}

/** One Strimzi KafkaNodePool. */
export interface KafkaPoolSettings {
  readonly replicas: number;
  /** Size of each volume. */
  readonly volumeSize: string;
  /** JBOD volumes per broker (1 for controllers). */
  readonly volumes: number;
  readonly resources: { readonly requests: { readonly cpu: string; readonly memory: string }; readonly limits: { readonly memory: string } };
}

/** The Strimzi Kafka cluster (seeds 001, 002). */
export interface KafkaSettings {
  readonly clusterName: string;
  /** Kafka version Strimzi 0.50 runs (4.0.x or 4.1.x). */
  readonly version: string;
  readonly metadataVersion: string;
  readonly controllers: KafkaPoolSettings;
  readonly brokers: KafkaPoolSettings;
  /** default.replication.factor and the internal topics' replication factor. */
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  /** Partitions of each platform topic. */
  readonly partitions: number;
}

/** What a tenant tier grants: the namespace's ResourceQuota and LimitRange. */
export interface TenantTier {
  readonly quota: {
    readonly requestsCpu: string;
    readonly requestsMemory: string;
    readonly limitsCpu: string;
    readonly limitsMemory: string;
    readonly pods: number;
    readonly persistentVolumeClaims: number;
    readonly requestsStorage: string;
  };
  /** Defaults and maximum per container (LimitRange). */
  readonly container: {
    readonly defaultRequest: { readonly cpu: string; readonly memory: string };
    readonly default: { readonly cpu: string; readonly memory: string };
    readonly max: { readonly cpu: string; readonly memory: string };
  };
  /** The node pool tenant workloads of this tier run on. */
  readonly pool: PoolName;
}

export const TENANT_TIERS = ['free', 'standard', 'enterprise'] as const;
export type TenantTierName = (typeof TENANT_TIERS)[number];

/** Where Argo CD reads this repository, and how it syncs. */
export interface GitOpsSettings {
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Sync automatically (with self-heal and prune) or wait for a person to press sync. */
  readonly automated: boolean;
}

/** An upstream Helm chart pinned to a version. */
export interface HelmChartRef {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
}

/** Everything an environment renders from, after merging and validation. */
export interface PlatformConfig {
  readonly environment: EnvironmentName;
  /** `app.kubernetes.io/part-of` on every platform object. */
  readonly partOf: string;
  readonly namespaces: PlatformNamespaces;
  readonly operatorNamespaces: OperatorNamespaces;
  readonly nodePools: Readonly<Record<PoolName, NodePool>>;
  readonly registry: {
    /** Path under the ACR login server, e.g. `matih` → `<acr>/matih/<service>`. */
    readonly repositoryPrefix: string;
    /** The pull secrets every pod names (seed 000). */
    readonly pullSecrets: readonly string[];
  };
  readonly dns: {
    /** Host of the control-plane API in this environment, e.g. `api.matih.ai`. */
    readonly apiHost: string;
    /** Parent domain of tenant hosts: `<slug>.<tenantDomain>`. */
    readonly tenantDomain: string;
  };
  readonly network: {
    /** The cluster's pod range (Azure CNI: the VNet subnet) and service range: never reached through the "internet" egress rules. */
    readonly clusterCidrs: readonly string[];
    /** The cluster DNS Service address (seed 000: 10.1.0.10). */
    readonly dnsServiceIp: string;
    /** CoreDNS pods (seed 001): namespace and labels. */
    readonly dns: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  };
  readonly kafka: KafkaSettings;
  readonly gitops: GitOpsSettings;
  /** The operators' charts, pinned to the versions of the vendored CRDs (imports/SOURCES.md). */
  readonly operatorCharts: Readonly<Record<'certManager' | 'externalSecrets' | 'strimzi' | 'ingressNginx' | 'kubePrometheusStack', HelmChartRef>>;
  readonly tenantTiers: Readonly<Record<TenantTierName, TenantTier>>;
  /** The port tenant workloads serve on behind their ingress controller. */
  readonly tenantAppPort: number;

  /** ACME account e-mail for Let's Encrypt. */
  readonly acmeEmail: string;
  /** The ClusterIssuer that signs this environment's certificates. */
  readonly clusterIssuer: 'letsencrypt-staging-dns01' | 'letsencrypt-prod-dns01';
  /** AKS storage class for stateful stores. */
  readonly storageClassName: string;
  readonly services: Readonly<Record<ServiceName, ServiceSettings>>;
}
