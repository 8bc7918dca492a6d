/**
 * What Terraform owns, per cluster: `terraform output -json` saved as
 * `config/terraform/<env>/<cluster>.json`. Sensitive outputs are refused: their values must
 * never reach dist/.
 */
import { z } from 'zod';
import { acrLoginServer, azureRegion, cidr, dnsLabel, guid, hostName, ipv4, resourceGroup } from './formats';

const keyVaultUri = z.string().regex(/^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.net\/$/, 'must be a Key Vault URI such as https://kv-name.vault.azure.net/');
const openAiEndpoint = z
  .string()
  .regex(/^https:\/\/[a-z0-9-]{2,64}\.openai\.azure\.com\/$/, 'must be an Azure OpenAI endpoint such as https://name.openai.azure.com/');

/** One output as `terraform output -json` prints it. */
function output<T extends z.ZodType>(value: T) {
  return z.object({
    sensitive: z.literal(false, { error: 'must be false: sensitive outputs must not be rendered into manifests' }),
    type: z.unknown(),
    value,
  });
}

/** The outputs every cluster's file holds; `workload_identity_client_ids` holds a client ID per workload. */
export const terraformSchema = z.object({
  tenant_id: output(guid),
  subscription_id: output(guid),
  resource_group_name: output(resourceGroup),
  location: output(azureRegion),
  aks_cluster_name: output(dnsLabel),
  /** The address the cluster's API server answers on, as its pods reach it: public for a public cluster, inside the VNet with API Server VNet Integration or a private cluster. */
  aks_api_server_ip: output(ipv4),
  /** The cluster VNet's range: nodes and, with Azure CNI, pods. */
  vnet_cidr: output(cidr),
  dns_zone_name: output(hostName),
  dns_zone_resource_group_name: output(resourceGroup),
  key_vault_uri: output(keyVaultUri),
  tenant_key_vault_uri: output(keyVaultUri),
  acr_login_server: output(acrLoginServer),
  azure_openai_endpoint: output(openAiEndpoint),
  workload_identity_client_ids: output(z.record(z.string(), guid)),
});

/** The validated outputs, in the code's words. */
export interface TerraformOutputs {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly aksClusterName: string;
  readonly apiServerIp: string;
  readonly vnetCidr: string;
  readonly dnsZoneName: string;
  readonly dnsZoneResourceGroupName: string;
  readonly keyVaultUri: string;
  readonly tenantKeyVaultUri: string;
  readonly acrLoginServer: string;
  readonly azureOpenAiEndpoint: string;
  /** Managed identity client IDs by workload (`ai-service`, `cert-manager`, ...). */
  readonly workloadIdentityClientIds: Readonly<Record<string, string>>;
}

export function toTerraformOutputs(o: z.infer<typeof terraformSchema>): TerraformOutputs {
  return {
    tenantId: o.tenant_id.value,
    subscriptionId: o.subscription_id.value,
    resourceGroupName: o.resource_group_name.value,
    location: o.location.value,
    aksClusterName: o.aks_cluster_name.value,
    apiServerIp: o.aks_api_server_ip.value,
    vnetCidr: o.vnet_cidr.value,
    dnsZoneName: o.dns_zone_name.value,
    dnsZoneResourceGroupName: o.dns_zone_resource_group_name.value,
    keyVaultUri: o.key_vault_uri.value,
    tenantKeyVaultUri: o.tenant_key_vault_uri.value,
    acrLoginServer: o.acr_login_server.value,
    azureOpenAiEndpoint: o.azure_openai_endpoint.value,
    workloadIdentityClientIds: o.workload_identity_client_ids.value,
  };
}
