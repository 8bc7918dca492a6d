/** prod: highly available, autoscaled, sized for production load. */
import type { DeepPartial } from '../lib/config-check';
import type { PlatformConfig, ServiceSettings } from './types';

const hpa = (minReplicas: number, maxReplicas: number): ServiceSettings['autoscaling'] =>
  ({ minReplicas, maxReplicas, cpuUtilization: 70, memoryUtilization: 80 });

export const prod: DeepPartial<PlatformConfig> = {
  // a person presses sync in production after reading the diff
  gitops: { automated: false },
  services: {
    'iam-service': {
      autoscaling: hpa(3, 10),
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    },
    'tenant-service': { replicas: 3 },
    'config-service': { replicas: 3 },
    'infrastructure-service': { replicas: 2 },
    'ai-service': {
      autoscaling: hpa(3, 12),
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } },
    },
    'query-engine': {
      autoscaling: hpa(3, 10),
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
    },
    'catalog-service': { autoscaling: hpa(2, 6) },
    'bi-service': { autoscaling: hpa(2, 6) },
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
    'data-workbench': { autoscaling: hpa(2, 6) },
    'ai-workbench': { autoscaling: hpa(2, 6) },
    'playground-sandbox': { replicas: 2 },
  },
};
