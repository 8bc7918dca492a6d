/** dev: one replica of everything, no autoscaling, the Let's Encrypt staging issuer. */
import type { DeepPartial } from '../lib/config-check';
import type { PlatformConfig } from './types';

export const dev: DeepPartial<PlatformConfig> = {
  dns: { apiHost: 'api.dev.matih.ai', tenantDomain: 'dev.matih.ai' },
  clusterIssuer: 'letsencrypt-staging-dns01',
  kafka: {
    controllers: { replicas: 1, volumeSize: '5Gi', resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } } },
    brokers: { replicas: 1, volumeSize: '20Gi', volumes: 1, resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } } },
    replicationFactor: 1,
    minInSyncReplicas: 1,
    partitions: 3,
  },
  services: {
    'ai-service': { tag: '2.4.0-rc.1' },
    'query-engine': { tag: '1.10.0-rc.2' },
  },
};
