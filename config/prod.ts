/** prod: highly available, autoscaled, sized for production load. */
import { aiPlatformPools, matihPools } from './pools';
import type { PlatformSettings, ServiceSettings } from './schema/platform';
import type { DeepPartial } from './schema/problems';

const hpa = (minReplicas: number, maxReplicas: number): ServiceSettings['replicas'] =>
  ({ minReplicas, maxReplicas, cpuUtilization: 70, memoryUtilization: 80 });
const network = { serviceCidr: '10.1.0.0/16', dnsServiceIp: '10.1.0.10' };

export const prod: DeepPartial<PlatformSettings> = {
  // a person presses sync in production after reading the diff
  gitops: { automated: false, managementCluster: 'matih-prod' },
  clusters: {
    // a dataplane node in each zone: Kafka's three controllers and brokers spread over the zones, hard (charts/kafka)
    'matih-prod': { region: 'westeurope', kubernetesVersion: '1.29', network, systems: ['matih', 'maia-runner'], pools: matihPools({ dataplane: { minNodes: 3 } }) },
    'ai-platform-prod': { region: 'westeurope', kubernetesVersion: '1.29', network, systems: ['ai-platform'], pools: aiPlatformPools() },
  },
  monitoring: {
    alerts: {
      // prod syncs by hand after a review: out of sync for a working day is expected, longer is forgotten
      argocdOutOfSync: { for: '8h' },
      certificateExpiry: { severity: 'critical' },
    },
  },
  spark: { executors: { min: 1, max: 8, cores: 4, memory: '8Gi', memoryOverhead: '2Gi' } },
  stack: {
    // two GPU nodes of the pool's four; llm-inference takes the others
    ray: { enabled: true, gpuWorkers: { maxReplicas: 2 } },
    temporal: {
      numHistoryShards: 1024,
      frontend: { replicas: 3, resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } } },
      history: { replicas: 3, resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } } },
      matching: { replicas: 3, resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } } },
      worker: { replicas: 2, resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
    },
  },
  services: {
    'iam-service': {
      replicas: hpa(3, 10),
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    },
    'tenant-service': { replicas: 3 },
    'config-service': { replicas: 3 },
    'infrastructure-service': { replicas: 2 },
    'ai-service': {
      replicas: hpa(3, 12),
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } },
    },
    'query-engine': {
      replicas: hpa(3, 10),
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
    },
    'catalog-service': { replicas: hpa(2, 6) },
    'bi-service': { replicas: hpa(2, 6) },
    trino: {
      replicas: 3,
      resources: { requests: { cpu: '4', memory: '32Gi' }, limits: { memory: '32Gi' } },
    },
    'spark-connect': {
      replicas: 2,
      resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { memory: '16Gi' } },
    },
    'llm-inference': { replicas: 2 },
    qdrant: { storageSize: '200Gi', resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '8Gi' } } },
    neo4j: { storageSize: '100Gi', resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '8Gi' } } },
    redis: { storageSize: '16Gi', resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } } },
    postgresql: { storageSize: '500Gi', resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } } },
    'data-workbench': { replicas: hpa(2, 6) },
    'ai-workbench': { replicas: hpa(2, 6) },
    'playground-sandbox': { replicas: 2 },
  },
};
