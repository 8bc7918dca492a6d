import type { Tenant } from '../../config';
import { renderApp } from '../../lib/render/render';
import { allowedFlows, podGroups } from '../../tools/flows/network-flows';
import { appWithTenants, clusterObjects, env, find, tenantsYaml } from '../helpers';

type Name = 'dev' | 'staging' | 'prod';
const base: Tenant[] = [{ slug: 'bigcorp', displayName: 'BigCorp', tier: 'standard', environments: ['dev', 'staging', 'prod'] }];
const build = (name: Name, tenants: readonly Tenant[]) => appWithTenants(name, tenantsYaml(tenants));
/** The objects of the environment's MATIH cluster, where tenants live. */
const objectsOf = (name: Name, tenants: readonly Tenant[]) => clusterObjects(name, undefined, build(name, tenants));
const render = (name: Name, tenants: readonly Tenant[]) => new Map(renderApp(build(name, tenants), name).map((f) => [f.path, f.content]));

describe('tenants', () => {
  test('a tenant added to the file appears with all its resources and nothing else changes', () => {
    const before = render('prod', base);
    const after = render('prod', [...base, { slug: 'newco', displayName: 'NewCo', tier: 'enterprise', environments: ['prod'], dedicatedIngress: { resourceGroup: 'rg-newco' } }]);
    const changed = [...after.keys()].filter((f) => before.get(f) !== after.get(f)).sort();
    const removed = [...before.keys()].filter((f) => !after.has(f));
    expect(removed).toEqual([]);
    expect(changed).toEqual([
      'prod/matih-prod/argocd/application-matih-prod-tenant-newco-ingress-nginx.yaml',
      'prod/matih-prod/argocd/application-matih-prod-tenant-newco.yaml',
      'prod/matih-prod/tenant-newco/certificate-newco-tls.yaml',
      'prod/matih-prod/tenant-newco/configmap-tenant-profile.yaml',
      'prod/matih-prod/tenant-newco/limitrange-tenant-limits.yaml',
      'prod/matih-prod/tenant-newco/namespace-matih-tenant-newco.yaml',
      'prod/matih-prod/tenant-newco/networkpolicy-allow-dns-egress.yaml',
      'prod/matih-prod/tenant-newco/networkpolicy-allow-from-ingress-controller.yaml',
      'prod/matih-prod/tenant-newco/networkpolicy-allow-ingress-controller.yaml',
      'prod/matih-prod/tenant-newco/networkpolicy-allow-to-platform-services.yaml',
      'prod/matih-prod/tenant-newco/networkpolicy-default-deny.yaml',
      'prod/matih-prod/tenant-newco/resourcequota-tenant-quota.yaml',
    ]);
  });

  test('a tenant exists only in the environments it lists', () => {
    const staged: Tenant[] = [{ slug: 'onlyprod', displayName: 'P', tier: 'free', environments: ['prod'] }];
    expect([...render('dev', staged).keys()].filter((f) => f.includes('onlyprod'))).toEqual([]);
    expect([...render('prod', staged).keys()].filter((f) => f.includes('onlyprod')).length).toBeGreaterThan(5);
  });

  test('the namespace enforces restricted, carries the tenant labels and is protected', () => {
    const ns = find(objectsOf('prod', base), 'Namespace', 'matih-tenant-bigcorp');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted', 'matih.ai/tenant': 'bigcorp', 'matih.ai/tier': 'standard', 'matih.ai/role': 'tenant',
    });
    expect(ns.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('quota and limits come from the tier, and free tenants are marked for the playground pool (profile and namespace annotation)', () => {
    const free: Tenant[] = [{ slug: 'trial', displayName: 'T', tier: 'free', environments: ['dev'] }];
    const objs = objectsOf('dev', free);
    expect(find(objs, 'ResourceQuota', 'tenant-quota', 'matih-tenant-trial').spec.hard).toEqual({
      'limits.cpu': '4', 'limits.memory': '8Gi', persistentvolumeclaims: 2, pods: 20,
      'requests.cpu': '2', 'requests.memory': '4Gi', 'requests.storage': '20Gi', 'services.loadbalancers': 0, 'services.nodeports': 0,
    });
    expect(find(objs, 'LimitRange', 'tenant-limits', 'matih-tenant-trial').spec.limits[0].max).toEqual({ cpu: '1', memory: '2Gi' });
    expect(find(objs, 'ConfigMap', 'tenant-profile', 'matih-tenant-trial').data.nodePool).toBe('playground');
    expect(find(objs, 'Namespace', 'matih-tenant-trial').metadata.annotations['scheduler.alpha.kubernetes.io/node-selector'])
      .toBe('kubernetes.azure.com/agentpool=playground');
  });

  test('the certificate covers <slug>.matih.ai in prod and <slug>.staging.matih.ai in staging, from the environment issuer', () => {
    for (const [name, host, issuer] of [['prod', 'bigcorp.matih.ai', 'letsencrypt-prod-dns01'], ['staging', 'bigcorp.staging.matih.ai', 'letsencrypt-prod-dns01'], ['dev', 'bigcorp.dev.matih.ai', 'letsencrypt-staging-dns01']] as const) {
      const cert = find(objectsOf(name, base), 'Certificate', 'bigcorp-tls', 'matih-tenant-bigcorp');
      expect(cert.spec).toMatchObject({ dnsNames: [host], issuerRef: { kind: 'ClusterIssuer', name: issuer } });
    }
  });

  test('a dedicated ingress controller in prod uses IngressClass nginx-tenant-<slug> behind a LoadBalancer in the tenant resource group', () => {
    const acme: Tenant[] = [{ slug: 'acme', displayName: 'Acme', tier: 'enterprise', environments: ['staging', 'prod'], dedicatedIngress: { resourceGroup: 'rg-tenant-acme' } }];
    const prod = objectsOf('prod', acme);
    const app = find(prod, 'Application', 'matih-prod-tenant-acme-ingress-nginx', 'argocd');
    expect(app.spec.project).toBe('matih-prod-tenant-ingress');
    expect(app.spec.destination.namespace).toBe('matih-tenant-acme');
    expect(app.spec.source.helm.valuesObject.controller).toMatchObject({
      ingressClassResource: { name: 'nginx-tenant-acme' },
      service: { type: 'LoadBalancer', annotations: { 'service.beta.kubernetes.io/azure-load-balancer-resource-group': 'rg-tenant-acme' } },
    });
    expect(find(prod, 'ResourceQuota', 'tenant-quota', 'matih-tenant-acme').spec.hard['services.loadbalancers']).toBe(1);
    // staging: the platform controller serves the tenant
    const staging = objectsOf('staging', acme);
    expect(staging.filter((o) => o.kind === 'Application' && o.metadata.labels['matih.ai/tenant'])).toEqual([]);
    expect(find(staging, 'ConfigMap', 'tenant-profile', 'matih-tenant-acme').data.ingressClass).toBe('nginx');
  });

  test('tenant pods reach only DNS and the platform services they call, and platform services admit them on that port only', () => {
    const objs = objectsOf('prod', base);
    const tenantPod = { id: 'matih-tenant-bigcorp/app', namespace: 'matih-tenant-bigcorp', labels: { app: 'x' }, ports: [{ port: 8080, protocol: 'TCP' }] };
    const flows = allowedFlows(objs, [...podGroups(objs), tenantPod], { 'matih-tenant-bigcorp': { 'matih.ai/role': 'tenant' } });
    expect(flows.filter((f) => f.from === tenantPod.id).map((f) => `${f.to} ${f.port}`)).toEqual([
      'matih-control-plane/iam-service 8081/TCP',
      'matih-data-plane/ai-service 8000/TCP',
      'matih-data-plane/query-engine 8080/TCP',
    ]);
    expect(flows.filter((f) => f.to === tenantPod.id)).toEqual([]);
  });
});

describe('secrets of tenants', () => {
  test('tenants read their registry credentials from their own vault, through their own identity, and cannot use the platform store', () => {
    const acme: Tenant[] = [{ slug: 'acme', displayName: 'Acme', tier: 'enterprise', environments: ['prod'], acr: 'acmecorpacr.azurecr.io' }];
    const objs = objectsOf('prod', acme);
    const tf = env('prod').clusters.find((c) => c.name === 'matih-prod')!.terraform;
    expect(find(objs, 'ExternalSecret', 'tenant-acr-secret', 'matih-tenant-acme').spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'tenant-key-vault' });
    const tenantStore = find(objs, 'ClusterSecretStore', 'tenant-key-vault');
    expect(tenantStore.spec.conditions).toEqual([{ namespaceSelector: { matchLabels: { 'matih.ai/role': 'tenant' } } }]);
    expect(tenantStore.spec.provider.azurekv).toMatchObject({ vaultUrl: tf.tenantKeyVaultUri, serviceAccountRef: { name: 'external-secrets-tenants', namespace: 'external-secrets' } });
    expect(find(objs, 'ServiceAccount', 'external-secrets-tenants', 'external-secrets').metadata.annotations)
      .toEqual({ 'azure.workload.identity/client-id': tf.workloadIdentityClientIds['external-secrets-tenants'] });
    const platformStore = find(objs, 'ClusterSecretStore', 'azure-key-vault');
    const allowed: string[] = platformStore.spec.conditions[0].namespaces;
    expect(allowed.filter((n) => n.startsWith('matih-tenant-'))).toEqual([]);
    const users = [...new Set(objs.filter((o) => o.kind === 'ExternalSecret' && o.spec.secretStoreRef.name === 'azure-key-vault').map((o) => o.metadata.namespace))].sort();
    expect(allowed).toEqual(users);
  });
});
