/**
 * Loads one environment: base + override (typed deep-partial), validated, and the
 * Terraform outputs for it, validated. Every problem names the file, the path and the rule.
 */
import { Checker, deepMerge, DeepPartial, DNS_LABEL, GUID, hasPath, HOST, QUANTITY } from '../lib/config-check';
import { parseTerraformOutputs } from '../lib/terraform-outputs';
import { base } from './base';
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';
import { ENVIRONMENTS, EnvironmentName, PlatformConfig, SERVICE_NAMES } from './types';

export * from './types';

/** Values Terraform owns, from `config/terraform/<env>.json`. */
export interface TerraformOutputs {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly aksClusterName: string;
  readonly dnsZoneName: string;
  readonly dnsZoneResourceGroupName: string;
  readonly keyVaultUri: string;
  /** The Key Vault of tenant-owned secrets (registry credentials), apart from the platform's. */
  readonly tenantKeyVaultUri: string;
  readonly acrLoginServer: string;
  /** Endpoint of the Azure OpenAI account ai-service calls. */
  readonly azureOpenAiEndpoint: string;
  /** Managed identity client IDs by workload (`ai-service`, `cert-manager`, ...). */
  readonly workloadIdentityClientIds: Readonly<Record<string, string>>;
}

/** A loaded, validated environment. */
export interface Environment {
  readonly config: PlatformConfig;
  readonly terraform: TerraformOutputs;
}

/** The workloads that must have a Workload Identity (seed 000). */
export const IDENTITY_WORKLOADS = ['ai-service', 'cert-manager', 'external-secrets', 'external-secrets-tenants', 'infrastructure-service'] as const;

export const OVERRIDES: Readonly<Record<EnvironmentName, DeepPartial<PlatformConfig>>> = { dev, staging, prod };

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

/** The path of the Terraform outputs file of an environment, relative to the repository. */
export function terraformFile(env: EnvironmentName): string {
  return `config/terraform/${env}.json`;
}

/** Checks `env` names a known environment. */
export function assertEnvironment(env: string): asserts env is EnvironmentName {
  if (!(ENVIRONMENTS as readonly string[]).includes(env)) {
    throw new Error(`unknown environment "${env}": must be one of ${ENVIRONMENTS.join(', ')}`);
  }
}

/** Loads and validates an environment; `readFile` reads a path relative to the repository. */
export function loadEnvironment(env: EnvironmentName, readFile: (path: string) => string): Environment {
  const file = terraformFile(env);
  let text: string;
  try {
    text = readFile(file);
  } catch {
    throw new Error(`${file}: missing; save the environment's Terraform outputs with 'terraform output -json > ${file}'`);
  }
  return {
    config: buildPlatformConfig(env, OVERRIDES[env]),
    terraform: parseTerraform(file, text),
  };
}

/** Merges `override` into the base and validates the result. */
export function buildPlatformConfig(env: EnvironmentName, override: DeepPartial<PlatformConfig>): PlatformConfig {
  const merged = deepMerge<PlatformConfig>({ ...base, environment: env } as PlatformConfig, override);
  validatePlatformConfig(merged, (path) => (hasPath(override, path) ? `config/${env}.ts` : 'config/base.ts'));
  return merged;
}

/** Semantic rules the type system cannot state. */
export function validatePlatformConfig(cfg: PlatformConfig, fileOf: (path: readonly string[]) => string): void {
  const c = new Checker(fileOf);
  for (const [key, ns] of Object.entries({ ...cfg.namespaces, ...cfg.operatorNamespaces })) {
    c.string(cfg, [key in cfg.namespaces ? 'namespaces' : 'operatorNamespaces', key], { pattern: DNS_LABEL, describe: 'be a DNS label (namespace name)' });
    void ns;
  }
  c.string(cfg, ['dns', 'apiHost'], { pattern: HOST, describe: 'be a lower-case host name' });
  c.string(cfg, ['dns', 'tenantDomain'], { pattern: HOST, describe: 'be a lower-case domain name' });
  c.string(cfg, ['registry', 'repositoryPrefix'], { pattern: /^[a-z0-9]+([._/-][a-z0-9]+)*$/, describe: 'be a registry path' });
  cfg.registry.pullSecrets.forEach((_, i) => c.string(cfg, ['registry', 'pullSecrets', i], { pattern: DNS_LABEL, describe: 'be a Secret name' }));
  cfg.network.clusterCidrs.forEach((_, i) => c.string(cfg, ['network', 'clusterCidrs', i], { pattern: CIDR, describe: 'be an IPv4 CIDR' }));
  c.string(cfg, ['network', 'dnsServiceIp'], { pattern: /^(\d{1,3}\.){3}\d{1,3}$/, describe: 'be an IPv4 address' });
  c.string(cfg, ['storageClassName'], { pattern: DNS_LABEL, describe: 'be a StorageClass name' });
  c.string(cfg, ['acmeEmail'], { pattern: /^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$/, describe: 'be an e-mail address' });
  c.oneOf(cfg, ['clusterIssuer'], ['letsencrypt-staging-dns01', 'letsencrypt-prod-dns01'] as const);
  validateKafka(c, cfg);
  c.string(cfg, ['gitops', 'repoURL'], { pattern: /^(https:\/\/|git@|ssh:\/\/)\S+$/, describe: 'be a git URL (https://, ssh:// or git@)' });
  c.string(cfg, ['gitops', 'targetRevision'], { pattern: /^[\w./-]+$/, describe: 'be a branch, tag or commit' });
  c.boolean(cfg, ['gitops', 'automated']);
  for (const key of Object.keys(cfg.operatorCharts)) {
    c.string(cfg, ['operatorCharts', key, 'repoURL'], { pattern: /^https:\/\/\S+$/, describe: 'be an https Helm repository URL' });
    c.string(cfg, ['operatorCharts', key, 'version'], { pattern: /^v?\d+\.\d+\.\d+$/, describe: 'be a pinned chart version such as 1.2.3' });
  }

  for (const name of SERVICE_NAMES) {
    const at = ['services', name];
    if (!cfg.services[name]) { c.fail(at, 'is required', undefined); continue; }
    const tag = c.string(cfg, [...at, 'tag'], { pattern: TAG, describe: 'be a pinned image tag' });
    if (tag === 'latest') c.fail([...at, 'tag'], 'must be pinned: "latest" moves under a running Deployment', tag);
    c.integer(cfg, [...at, 'replicas'], 1, 100);
    const hpa = cfg.services[name].autoscaling;
    if (hpa !== false) {
      const min = c.integer(cfg, [...at, 'autoscaling', 'minReplicas'], 1, 100);
      const max = c.integer(cfg, [...at, 'autoscaling', 'maxReplicas'], 1, 500);
      if (min !== undefined && max !== undefined && min > max) {
        c.fail([...at, 'autoscaling', 'maxReplicas'], `must be at least minReplicas (${min})`, max);
      }
      c.integer(cfg, [...at, 'autoscaling', 'cpuUtilization'], 1, 100);
      if (hpa.memoryUtilization !== undefined) c.integer(cfg, [...at, 'autoscaling', 'memoryUtilization'], 1, 100);
    }
    for (const field of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'memory']]) {
      c.string(cfg, [...at, 'resources', ...field], { pattern: QUANTITY, describe: 'be a Kubernetes quantity such as 250m or 512Mi' });
    }
    if (cfg.services[name].resources?.limits?.cpu !== undefined) {
      c.string(cfg, [...at, 'resources', 'limits', 'cpu'], { pattern: QUANTITY, describe: 'be a Kubernetes quantity such as 250m or 512Mi' });
    }
    if (cfg.services[name].storageSize !== undefined) {
      c.string(cfg, [...at, 'storageSize'], { pattern: QUANTITY, describe: 'be a Kubernetes quantity such as 50Gi' });
    }
  }
  c.throwIfFailed();
}

function validateKafka(c: Checker, cfg: PlatformConfig): void {
  const k = cfg.kafka;
  c.string(cfg, ['kafka', 'clusterName'], { pattern: DNS_LABEL, describe: 'be a DNS label' });
  c.string(cfg, ['kafka', 'version'], { pattern: /^4\.[01]\.\d+$/, describe: 'be a Kafka version Strimzi 0.50 supports (4.0.x or 4.1.x)' });
  for (const pool of ['controllers', 'brokers'] as const) {
    c.integer(cfg, ['kafka', pool, 'replicas'], 1, 15);
    c.integer(cfg, ['kafka', pool, 'volumes'], 1, 8);
    c.string(cfg, ['kafka', pool, 'volumeSize'], { pattern: QUANTITY, describe: 'be a Kubernetes quantity such as 100Gi' });
  }
  const rf = c.integer(cfg, ['kafka', 'replicationFactor'], 1, 15);
  const isr = c.integer(cfg, ['kafka', 'minInSyncReplicas'], 1, 15);
  c.integer(cfg, ['kafka', 'partitions'], 1, 1000);
  if (rf !== undefined && rf > k.brokers.replicas) c.fail(['kafka', 'replicationFactor'], `must be at most kafka.brokers.replicas (${k.brokers.replicas})`, rf);
  if (rf !== undefined && isr !== undefined && isr > rf) c.fail(['kafka', 'minInSyncReplicas'], `must be at most kafka.replicationFactor (${rf})`, isr);
  if (cfg.environment === 'prod' && rf !== undefined && isr !== undefined && (rf < 3 || isr < 2)) {
    c.fail(['kafka', 'replicationFactor'], 'must be at least 3 with minInSyncReplicas at least 2 in prod', { replicationFactor: rf, minInSyncReplicas: isr });
  }
}

/** Validates the Terraform outputs of an environment. */
export function parseTerraform(file: string, text: string): TerraformOutputs {
  const guid = { pattern: GUID, describe: 'be a lower-case GUID' };
  const o = parseTerraformOutputs(file, text, [
    { name: 'tenant_id', type: 'string', ...guid },
    { name: 'subscription_id', type: 'string', ...guid },
    { name: 'resource_group_name', type: 'string', pattern: /^[-\w.()]{1,89}[-\w()]$/, describe: 'be an Azure resource group name' },
    { name: 'location', type: 'string', pattern: /^[a-z0-9]+$/, describe: 'be an Azure region such as westeurope' },
    { name: 'aks_cluster_name', type: 'string', pattern: DNS_LABEL, describe: 'be a cluster name' },
    { name: 'dns_zone_name', type: 'string', pattern: HOST, describe: 'be a DNS zone name' },
    { name: 'dns_zone_resource_group_name', type: 'string', pattern: /^[-\w.()]{1,89}[-\w()]$/, describe: 'be an Azure resource group name' },
    { name: 'key_vault_uri', type: 'string', pattern: /^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.net\/$/, describe: 'be a Key Vault URI such as https://kv-name.vault.azure.net/' },
    { name: 'tenant_key_vault_uri', type: 'string', pattern: /^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.net\/$/, describe: 'be a Key Vault URI such as https://kv-name.vault.azure.net/' },
    { name: 'acr_login_server', type: 'string', pattern: /^[a-z0-9]{5,50}\.azurecr\.io$/, describe: 'be an ACR login server such as myacr.azurecr.io' },
    { name: 'azure_openai_endpoint', type: 'string', pattern: /^https:\/\/[a-z0-9-]{2,64}\.openai\.azure\.com\/$/, describe: 'be an Azure OpenAI endpoint such as https://name.openai.azure.com/' },
    { name: 'workload_identity_client_ids', type: 'map', ...guid, requiredKeys: IDENTITY_WORKLOADS },
  ]);
  return {
    tenantId: o.tenant_id as string,
    subscriptionId: o.subscription_id as string,
    resourceGroupName: o.resource_group_name as string,
    location: o.location as string,
    aksClusterName: o.aks_cluster_name as string,
    dnsZoneName: o.dns_zone_name as string,
    dnsZoneResourceGroupName: o.dns_zone_resource_group_name as string,
    keyVaultUri: o.key_vault_uri as string,
    tenantKeyVaultUri: o.tenant_key_vault_uri as string,
    acrLoginServer: o.acr_login_server as string,
    azureOpenAiEndpoint: o.azure_openai_endpoint as string,
    workloadIdentityClientIds: o.workload_identity_client_ids as Record<string, string>,
  };
}
