/**
 * The stack's shared settings (docs/stack.md); environments override what differs. Chart
 * pins are in base.ts with the other operators'.
 */
import type { StackSettings } from './schema/stack';

const temporalService = (cpu: string, memory: string, limit: string) => ({ replicas: 1, resources: { requests: { cpu, memory }, limits: { memory: limit } } });

export const stackBase: StackSettings = {
  crossplane: {
    packageRegistry: 'xpkg.crossplane.io/crossplane-contrib',
    providerVersion: 'v2.7.0',
    // a tenant's resource group and the storage account and containers of its lakehouse
    managedResources: {
      'azure.upbound.io': ['resourcegroups'],
      'storage.azure.upbound.io': ['accounts', 'containers'],
    },
  },
  ray: {
    enabled: false,
    rayVersion: '2.52.0',
    image: { repository: 'rayproject/ray', tag: '2.52.0', gpuTag: '2.52.0-gpu' },
    // the head runs no tasks (num-cpus 0): GCS, dashboard and autoscaler only
    head: { pool: 'aicompute', resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } } },
    // one T4 per Standard_NC4as_T4_v3 node (4 vCPU, 28 GiB): a worker fills a node
    gpuWorkers: {
      pool: 'gpu',
      minReplicas: 0,
      maxReplicas: 1,
      gpusPerWorker: 1,
      resources: { requests: { cpu: '3', memory: '16Gi' }, limits: { cpu: '3', memory: '16Gi' } },
    },
    idleTimeoutSeconds: 600,
  },
  temporal: {
    numHistoryShards: 512,
    pool: 'ctrlplane',
    frontend: temporalService('250m', '512Mi', '1Gi'),
    history: temporalService('500m', '1Gi', '2Gi'),
    matching: temporalService('250m', '512Mi', '1Gi'),
    worker: temporalService('100m', '256Mi', '512Mi'),
    database: { default: 'temporal', visibility: 'temporal_visibility', user: 'temporal' },
    ui: false,
  },
  kyverno: {
    admissionReplicas: 3,
    reservedPools: ['playground'],
    // Calico's node agents (AKS network policy) tolerate every taint
    excludedNamespaces: ['calico-system', 'tigera-operator'],
  },
};
