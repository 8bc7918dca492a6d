/** dev: one replica of everything, no autoscaling, the Let's Encrypt staging issuer. */
import { aiPlatformPools, matihPools } from './pools';
import type { PlatformSettings } from './schema/platform';
import type { DeepPartial } from './schema/problems';

const network = { serviceCidr: '10.1.0.0/16', dnsServiceIp: '10.1.0.10' };

export const dev: DeepPartial<PlatformSettings> = {
  dns: { apiHost: 'api.dev.matih.ai', tenantDomain: 'dev.matih.ai' },
  clusterIssuer: 'letsencrypt-staging-dns01',
  gitops: { managementCluster: 'matih-dev' },
  clusters: {
    'matih-dev': {
      region: 'northeurope',
      kubernetesVersion: '1.29',
      network,
      systems: ['matih', 'maia-runner'],
      pools: matihPools({ dataplane: { maxNodes: 4 }, compute: { minNodes: 1, maxNodes: 4 }, gpu: { maxNodes: 1 } }),
    },
    'ai-platform-dev': { region: 'northeurope', kubernetesVersion: '1.29', network, systems: ['ai-platform'], pools: aiPlatformPools() },
  },
  kafka: {
    controllers: { replicas: 1, volumeSize: '5Gi', resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } } },
    brokers: { replicas: 1, volumeSize: '20Gi', volumes: 1, resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } } },
    replicationFactor: 1,
    minInSyncReplicas: 1,
    partitions: 3,
  },
  // a week of samples; nothing pages in dev
  monitoring: {
    prometheus: { retentionDays: 7, activeSeries: 100_000 },
    alerts: {
      crashLooping: { severity: 'warning' },
      kafkaUnderReplicated: { severity: 'warning' },
      kafkaOfflinePartitions: { severity: 'warning' },
      argocdDegraded: { severity: 'warning' },
      maiaRunnerStopped: { severity: 'warning' },
    },
  },
  spark: { executors: { max: 2, cores: 1, memory: '2Gi', memoryOverhead: '512Mi' } },
  // a small history: shards are fixed when the database is first set up
  stack: { temporal: { numHistoryShards: 128 } },
  services: {
    'ai-service': { tag: '2.4.0-rc.1' },
    'query-engine': { tag: '1.10.0-rc.2' },
  },
};
