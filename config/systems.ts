/**
 * What each system needs of a cluster's Terraform outputs: the workloads that reach Azure
 * through a Workload Identity, whose client IDs the cluster's outputs must hold.
 * docs/platform.md#workload-identity
 */
import type { SystemName } from './schema/clusters';

/** Every cluster runs cert-manager (Azure DNS), External Secrets (Key Vault) and Grafana (Azure Monitor). */
export const CLUSTER_IDENTITIES: readonly string[] = ['cert-manager', 'external-secrets', 'grafana'];

/** What each system adds. */
export const SYSTEM_IDENTITIES: Readonly<Record<SystemName, readonly string[]>> = {
  matih: ['ai-service', 'crossplane-provider-azure', 'external-secrets-tenants', 'infrastructure-service'],
  'maia-runner': ['maia-runner'],
  'ai-platform': [],
};
