/**
 * The MATIH platform's settings per environment: `config/base.ts` merged with
 * `config/<env>.ts`, validated as a whole.
 */
import { z } from 'zod';
import { clusterSchema } from './clusters';
import { stackSchema } from './stack';
import { autoscaling, dnsLabel, hostName, labels, labelValue, pinnedTag, quantity, registryPath, resources, serviceName } from './formats';
import { monitoringSchema } from './monitoring';
import { sparkSchema } from './spark';

/** Per-environment settings of one service. */
export const serviceSettingsSchema = z.strictObject({
  /** Pinned image tag in the platform registry. */
  tag: pinnedTag,
  /** A fixed replica count, or the bounds and targets of an HPA that owns the count. */
  replicas: z.union([z.number().int().min(1).max(100), autoscaling]),
  resources,
  /** Volume size of a stateful store, e.g. `50Gi`. */
  storageSize: quantity.optional(),
});
export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

const kafkaPool = z.strictObject({
  replicas: z.number().int().min(1).max(15),
  /** Size of each volume. */
  volumeSize: quantity,
  /** JBOD volumes per node (1 for controllers). */
  volumes: z.number().int().min(1).max(8),
  resources,
});

const kafka = z.strictObject({
  clusterName: dnsLabel,
  version: z.string().regex(/^4\.[01]\.\d+$/, 'must be a Kafka version Strimzi 0.50 supports (4.0.x or 4.1.x)'),
  metadataVersion: z.string().regex(/^4\.[01]-IV\d+$/, 'must be a KRaft metadata version such as 4.1-IV1'),
  controllers: kafkaPool,
  brokers: kafkaPool,
  /** default.replication.factor and the internal topics' replication factor. */
  replicationFactor: z.number().int().min(1).max(15),
  minInSyncReplicas: z.number().int().min(1).max(15),
  /** Partitions of each platform topic. */
  partitions: z.number().int().min(1).max(1000),
});

const helmChart = z.strictObject({
  repoURL: z.string().regex(/^(https:\/\/|oci:\/\/)?[\w.-]+(\/\S*)?$/, 'must be a Helm repository URL (https://...) or an OCI registry path'),
  chart: dnsLabel,
  version: z.string().regex(/^v?\d+\.\d+\.\d+$/, 'must be a pinned chart version such as 1.2.3'),
});
export type HelmChartRef = z.infer<typeof helmChart>;

const pair = z.strictObject({ cpu: quantity, memory: quantity });
const tenantTier = z.strictObject({
  quota: z.strictObject({
    requestsCpu: quantity,
    requestsMemory: quantity,
    limitsCpu: quantity,
    limitsMemory: quantity,
    pods: z.number().int().min(1),
    persistentVolumeClaims: z.number().int().min(0),
    requestsStorage: quantity,
  }),
  /** Defaults and maximum per container (LimitRange). */
  container: z.strictObject({ defaultRequest: pair, default: pair, max: pair }),
  /** The node pool tenant workloads of this tier run on. */
  pool: dnsLabel,
});

export const TENANT_TIERS = ['free', 'standard', 'enterprise'] as const;
export type TenantTierName = (typeof TENANT_TIERS)[number];

/** Everything an environment of the platform renders from. */
export const platformSchema = z
  .strictObject({
    /** `app.kubernetes.io/part-of` on every platform object. */
    partOf: labelValue,
    namespaces: z.strictObject({
      controlPlane: dnsLabel,
      dataPlane: dnsLabel,
      frontend: dnsLabel,
      ingress: dnsLabel,
      kafka: dnsLabel,
      monitoring: dnsLabel,
      playground: dnsLabel,
      /** Temporal's server (its state lives in the platform PostgreSQL). */
      temporal: dnsLabel,
      /** The AI workloads' Ray cluster. */
      ray: dnsLabel,
    }),
    operatorNamespaces: z.strictObject({
      argocd: dnsLabel,
      certManager: dnsLabel,
      externalSecrets: dnsLabel,
      strimzi: dnsLabel,
      crossplane: dnsLabel,
      kuberay: dnsLabel,
      kyverno: dnsLabel,
      /**
       * The NVIDIA device plugin alone, on clusters with a GPU pool: it mounts host paths, so its
       * namespace enforces Pod Security `privileged`, and nothing else may run there.
       */
      nvidiaDevicePlugin: dnsLabel,
    }),
    registry: z.strictObject({
      /** Path under the ACR login server, e.g. `matih` → `<acr>/matih/<service>`. */
      repositoryPrefix: registryPath,
      /** The pull secrets every pod names. */
      pullSecrets: z.array(dnsLabel),
    }),
    dns: z.strictObject({
      /** Host of the platform API in this environment. */
      apiHost: hostName,
      /** Parent domain of tenant hosts: `<slug>.<tenantDomain>`. */
      tenantDomain: hostName,
    }),
    /** CoreDNS pods: namespace and labels. */
    clusterDns: z.strictObject({ namespace: dnsLabel, podLabels: labels }),
    kafka,
    gitops: z.strictObject({
      repoURL: z.string().regex(/^(https:\/\/|git@|ssh:\/\/)\S+$/, 'must be a git URL (https://, ssh:// or git@)'),
      targetRevision: z.string().regex(/^[\w./-]+$/, 'must be a branch, tag or commit'),
      /** Sync automatically (with self-heal and prune) or wait for a person to press sync. */
      automated: z.boolean(),
      /** The cluster whose Argo CD deploys every cluster of the environment. */
      managementCluster: dnsLabel,
    }),
    /** The operators' charts, pinned to the versions of the vendored CRDs (imports/SOURCES.md). */
    operatorCharts: z.strictObject({
      certManager: helmChart,
      externalSecrets: helmChart,
      strimzi: helmChart,
      envoyGateway: helmChart,
      kubePrometheusStack: helmChart,
      grafana: helmChart,
      crossplane: helmChart,
      kuberay: helmChart,
      kyverno: helmChart,
      temporal: helmChart,
      nvidiaDevicePlugin: helmChart,
    }),
    tenantTiers: z.strictObject({ free: tenantTier, standard: tenantTier, enterprise: tenantTier }),
    /** The port tenant workloads serve on behind their ingress. */
    tenantAppPort: z.number().int().min(1).max(65535),
    /** ACME account e-mail for Let's Encrypt. */
    acmeEmail: z.string().regex(/^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$/, 'must be an e-mail address'),
    /** The ClusterIssuer that signs this environment's certificates. */
    clusterIssuer: z.enum(['letsencrypt-staging-dns01', 'letsencrypt-prod-dns01']),
    /** AKS storage class for stateful stores. */
    storageClassName: dnsLabel,
    services: z.record(serviceName, serviceSettingsSchema),
    /** Prometheus sizing, exporters and alert thresholds (docs/monitoring.md). */
    monitoring: monitoringSchema,
    /** Spark Connect's executors: fixed ports and bounds. */
    spark: sparkSchema,
    /** Crossplane, KubeRay, Temporal and Kyverno on a MATIH cluster (docs/stack.md). */
    stack: stackSchema,
    clusters: z.record(dnsLabel, clusterSchema).refine((c) => Object.keys(c).length > 0, 'must list at least one cluster'),
  })
  .superRefine((cfg, ctx) => {
    const k = cfg.kafka;
    if (k.replicationFactor > k.brokers.replicas)
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'replicationFactor'],
        message: `must be at most kafka.brokers.replicas (${k.brokers.replicas})`,
        input: k.replicationFactor,
      });
    if (k.minInSyncReplicas > k.replicationFactor)
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'minInSyncReplicas'],
        message: `must be at most kafka.replicationFactor (${k.replicationFactor})`,
        input: k.minInSyncReplicas,
      });
    if (!(cfg.gitops.managementCluster in cfg.clusters)) {
      ctx.addIssue({
        code: 'custom',
        path: ['gitops', 'managementCluster'],
        message: `must be one of the clusters (${Object.keys(cfg.clusters).sort().join(', ')})`,
        input: cfg.gitops.managementCluster,
      });
    }
  });
export type PlatformSettings = z.infer<typeof platformSchema>;
