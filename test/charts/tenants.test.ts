import type { Tenant } from '../../config';
import { renderApp } from '../../lib/render/render';
import { allowedFlows, podGroups } from '../../tools/flows/network-flows';
import { appWithTenants, clusterObjects, env, find, tenantsYaml } from '../helpers';

type Name = 'dev' | 'staging' | 'prod';
interface Listener {
  readonly name: string;
  readonly port: number;
  readonly hostname?: string;
  readonly allowedRoutes: { readonly namespaces: unknown };
}

const base: Tenant[] = [{ slug: 'bigcorp', displayName: 'BigCorp', tier: 'standard', environments: ['dev', 'staging', 'prod'] }];
const build = (name: Name, tenants: readonly Tenant[]) => appWithTenants(name, tenantsYaml(tenants));
/** The objects of the environment's MATIH cluster, where tenants live. */
const objectsOf = (name: Name, tenants: readonly Tenant[]) => clusterObjects(name, undefined, build(name, tenants));
const render = (name: Name, tenants: readonly Tenant[]) => new Map(renderApp(build(name, tenants), name).map((f) => [f.path, f.content]));

describe('tenants', () => {
  test('a tenant added to the file appears with all its resources and nothing else changes', () => {
    const before = render('prod', base);
    const after = render('prod', [...base, { slug: 'newco', displayName: 'NewCo', tier: 'enterprise', environments: ['prod'] }]);
    const changed = [...after.keys()].filter((f) => before.get(f) !== after.get(f)).sort();
    expect([...before.keys()].filter((f) => !after.has(f))).toEqual([]);
    // the shared Gateway's wildcard listener, certificate and egress already cover it
    expect(changed).toEqual([
      'prod/matih-prod/argocd/application-matih-prod-tenant-newco.yaml',
      ...[
        'configmap-tenant-profile',
        'httproute-tenant',
        'limitrange-tenant-limits',
        'namespace-matih-tenant-newco',
        'networkpolicy-allow-dns-egress',
        'networkpolicy-allow-entry-from-edge',
        'networkpolicy-allow-to-platform-services',
        'networkpolicy-default-deny',
        'resourcequota-tenant-quota',
        'service-tenant-app',
      ].map((f) => `prod/matih-prod/tenant-newco/${f}.yaml`),
    ]);
  });

  test("a tenant with a dedicated entry also adds its Gateway, one more load balancer to the edge quota, and its proxies' policies", () => {
    const before = render('prod', base);
    const after = render('prod', [
      ...base,
      { slug: 'newco', displayName: 'NewCo', tier: 'enterprise', environments: ['prod'], dedicatedIngress: { resourceGroup: 'rg-newco' } },
    ]);
    const changed = [...after.keys()].filter((f) => before.get(f) !== after.get(f) && !f.includes('/tenant-newco/')).sort();
    expect(changed).toEqual([
      'prod/matih-prod/argocd/application-matih-prod-tenant-newco.yaml',
      'prod/matih-prod/edge/networkpolicy-allow-edge-newco-from-clients.yaml',
      'prod/matih-prod/edge/networkpolicy-allow-edge-newco-to-backends.yaml',
      'prod/matih-prod/edge/resourcequota-edge-load-balancers.yaml',
    ]);
    expect([...after.keys()].filter((f) => f.includes('/tenant-newco/') && /gateway|envoyproxy|certificate|trafficpolicy|httproute/.test(f)).sort()).toEqual(
      [
        'backendtrafficpolicy-tenant-edge',
        'certificate-newco-tls',
        'clienttrafficpolicy-tenant-edge',
        'envoyproxy-tenant-edge',
        'gateway-tenant-edge',
        'httproute-tenant-edge-https-redirect',
        'httproute-tenant',
      ].map((f) => `prod/matih-prod/tenant-newco/${f}.yaml`),
    );
  });

  test('a tenant exists only in the environments it lists', () => {
    const staged: Tenant[] = [{ slug: 'onlyprod', displayName: 'P', tier: 'free', environments: ['prod'] }];
    expect([...render('dev', staged).keys()].filter((f) => f.includes('onlyprod'))).toEqual([]);
    expect([...render('prod', staged).keys()].filter((f) => f.includes('onlyprod')).length).toBeGreaterThan(5);
  });

  test('the namespace enforces restricted, carries the tenant labels and is protected', () => {
    const ns = find(objectsOf('prod', base), 'Namespace', 'matih-tenant-bigcorp');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'matih.ai/tenant': 'bigcorp',
      'matih.ai/tier': 'standard',
      'matih.ai/role': 'tenant',
    });
    expect(ns.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('quota and limits come from the tier, and free tenants are marked for the playground pool (profile and namespace annotation)', () => {
    const free: Tenant[] = [{ slug: 'trial', displayName: 'T', tier: 'free', environments: ['dev'] }];
    const objs = objectsOf('dev', free);
    expect(find(objs, 'ResourceQuota', 'tenant-quota', 'matih-tenant-trial').spec.hard).toEqual({
      'limits.cpu': '4',
      'limits.memory': '8Gi',
      persistentvolumeclaims: 2,
      pods: 20,
      'requests.cpu': '2',
      'requests.memory': '4Gi',
      'requests.storage': '20Gi',
      'services.loadbalancers': 0,
      'services.nodeports': 0,
    });
    expect(find(objs, 'LimitRange', 'tenant-limits', 'matih-tenant-trial').spec.limits[0].max).toEqual({ cpu: '1', memory: '2Gi' });
    expect(find(objs, 'ConfigMap', 'tenant-profile', 'matih-tenant-trial').data.nodePool).toBe('playground');
    expect(find(objs, 'Namespace', 'matih-tenant-trial').metadata.annotations['scheduler.alpha.kubernetes.io/node-selector']).toBe(
      'kubernetes.azure.com/agentpool=playground',
    );
  });

  test("each host routes through the shared Gateway's wildcard listener, whose certificate covers *.<tenantDomain>, from the environment issuer", () => {
    for (const [name, host, domain, issuer] of [
      ['prod', 'bigcorp.matih.ai', 'matih.ai', 'letsencrypt-prod-dns01'],
      ['staging', 'bigcorp.staging.matih.ai', 'staging.matih.ai', 'letsencrypt-prod-dns01'],
      ['dev', 'bigcorp.dev.matih.ai', 'dev.matih.ai', 'letsencrypt-staging-dns01'],
    ] as const) {
      const objs = objectsOf(name, base);
      const route = find(objs, 'HTTPRoute', 'tenant', 'matih-tenant-bigcorp');
      expect(route.spec.hostnames).toEqual([host]);
      expect(route.spec.parentRefs).toEqual([
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'platform', namespace: 'matih-ingress', sectionName: 'tenants' },
      ]);
      expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'tenant-app', port: 8080 }]);
      const listener = find(objs, 'Gateway', 'platform', 'matih-ingress').spec.listeners.find((l: Listener) => l.name === 'tenants');
      expect(listener).toMatchObject({ hostname: `*.${domain}`, tls: { certificateRefs: [{ name: 'tenants-tls' }] } });
      // only namespaces of tenants without an entry of their own
      expect(listener.allowedRoutes.namespaces).toEqual({
        from: 'Selector',
        selector: { matchLabels: { 'matih.ai/edge': 'shared', 'matih.ai/role': 'tenant' } },
      });
      expect(find(objs, 'Certificate', 'tenants-tls', 'matih-ingress').spec).toMatchObject({
        dnsNames: [`*.${domain}`],
        issuerRef: { kind: 'ClusterIssuer', name: issuer },
      });
      expect(objs.filter((o) => o.kind === 'Certificate' && o.metadata.namespace === 'matih-tenant-bigcorp')).toEqual([]);
      expect(find(objs, 'ConfigMap', 'tenant-profile', 'matih-tenant-bigcorp').data).toMatchObject({
        gateway: 'matih-ingress/platform',
        gatewayListener: 'tenants',
        host,
      });
    }
  });

  test('a tenant whose host would be the platform API host is refused, naming the file', () => {
    const api: Tenant[] = [{ slug: 'api', displayName: 'API', tier: 'free', environments: ['prod'] }];
    expect(() => objectsOf('prod', api)).toThrow(
      'config/tenants.yaml: tenant "api": its host api.matih.ai is the platform API host (dns.apiHost in config/prod.ts); choose another slug',
    );
  });

  test("a dedicated entry in prod: its own Gateway, admitting only its namespace, whose load balancer's address lives in the tenant resource group", () => {
    const acme: Tenant[] = [
      { slug: 'acme', displayName: 'Acme', tier: 'enterprise', environments: ['staging', 'prod'], dedicatedIngress: { resourceGroup: 'rg-tenant-acme' } },
    ];
    const prod = objectsOf('prod', acme);
    const ns = 'matih-tenant-acme';
    const gateway = find(prod, 'Gateway', 'tenant-edge', ns);
    expect(gateway.spec.infrastructure).toEqual({ parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'tenant-edge' } });
    expect(gateway.spec.listeners.map((l: Listener) => [l.name, l.port, l.hostname, l.allowedRoutes.namespaces])).toEqual([
      ['http', 80, undefined, { from: 'Same' }],
      ['acme.matih.ai', 443, 'acme.matih.ai', { from: 'Same' }],
    ]);
    const service = find(prod, 'EnvoyProxy', 'tenant-edge', ns).spec.provider.kubernetes.envoyService;
    expect(service).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: false,
      annotations: { 'service.beta.kubernetes.io/azure-load-balancer-resource-group': 'rg-tenant-acme' },
    });
    expect(find(prod, 'Certificate', 'acme-tls', ns).spec.dnsNames).toEqual(['acme.matih.ai']);
    expect(find(prod, 'HTTPRoute', 'tenant', ns).spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tenant-edge', sectionName: 'acme.matih.ai' },
    ]);
    // the LoadBalancer Service lands in the edge namespace (Envoy Gateway v1.3): the tenant's quota admits none, the edge's one per Gateway
    expect(find(prod, 'ResourceQuota', 'tenant-quota', ns).spec.hard).toMatchObject({ 'services.loadbalancers': 0, 'services.nodeports': 0 });
    expect(find(prod, 'ResourceQuota', 'edge-load-balancers', 'matih-ingress').spec.hard).toEqual({ 'services.loadbalancers': 2, 'services.nodeports': 0 });
    expect(prod.filter((o) => o.kind === 'Application' && o.spec.source?.chart)).not.toContainEqual(
      expect.objectContaining({ metadata: expect.objectContaining({ labels: expect.objectContaining({ 'matih.ai/tenant': 'acme' }) }) }),
    );
    // staging: the shared Gateway serves the tenant
    const staging = objectsOf('staging', acme);
    expect(staging.filter((o) => o.kind === 'Gateway').map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual(['matih-ingress/platform']);
    expect(find(staging, 'ConfigMap', 'tenant-profile', ns).data).toMatchObject({ gateway: 'matih-ingress/platform', gatewayListener: 'tenants' });
    expect(find(prod, 'ConfigMap', 'tenant-profile', ns).data).toMatchObject({ gateway: `${ns}/tenant-edge`, gatewayListener: 'acme.matih.ai' });
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

  test("the shared Gateway's proxies reach a tenant's entry pods on the app port, and no other tenant pod", () => {
    const objs = objectsOf('prod', base);
    const nsLabels = { 'matih-tenant-bigcorp': find(objs, 'Namespace', 'matih-tenant-bigcorp').metadata.labels };
    const entry = {
      id: 'matih-tenant-bigcorp/entry',
      namespace: 'matih-tenant-bigcorp',
      labels: { 'matih.ai/tenant-entry': 'true' },
      ports: [{ port: 8080, protocol: 'TCP' }],
    };
    const other = { id: 'matih-tenant-bigcorp/worker', namespace: 'matih-tenant-bigcorp', labels: { app: 'worker' }, ports: [{ port: 8080, protocol: 'TCP' }] };
    const proxies = {
      id: 'matih-ingress/edge',
      namespace: 'matih-ingress',
      labels: {
        'app.kubernetes.io/name': 'envoy',
        'app.kubernetes.io/component': 'proxy',
        'app.kubernetes.io/managed-by': 'envoy-gateway',
        'gateway.envoyproxy.io/owning-gateway-name': 'platform',
        'gateway.envoyproxy.io/owning-gateway-namespace': 'matih-ingress',
      },
      ports: [],
    };
    const flows = allowedFlows(objs, [...podGroups(objs), entry, other, proxies], nsLabels).map((f) => `${f.from} -> ${f.to} ${f.port}`);
    expect(flows.filter((f) => f.includes('matih-tenant-bigcorp/') && f.startsWith('matih-ingress/'))).toEqual([
      'matih-ingress/edge -> matih-tenant-bigcorp/entry 8080/TCP',
    ]);
  });
});

describe('secrets of tenants', () => {
  test('tenants read their registry credentials from their own vault, through their own identity, and cannot use the platform store', () => {
    const acme: Tenant[] = [{ slug: 'acme', displayName: 'Acme', tier: 'enterprise', environments: ['prod'], acr: 'acmecorpacr.azurecr.io' }];
    const objs = objectsOf('prod', acme);
    const tf = env('prod').clusters.find((c) => c.name === 'matih-prod')!.terraform;
    expect(find(objs, 'ExternalSecret', 'tenant-acr-secret', 'matih-tenant-acme').spec.secretStoreRef).toEqual({
      kind: 'ClusterSecretStore',
      name: 'tenant-key-vault',
    });
    const tenantStore = find(objs, 'ClusterSecretStore', 'tenant-key-vault');
    expect(tenantStore.spec.conditions).toEqual([{ namespaceSelector: { matchLabels: { 'matih.ai/role': 'tenant' } } }]);
    expect(tenantStore.spec.provider.azurekv).toMatchObject({
      vaultUrl: tf.tenantKeyVaultUri,
      serviceAccountRef: { name: 'external-secrets-tenants', namespace: 'external-secrets' },
    });
    expect(find(objs, 'ServiceAccount', 'external-secrets-tenants', 'external-secrets').metadata.annotations).toEqual({
      'azure.workload.identity/client-id': tf.workloadIdentityClientIds['external-secrets-tenants'],
    });
    const platformStore = find(objs, 'ClusterSecretStore', 'azure-key-vault');
    const allowed: string[] = platformStore.spec.conditions[0].namespaces;
    expect(allowed.filter((n) => n.startsWith('matih-tenant-'))).toEqual([]);
    const users = [
      ...new Set(objs.filter((o) => o.kind === 'ExternalSecret' && o.spec.secretStoreRef.name === 'azure-key-vault').map((o) => o.metadata.namespace)),
    ].sort();
    expect(allowed).toEqual(users);
  });
});
