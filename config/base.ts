/**
 * Settings every environment shares. Environment files override only what differs.
 * Values Terraform owns (identities, subscription, DNS zone, Key Vault, ACR) are not here:
 * they come from `config/terraform/<env>/<cluster>.json`.
 */
import type { DeepPartial } from './schema/problems';
import type { PlatformSettings, ServiceSettings } from './schema/platform';
import { stackBase } from './stack';

const small = (tag: string): ServiceSettings => ({
  tag,
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
});

/** The base configuration; `clusters` and `gitops.managementCluster` are each environment's own. */
export const base: DeepPartial<PlatformSettings> = {
  partOf: 'matih',
  namespaces: {
    controlPlane: 'matih-control-plane',
    dataPlane: 'matih-data-plane',
    frontend: 'matih-frontend',
    ingress: 'matih-ingress',
    kafka: 'matih-kafka',
    monitoring: 'matih-monitoring',
    playground: 'matih-playground',
    temporal: 'matih-temporal',
    ray: 'matih-ray',
  },
  operatorNamespaces: {
    argocd: 'argocd',
    certManager: 'cert-manager',
    externalSecrets: 'external-secrets',
    strimzi: 'strimzi-system',
    crossplane: 'crossplane-system',
    kuberay: 'kuberay-system',
    kyverno: 'kyverno',
    nvidiaDevicePlugin: 'nvidia-device-plugin',
  },
  registry: { repositoryPrefix: 'matih', pullSecrets: ['acr-secret', 'platform-acr-secret'] },
  dns: { apiHost: 'api.matih.ai', tenantDomain: 'matih.ai' },
  // CoreDNS, which every namespace may query
  clusterDns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
  storageClassName: 'managed-csi-premium',
  acmeEmail: 'platform-team@matih.ai',
  tenantAppPort: 8080,
  gitops: {
    repoURL: 'https://github.com/matih-ai/matih-manifests.git',
    targetRevision: 'main',
    automated: true,
  },
  // pinned to the versions of the vendored CRDs (imports/SOURCES.md)
  operatorCharts: {
    certManager: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.18.6' },
    externalSecrets: { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '0.13.0' },
    strimzi: { repoURL: 'https://strimzi.io/charts/', chart: 'strimzi-kafka-operator', version: '0.50.1' },
    // the edge (docs/edge.md): Envoy Gateway v1.3.3, the last release that supports Kubernetes 1.29, as an OCI chart
    // (Argo CD v3.0 takes a repoURL without a scheme for an OCI Helm repository)
    envoyGateway: { repoURL: 'registry-1.docker.io/envoyproxy', chart: 'gateway-helm', version: 'v1.3.3' },
    // 88.0.0 is the first release that ships prometheus-operator v0.93.0
    kubePrometheusStack: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '88.0.0' },
    // the Grafana chart kube-prometheus-stack 88.0.0 bundles (Grafana 13.1.1), installed on its own (charts/operators/grafana.ts)
    grafana: { repoURL: 'https://grafana-community.github.io/helm-charts', chart: 'grafana', version: '12.10.0' },
    // the stack (docs/stack.md, imports/SOURCES.md): Crossplane 1.19 is the last minor that supported Kubernetes 1.29
    crossplane: { repoURL: 'https://charts.crossplane.io/stable', chart: 'crossplane', version: '1.19.3' },
    kuberay: { repoURL: 'https://ray-project.github.io/kuberay-helm/', chart: 'kuberay-operator', version: '1.7.0' },
    // appVersion v1.14.5: Kyverno 1.14 supports Kubernetes 1.29-1.32
    kyverno: { repoURL: 'https://kyverno.github.io/kyverno/', chart: 'kyverno', version: '3.4.6' },
    // server 1.31.2; no bundled databases since 1.0 (Temporal persists to the platform PostgreSQL)
    temporal: { repoURL: 'https://go.temporal.io/helm-charts', chart: 'temporal', version: '1.6.0' },
    // the GPU pools' nodes advertise nvidia.com/gpu only with it: AKS installs the driver, not the plugin (charts/operators/nvidia-device-plugin.ts)
    nvidiaDevicePlugin: { repoURL: 'https://nvidia.github.io/k8s-device-plugin', chart: 'nvidia-device-plugin', version: '0.20.0' },
  },
  tenantTiers: {
    free: {
      quota: { requestsCpu: '2', requestsMemory: '4Gi', limitsCpu: '4', limitsMemory: '8Gi', pods: 20, persistentVolumeClaims: 2, requestsStorage: '20Gi' },
      container: {
        defaultRequest: { cpu: '50m', memory: '64Mi' },
        default: { cpu: '500m', memory: '256Mi' },
        max: { cpu: '1', memory: '2Gi' },
      },
      pool: 'playground',
    },
    standard: {
      quota: {
        requestsCpu: '16',
        requestsMemory: '64Gi',
        limitsCpu: '32',
        limitsMemory: '128Gi',
        pods: 200,
        persistentVolumeClaims: 20,
        requestsStorage: '1Ti',
      },
      container: {
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '1', memory: '1Gi' },
        max: { cpu: '8', memory: '32Gi' },
      },
      pool: 'dataplane',
    },
    enterprise: {
      quota: {
        requestsCpu: '64',
        requestsMemory: '256Gi',
        limitsCpu: '128',
        limitsMemory: '512Gi',
        pods: 1000,
        persistentVolumeClaims: 100,
        requestsStorage: '10Ti',
      },
      container: {
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '2', memory: '2Gi' },
        max: { cpu: '16', memory: '64Gi' },
      },
      pool: 'dataplane',
    },
  },
  clusterIssuer: 'letsencrypt-prod-dns01',
  kafka: {
    clusterName: 'matih-kafka',
    version: '4.1.1',
    metadataVersion: '4.1-IV1',
    // production shape: three KRaft controllers, three brokers with JBOD, RF 3, min ISR 2
    controllers: {
      replicas: 3,
      volumeSize: '20Gi',
      volumes: 1,
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
    },
    brokers: {
      replicas: 3,
      volumeSize: '500Gi',
      volumes: 2,
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } },
    },
    replicationFactor: 3,
    minInSyncReplicas: 2,
    partitions: 12,
  },
  // docs/monitoring.md: thresholds are production's; dev and staging page nobody
  monitoring: {
    nodeExporterNamespace: 'matih-node-exporter',
    prometheus: {
      retentionDays: 30,
      scrapeIntervalSeconds: 30,
      // measured as prometheus_tsdb_head_series; the prometheusSeries alert fires when the cluster outgrows it
      activeSeries: 300_000,
      bytesPerSample: 2,
      headroomPercent: 30,
    },
    // mirrored into the platform ACR from quay.io/prometheuscommunity/postgres-exporter and
    // docker.io/oliver006/redis_exporter at these tags
    exporters: { postgres: { repository: 'postgres-exporter', tag: 'v0.20.1' }, redis: { repository: 'redis-exporter', tag: 'v1.88.0' } },
    alerts: {
      podRestarts: { restarts: 5, window: '1h', for: '5m', severity: 'warning' },
      crashLooping: { for: '15m', severity: 'critical' },
      nodeCpu: { percent: 80, for: '15m', severity: 'warning' },
      nodeMemory: { percent: 80, for: '15m', severity: 'warning' },
      kafkaUnderReplicated: { for: '10m', severity: 'critical' },
      kafkaOfflinePartitions: { for: '1m', severity: 'critical' },
      certificateExpiry: { days: 14, for: '1h', severity: 'warning' },
      externalSecretNotSynced: { for: '15m', severity: 'warning' },
      pvcUsage: { percent: 85, for: '10m', severity: 'warning' },
      hpaMaxed: { for: '15m', severity: 'warning' },
      argocdDegraded: { for: '15m', severity: 'critical' },
      argocdOutOfSync: { for: '30m', severity: 'warning' },
      maiaRunnerStopped: { for: '5m', severity: 'critical' },
      prometheusSeries: { percent: 120, for: '1h', severity: 'warning' },
    },
  },
  // the executors Spark Connect starts on the compute pool (charts/spark.ts)
  spark: {
    driverPort: 7078,
    blockManagerPort: 7079,
    executors: { min: 0, max: 4, cores: 2, memory: '4Gi', memoryOverhead: '1Gi' },
  },
  stack: stackBase,
  services: {
    'iam-service': small('1.8.2'),
    'tenant-service': small('1.6.0'),
    'config-service': small('1.3.4'),
    'infrastructure-service': small('1.5.1'),
    'ai-service': { ...small('2.3.0'), resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } } },
    'query-engine': { ...small('1.9.3'), resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
    'catalog-service': small('1.4.7'),
    'bi-service': small('1.2.5'),
    trino: { ...small('448'), resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } } },
    'spark-connect': { ...small('3.5.3'), resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } } },
    'llm-inference': {
      ...small('0.6.3'),
      resources: { requests: { cpu: '2', memory: '16Gi' }, limits: { memory: '16Gi' }, extended: { 'nvidia.com/gpu': '1' } },
    },
    qdrant: { ...small('1.12.4'), storageSize: '20Gi' },
    neo4j: { ...small('5.24.2'), resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } }, storageSize: '20Gi' },
    redis: { ...small('7.4.1'), storageSize: '8Gi' },
    postgresql: { ...small('16.4'), resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } }, storageSize: '50Gi' },
    'data-workbench': { ...small('3.2.0'), resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
    'ai-workbench': { ...small('3.2.0'), resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
    'playground-sandbox': small('0.9.1'),
  },
};
