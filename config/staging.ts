/** staging: production shape at smaller scale (staging.matih.ai). */
import { aiPlatformPools, matihPools } from './pools';
import type { PlatformSettings } from './schema/platform';
import type { DeepPartial } from './schema/problems';

const twoToFour = { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 };
const network = { serviceCidr: '10.1.0.0/16', dnsServiceIp: '10.1.0.10' };

export const staging: DeepPartial<PlatformSettings> = {
  dns: { apiHost: 'staging.matih.ai', tenantDomain: 'staging.matih.ai' },
  gitops: { managementCluster: 'matih-staging' },
  clusters: {
    // a dataplane node in each zone: Kafka's three controllers and brokers spread over the zones, hard (charts/kafka)
    'matih-staging': { region: 'westeurope', kubernetesVersion: '1.29', network, systems: ['matih', 'maia-runner'], pools: matihPools({ dataplane: { minNodes: 3, maxNodes: 6 } }) },
    'ai-platform-staging': { region: 'westeurope', kubernetesVersion: '1.29', network, systems: ['ai-platform'], pools: aiPlatformPools() },
  },
  kafka: {
    brokers: { volumeSize: '100Gi', resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } } },
    partitions: 6,
  },
  // a week of samples; nothing pages in staging
  monitoring: {
    prometheus: { retentionDays: 7, activeSeries: 200_000 },
    alerts: {
      crashLooping: { severity: 'warning' },
      kafkaUnderReplicated: { severity: 'warning' },
      kafkaOfflinePartitions: { severity: 'warning' },
      argocdDegraded: { severity: 'warning' },
      maiaRunnerStopped: { severity: 'warning' },
    },
  },
  stack: {
    ray: { enabled: true },
    temporal: { frontend: { replicas: 2 }, history: { replicas: 2 }, matching: { replicas: 2 } },
  },
  services: {
    'iam-service': { replicas: twoToFour },
    'tenant-service': { replicas: 2 },
    'ai-service': { tag: '2.4.0', replicas: twoToFour },
    'query-engine': { tag: '1.10.0', replicas: twoToFour },
    'catalog-service': { replicas: 2 },
    trino: { replicas: 2 },
    'data-workbench': { replicas: 2 },
    'ai-workbench': { replicas: 2 },
  },
};
