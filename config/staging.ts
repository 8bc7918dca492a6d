/** staging: production shape at smaller scale (seed 001: staging.matih.ai). */
import type { DeepPartial } from '../lib/config-check';
import type { PlatformConfig } from './types';

const twoToFour = { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 };

export const staging: DeepPartial<PlatformConfig> = {
  dns: { apiHost: 'staging.matih.ai', tenantDomain: 'staging.matih.ai' },
  kafka: {
    brokers: { volumeSize: '100Gi', resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } } },
    partitions: 6,
  },
  services: {
    'iam-service': { autoscaling: twoToFour },
    'tenant-service': { replicas: 2 },
    'ai-service': { tag: '2.4.0', autoscaling: twoToFour },
    'query-engine': { tag: '1.10.0', autoscaling: twoToFour },
    'catalog-service': { replicas: 2 },
    trino: { replicas: 2 },
    'data-workbench': { replicas: 2 },
    'ai-workbench': { replicas: 2 },
  },
};
