import { type Inventory } from './inventory';
import { asArray, asMap, asString, asStringMap, type JsonMap } from './json';
import { parseLabelSelector } from './label-selector';
import type { ReferenceFinding } from './pod-references';
import { objectId } from './problem';

const CROSSPLANE_PKG = 'pkg.crossplane.io';
const WI_USE = 'azure.workload.identity/use';
const WI_CLIENT_ID = 'azure.workload.identity/client-id';
/** The credential sources whose client ID the ProviderConfig itself must name (provider-upjet-azure v2.7.0, internal/clients/azure.go). */
const OIDC_SOURCES = new Set(['OIDCTokenFile', 'Upbound']);
/** Packages of the Azure provider family: its config package and its service packages. */
const AZURE_FAMILY = /\/(provider-family-azure|provider-azure-[a-z0-9]+)(:|@)/;

/**
 * `ref/runtimeConfig`: a Crossplane Provider or Function names a DeploymentRuntimeConfig
 * that exists (`default`, which Crossplane creates when it is missing, always does).
 */
export function checkRuntimeConfigRef(spec: JsonMap, inventory: Inventory): ReferenceFinding[] {
  const name = asString(asMap(spec.runtimeConfigRef)?.name) ?? 'default';
  if (name === 'default' || inventory.has(CROSSPLANE_PKG, 'DeploymentRuntimeConfig', '', name)) return [];
  return [{ rule: 'ref/runtimeConfig', message: `spec.runtimeConfigRef.name: no DeploymentRuntimeConfig "${name}"` }];
}

/**
 * `ref/providerIdentity`: an Azure ProviderConfig that exchanges a federated token
 * (OIDCTokenFile) names its client, tenant and subscription (the provider reads no
 * environment for them), and an Azure family Provider runs under that identity: its runtime
 * config labels the pods for Workload Identity and names a ServiceAccount annotated with
 * the same client ID, so the token the webhook projects is the one Azure trusts.
 */
export function checkProviderIdentity(spec: JsonMap, inventory: Inventory): ReferenceFinding[] {
  const source = asString(asMap(spec.credentials)?.source) ?? '';
  if (!OIDC_SOURCES.has(source)) return [];
  const missing = ['clientID', 'tenantID', 'subscriptionID'].filter((f) => !asString(spec[f]));
  if (missing.length)
    return [
      {
        rule: 'ref/providerIdentity',
        message: `spec.${missing.join(', spec.')}: required with credentials.source ${source} (the provider reads them from here only)`,
      },
    ];
  const clientId = asString(spec.clientID)!;
  const providers = inventory.ofKind(CROSSPLANE_PKG, 'Provider').filter((p) => AZURE_FAMILY.test(asString(asMap(asMap(p.object)?.spec)?.package) ?? ''));
  if (!providers.length)
    return [{ rule: 'ref/providerIdentity', message: 'no Provider of the Azure family (provider-family-azure, provider-azure-*) uses this ProviderConfig' }];
  const identities = providers.map((p) => providerIdentity(asMap(asMap(p.object)?.spec) ?? {}, inventory));
  if (identities.some((i) => i.clientId === clientId)) return [];
  const seen = providers.map((p, i) => `${objectId(p.object).name}: ${identities[i].why}`).join('; ');
  return [{ rule: 'ref/providerIdentity', message: `spec.clientID ${clientId}: no Azure Provider runs with a Workload Identity of that client ID (${seen})` }];
}

/** The client ID a Provider's pods get from Workload Identity, or why they get none. */
function providerIdentity(spec: JsonMap, inventory: Inventory): { clientId?: string; why: string } {
  const config = asString(asMap(spec.runtimeConfigRef)?.name) ?? 'default';
  const drc = inventory.get(CROSSPLANE_PKG, 'DeploymentRuntimeConfig', '', config)[0];
  const template = asMap(asMap(asMap(asMap(asMap(drc?.object)?.spec)?.deploymentTemplate)?.spec)?.template);
  if (!template) return { why: `runtime config "${config}" sets no pod template` };
  if (asStringMap(asMap(template.metadata)?.labels)[WI_USE] !== 'true') return { why: `runtime config "${config}" lacks the pod label ${WI_USE}: "true"` };
  const sa = asString(asMap(template.spec)?.serviceAccountName);
  if (!sa) return { why: `runtime config "${config}" names no serviceAccountName` };
  const accounts = inventory.ofKind('', 'ServiceAccount').filter((a) => objectId(a.object).name === sa);
  const ids = accounts.map((a) => asString(asMap(asMap(asMap(a.object)?.metadata)?.annotations)?.[WI_CLIENT_ID])).filter((id): id is string => !!id);
  if (!ids.length)
    return { why: `ServiceAccount "${sa}" of runtime config "${config}" ${accounts.length ? `has no ${WI_CLIENT_ID} annotation` : 'is not rendered'}` };
  return { clientId: ids[0], why: `ServiceAccount "${sa}" is annotated ${ids[0]}` };
}

/**
 * `ref/policyNamespaces`: the namespaces a Kyverno policy's rules match or exclude exist:
 * names in `namespaces` (without wildcards) are namespaces of the cluster, and every label
 * key of a `namespaceSelector` is carried by some Namespace (a misspelt key silently selects
 * nothing). Judged only when the run holds Namespace objects.
 */
export function checkPolicyNamespaces(spec: JsonMap, inventory: Inventory): ReferenceFinding[] {
  const namespaces = inventory.ofKind('', 'Namespace');
  if (!namespaces.length) return [];
  const keys = new Set(['kubernetes.io/metadata.name', ...namespaces.flatMap((n) => Object.keys(asStringMap(asMap(asMap(n.object)?.metadata)?.labels)))]);
  const out: ReferenceFinding[] = [];
  asArray(spec.rules).forEach((raw, i) => {
    const rule = asMap(raw) ?? {};
    for (const part of ['match', 'exclude']) {
      for (const list of ['any', 'all']) {
        asArray(asMap(rule[part])?.[list]).forEach((entry, j) => {
          const resources = asMap(asMap(entry)?.resources) ?? {};
          const at = `spec.rules[${i}].${part}.${list}[${j}].resources`;
          for (const ns of asArray(resources.namespaces).map(String)) {
            if (/[*?]/.test(ns) || inventory.has('', 'Namespace', '', ns) || ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(ns))
              continue;
            out.push({ rule: 'ref/policyNamespaces', message: `${at}.namespaces: no Namespace "${ns}" in this cluster's objects` });
          }
          if (resources.namespaceSelector === undefined) return;
          const selector = parseLabelSelector(resources.namespaceSelector);
          const used = [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((e) => e.key)];
          for (const key of used.filter((k) => !keys.has(k))) {
            out.push({ rule: 'ref/policyNamespaces', message: `${at}.namespaceSelector: no Namespace of this cluster carries the label "${key}"` });
          }
        });
      }
    }
  });
  return out;
}
