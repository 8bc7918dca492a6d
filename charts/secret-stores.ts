/**
 * Secrets from Azure Key Vault (seed 002: "All credentials via secretKeyRef, never
 * hardcoded"): one ClusterSecretStore that authenticates with the `external-secrets`
 * Workload Identity, and an ExternalSecret for every Secret a service names, the ACR pull
 * secrets included. No Secret with data is ever rendered.
 */
import { App } from 'cdk8s';
import type { Environment } from '../config';
import {
  ClusterSecretStoreV1Beta1, ClusterSecretStoreV1Beta1SpecProviderAzurekvAuthType as AuthType,
} from '../imports/eso-clustersecretstores-external-secrets.io';
import {
  ExternalSecretV1Beta1, ExternalSecretV1Beta1SpecSecretStoreRefKind as StoreKind,
  ExternalSecretV1Beta1SpecTargetCreationPolicy as Creation,
  ExternalSecretV1Beta1SpecTargetTemplateMergePolicy as MergePolicy,
  ExternalSecretV1Beta1SpecTargetTemplateEngineVersion as Engine,
} from '../imports/eso-externalsecrets-external-secrets.io';
import { KubeServiceAccount } from '../imports/k8s';
import { lazy } from '../lib/lazy';
import { ServiceWorkload, WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION } from '../lib/service-workload';
import { MANAGED_BY, PlatformChart } from './platform-chart';

export const KEY_VAULT_STORE = 'azure-key-vault';
/** The store of tenant-owned secrets: another vault, another identity, tenant namespaces only. */
export const TENANT_KEY_VAULT_STORE = 'tenant-key-vault';
const TENANTS_SERVICE_ACCOUNT = 'external-secrets-tenants';

/** The Key Vault secret that holds a Secret key: `<secret>-<key>`, in Key Vault's alphabet. */
export function keyVaultName(secret: string, key: string): string {
  return `${secret}-${key}`.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

export class SecretStoresChart extends PlatformChart {
  private readonly platformNamespaces = new Set<string>();

  constructor(scope: App, env: Environment, tenantNamespaceLabels: Readonly<Record<string, string>>) {
    super(scope, 'secret-stores', env);
    const ops = this.cfg.operatorNamespaces;
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': this.cfg.partOf };
    new ClusterSecretStoreV1Beta1(this, 'KeyVault', {
      metadata: { name: KEY_VAULT_STORE, labels },
      spec: {
        // only the namespaces whose ExternalSecrets use it: never a tenant namespace
        conditions: lazy(() => [{ namespaces: [...this.platformNamespaces].sort() }]),
        provider: {
          azurekv: {
            authType: AuthType.WORKLOAD_IDENTITY,
            vaultUrl: env.terraform.keyVaultUri,
            tenantId: env.terraform.tenantId,
            // the external-secrets ServiceAccount carries the Key Vault identity's client ID (Helm values)
            serviceAccountRef: { name: 'external-secrets', namespace: ops.externalSecrets },
          },
        },
      },
    });

    // Tenant secrets come from a vault of their own through an identity of their own, so
    // that a tenant namespace can never read a platform credential.
    new KubeServiceAccount(this, 'TenantsIdentity', {
      metadata: {
        name: TENANTS_SERVICE_ACCOUNT, namespace: ops.externalSecrets, labels,
        annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: env.terraform.workloadIdentityClientIds[TENANTS_SERVICE_ACCOUNT] },
      },
      automountServiceAccountToken: false,
    });
    new ClusterSecretStoreV1Beta1(this, 'TenantKeyVault', {
      metadata: { name: TENANT_KEY_VAULT_STORE, labels },
      spec: {
        conditions: [{ namespaceSelector: { matchLabels: { ...tenantNamespaceLabels } } }],
        provider: {
          azurekv: {
            authType: AuthType.WORKLOAD_IDENTITY,
            vaultUrl: env.terraform.tenantKeyVaultUri,
            tenantId: env.terraform.tenantId,
            serviceAccountRef: { name: TENANTS_SERVICE_ACCOUNT, namespace: ops.externalSecrets },
          },
        },
      },
    });
  }

  /** Lets the namespaces of these ExternalSecrets use the platform store. */
  public admit(namespace: string): void {
    this.platformNamespaces.add(namespace);
  }
}

/**
 * Adds one ExternalSecret per (namespace, Secret) that any service references through
 * `secretKeyRef` or `imagePullSecrets`, into the chart of the first such service. Secrets
 * the platform creates itself (`skip`) are left out.
 */
export function addExternalSecrets(app: App, skip: ReadonlySet<string>, partOf: string, stores?: SecretStoresChart): void {
  const services = app.node.findAll().filter((c): c is ServiceWorkload => c instanceof ServiceWorkload);
  const wanted = new Map<string, { owner: ServiceWorkload; keys: Set<string>; pull: boolean }>();
  const want = (svc: ServiceWorkload, secret: string) => {
    const id = `${svc.namespace}/${secret}`;
    let entry = wanted.get(id);
    if (!entry) { entry = { owner: svc, keys: new Set(), pull: false }; wanted.set(id, entry); }
    return entry;
  };
  for (const svc of services) {
    for (const ref of svc.secretKeyRefs()) if (!skip.has(ref.secret)) want(svc, ref.secret).keys.add(ref.key);
    for (const pull of svc.imagePullSecrets) want(svc, pull).pull = true;
  }
  const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': partOf };
  for (const id of [...wanted.keys()].sort()) {
    const { owner, keys, pull } = wanted.get(id)!;
    const secret = id.slice(id.indexOf('/') + 1);
    stores?.admit(owner.namespace);
    if (pull && keys.size > 0) throw new Error(`Secret "${secret}" in namespace "${owner.namespace}" is used both as an image pull secret and through secretKeyRef`);
    new ExternalSecretV1Beta1(owner, `ExternalSecret-${secret}`, {
      metadata: { name: secret, namespace: owner.namespace, labels },
      spec: {
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
      },
    });
  }
}
