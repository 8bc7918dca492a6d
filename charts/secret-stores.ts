/**
 * Secrets from Azure Key Vault (docs/platform.md#secrets: every credential through a
 * secretKeyRef, never in the manifests): a ClusterSecretStore that authenticates with the
 * cluster's `external-secrets` Workload Identity, and an ExternalSecret for every Secret a
 * service names, the ACR pull secrets included. No Secret with data is ever rendered.
 */
import { Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ClusterSecretStoreV1Beta1, ClusterSecretStoreV1Beta1SpecProviderAzurekvAuthType as AuthType,
} from '../imports/eso-clustersecretstores-external-secrets.io';
import {
  ExternalSecretV1Beta1, type ExternalSecretV1Beta1Spec, ExternalSecretV1Beta1SpecSecretStoreRefKind as StoreKind,
  ExternalSecretV1Beta1SpecTargetCreationPolicy as Creation,
  ExternalSecretV1Beta1SpecTargetTemplateEngineVersion as Engine,
  ExternalSecretV1Beta1SpecTargetTemplateMergePolicy as MergePolicy,
} from '../imports/eso-externalsecrets-external-secrets.io';
import { KubeServiceAccount } from '../imports/k8s';
import { onPhase, Phase } from '../lib/phases';
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, ServiceWorkload } from '../lib/workload/service-workload';
import type { ClusterContext, PlatformChart } from './context';
import { KAFKA_CLUSTER_CA_SECRET } from './kafka/clients';

export const KEY_VAULT_STORE = 'azure-key-vault';
/** The store of tenant-owned secrets: another vault, another identity, tenant namespaces only. */
export const TENANT_KEY_VAULT_STORE = 'tenant-key-vault';
const TENANTS_SERVICE_ACCOUNT = 'external-secrets-tenants';

/** The Key Vault secret that holds a Secret key: `<secret>-<key>`, in Key Vault's alphabet. */
export function keyVaultName(secret: string, key: string): string {
  return `${secret}-${key}`.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Namespaces of the ExternalSecrets that charts add with {@link addKeyVaultSecret}, per cluster. */
const extraUsers = new WeakMap<ClusterContext, Set<string>>();

/**
 * An ExternalSecret for a Secret that no service names (one a Helm chart reads, such as
 * Grafana's admin credentials, or the pull secrets of pods an operator creates): each key
 * from Key Vault secret `<secret>-<key>`, or with `imagePull` the whole docker config JSON.
 * Its namespace joins those the platform store admits.
 */
export function addKeyVaultSecret(
  ctx: ClusterContext, scope: Construct, secret: { readonly name: string; readonly namespace: string; readonly keys: readonly string[]; readonly imagePull?: boolean },
): void {
  const users = extraUsers.get(ctx) ?? new Set<string>();
  users.add(secret.namespace);
  extraUsers.set(ctx, users);
  new ExternalSecretV1Beta1(scope, `ExternalSecret-${secret.namespace}-${secret.name}`, {
    metadata: { name: secret.name, namespace: secret.namespace, labels: ctx.labels() },
    spec: externalSecretSpec(secret.name, secret.imagePull ?? false, secret.keys),
  });
}

/** An ExternalSecret's spec: an image pull secret (the whole docker config JSON), or one Key Vault secret per key. */
function externalSecretSpec(secret: string, pull: boolean, keys: Iterable<string>): ExternalSecretV1Beta1Spec {
  return {
    refreshInterval: '1h',
    secretStoreRef: { kind: StoreKind.CLUSTER_SECRET_STORE, name: KEY_VAULT_STORE },
    target: pull
      ? {
        name: secret, creationPolicy: Creation.OWNER,
        // Key Vault holds the whole docker config JSON; no template expressions needed
        template: { type: 'kubernetes.io/dockerconfigjson', engineVersion: Engine.V2, mergePolicy: MergePolicy.MERGE },
      }
      : { name: secret, creationPolicy: Creation.OWNER },
    data: pull
      ? [{ secretKey: '.dockerconfigjson', remoteRef: { key: `${secret}-dockerconfigjson` } }]
      : [...keys].sort().map((key) => ({ secretKey: key, remoteRef: { key: keyVaultName(secret, key) } })),
  };
}

/**
 * The `secret-stores` folder, and, once every service is declared, an ExternalSecret for each
 * Secret the cluster's services name (Secrets the platform makes itself are left out).
 */
export function addSecretStores(ctx: ClusterContext, tenantNamespaceLabels?: Readonly<Record<string, string>>): PlatformChart {
  const chart = ctx.chart('secret-stores');
  const ops = ctx.platform.operatorNamespaces;
  const labels = ctx.labels();
  const users = new Set<string>();
  new ClusterSecretStoreV1Beta1(chart, 'KeyVault', {
    metadata: { name: KEY_VAULT_STORE, labels },
    spec: {
      // only the namespaces whose ExternalSecrets use it: never a tenant namespace
      conditions: Lazy.any({ produce: () => [{ namespaces: [...new Set([...users, ...(extraUsers.get(ctx) ?? [])])].sort() }] }),
      provider: {
        azurekv: {
          authType: AuthType.WORKLOAD_IDENTITY,
          vaultUrl: ctx.terraform.keyVaultUri,
          tenantId: ctx.terraform.tenantId,
          // the external-secrets ServiceAccount carries the Key Vault identity's client ID (Helm values)
          serviceAccountRef: { name: 'external-secrets', namespace: ops.externalSecrets },
        },
      },
    },
  });
  if (tenantNamespaceLabels) addTenantStore(ctx, chart, tenantNamespaceLabels);
  onPhase(chart, Phase.COLLECT, () => {
    for (const ns of addExternalSecrets(ctx, new Set([KAFKA_CLUSTER_CA_SECRET]))) users.add(ns);
  });
  return chart;
}

/**
 * Tenant secrets come from a vault of their own through an identity of their own, so that a
 * tenant namespace can never read a platform credential.
 */
function addTenantStore(ctx: ClusterContext, chart: PlatformChart, tenantNamespaceLabels: Readonly<Record<string, string>>): void {
  const ops = ctx.platform.operatorNamespaces;
  const labels = ctx.labels();
  new KubeServiceAccount(chart, 'TenantsIdentity', {
    metadata: {
      name: TENANTS_SERVICE_ACCOUNT, namespace: ops.externalSecrets, labels,
      annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: ctx.identity(TENANTS_SERVICE_ACCOUNT) },
    },
    automountServiceAccountToken: false,
  });
  new ClusterSecretStoreV1Beta1(chart, 'TenantKeyVault', {
    metadata: { name: TENANT_KEY_VAULT_STORE, labels },
    spec: {
      conditions: [{ namespaceSelector: { matchLabels: { ...tenantNamespaceLabels } } }],
      provider: {
        azurekv: {
          authType: AuthType.WORKLOAD_IDENTITY,
          vaultUrl: ctx.terraform.tenantKeyVaultUri,
          tenantId: ctx.terraform.tenantId,
          serviceAccountRef: { name: TENANTS_SERVICE_ACCOUNT, namespace: ops.externalSecrets },
        },
      },
    },
  });
}

/**
 * One ExternalSecret per (namespace, Secret) that any service of the cluster references
 * through `secretKeyRef` or `imagePullSecrets`, in the chart of the first such service.
 * Returns the namespaces that use the store.
 */
function addExternalSecrets(ctx: ClusterContext, skip: ReadonlySet<string>): string[] {
  const wanted = new Map<string, { owner: ServiceWorkload; keys: Set<string>; pull: boolean }>();
  const want = (svc: ServiceWorkload, secret: string) => {
    const id = `${svc.namespace}/${secret}`;
    let entry = wanted.get(id);
    if (!entry) {
      entry = { owner: svc, keys: new Set(), pull: false };
      wanted.set(id, entry);
    }
    return entry;
  };
  for (const svc of ctx.services()) {
    for (const ref of svc.secretKeyRefs()) if (!skip.has(ref.secret)) want(svc, ref.secret).keys.add(ref.key);
    for (const pull of svc.imagePullSecrets) want(svc, pull).pull = true;
  }
  const labels = ctx.labels();
  const namespaces = new Set<string>();
  for (const id of [...wanted.keys()].sort()) {
    const { owner, keys, pull } = wanted.get(id)!;
    const secret = id.slice(id.indexOf('/') + 1);
    namespaces.add(owner.namespace);
    if (pull && keys.size > 0) throw new Error(`Secret "${secret}" in namespace "${owner.namespace}" is used both as an image pull secret and through secretKeyRef`);
    new ExternalSecretV1Beta1(owner, `ExternalSecret-${secret}`, { metadata: { name: secret, namespace: owner.namespace, labels }, spec: externalSecretSpec(secret, pull, keys) });
  }
  return [...namespaces];
}
