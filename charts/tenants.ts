/**
 * Tenants (docs/platform.md#tenants), one folder and one Argo CD application each: a namespace
 * `matih-tenant-<slug>` enforcing Pod Security `restricted`, a ResourceQuota and
 * LimitRange from the tier, default-deny NetworkPolicies with only the flows a tenant
 * needs, its profile, its registry pull secret, and its host `<slug>.<tenantDomain>`: an
 * HTTPRoute to the tenant's entry Service through the shared Gateway (wildcard listener and
 * certificate), or in prod, for a tenant with `dedicatedIngress`, through a Gateway of its own
 * whose load balancer's address lives in the tenant's resource group (docs/platform.md#tenants-what-the-seeds-say,
 * values-tenant; docs/edge.md#tenants maps the seeds' `nginx-tenant-<slug>` onto it).
 */
import {
  IntOrString,
  KubeConfigMap,
  KubeLimitRange,
  KubeNetworkPolicy,
  KubeResourceQuota,
  KubeService,
  Quantity,
  type NetworkPolicyPeer,
} from '../imports/k8s';
import type { Tenant } from '../config';
import {
  ExternalSecretV1Beta1,
  ExternalSecretV1Beta1SpecSecretStoreRefKind as StoreKind,
  ExternalSecretV1Beta1SpecTargetCreationPolicy as Creation,
  ExternalSecretV1Beta1SpecTargetTemplateEngineVersion as Engine,
  ExternalSecretV1Beta1SpecTargetTemplateMergePolicy as MergePolicy,
} from '../imports/eso-externalsecrets-external-secrets.io';
import { IsolatedNamespace } from '../lib/network/isolated-namespace';
import { type NetworkPeer, peerSelector, policyPorts } from '../lib/network/network-policy';
import { AKS_AGENT_POOL_LABEL } from '../lib/node-pool';
import type { IService } from '../lib/workload/props';
import { type ClusterContext, type PlatformChart, PROTECT_ANNOTATIONS } from './context';
import { podSecurityVersion } from './namespaces';
import { edgeOf } from './edge/edge';
import type { EdgeGateway } from './edge/gateway';
import { TENANTS_LISTENER } from './edge/model';
import { AZURE_LB_RESOURCE_GROUP, addEnvoyProxy } from './edge/proxy';
import { addHttpRoute } from './edge/route';
import { dnsPeer, edgeProxyPeer } from './peers';
import { TENANT_KEY_VAULT_STORE } from './secret-stores';

/** The namespace label every tenant namespace carries; platform services admit tenants by it. */
export const TENANT_NAMESPACE_LABEL = { 'matih.ai/role': 'tenant' } as const;

/** Every pod of every tenant namespace, as a network peer of the platform services. */
export const TENANTS_PEER: NetworkPeer = { name: 'tenants', namespace: '', namespaceLabels: TENANT_NAMESPACE_LABEL, podLabels: {} };

export const TENANT_NAMESPACE_PREFIX = 'matih-tenant-';
/** The namespace label naming a tenant's tier: what places its pods (charts/stack/placement-policies.ts). */
export const TENANT_TIER_LABEL = 'matih.ai/tier';

/** The sync wave of the tenants: after every platform service they call. */
export const WAVE_TENANTS = 5;

export function tenantNamespace(slug: string): string {
  return `${TENANT_NAMESPACE_PREFIX}${slug}`;
}

/** The label of a tenant namespace that says which Gateway serves its host. */
const TENANT_ENTRY_LABEL = 'matih.ai/edge';
/** The labels of the pods that serve a tenant's host: whatever creates the tenant's workloads gives them these. */
const TENANT_ENTRY_POD_LABELS = { 'matih.ai/tenant-entry': 'true' } as const;
/** The Service in every tenant namespace that the tenant's host routes to, on the tenant app port. */
const TENANT_ENTRY_SERVICE = 'tenant-app';
/** The Secret (in the edge namespace) of the wildcard certificate the shared Gateway serves every shared tenant with. */
const TENANTS_TLS_SECRET = 'tenants-tls';
/** A dedicated entry's Gateway and EnvoyProxy, in the tenant's namespace. */
const TENANT_GATEWAY = 'tenant-edge';

/**
 * Renders the tenants of this environment. `platformServices` are the services tenant
 * workloads call; each admits every tenant namespace on its port through one policy, so
 * the platform's policy count does not grow with the number of tenants; likewise the shared
 * Gateway has one wildcard listener and one egress rule for every shared tenant.
 */
export function addTenants(ctx: ClusterContext, platformServices: readonly IService[]): void {
  const cfg = ctx.platform;
  const shared = { ...TENANT_NAMESPACE_LABEL, [TENANT_ENTRY_LABEL]: 'shared' };
  for (const tenant of ctx.env.tenants) {
    const dedicated = tenant.dedicatedIngress && ctx.env.name === 'prod' ? tenant.dedicatedIngress : undefined;
    const chart = ctx.chart(`tenant-${tenant.slug}`, tenantNamespace(tenant.slug));
    const gateway = dedicated ? addDedicatedEntry(ctx, chart, tenant, dedicated.resourceGroup) : edgeOf(ctx).platform;
    addTenant(ctx, chart, tenant, gateway, platformServices);
  }
  if (ctx.env.tenants.some((t) => !(t.dedicatedIngress && ctx.env.name === 'prod'))) {
    const platform = edgeOf(ctx).platform;
    platform.allowEgressTo({ namespaceSelector: { matchLabels: shared }, podSelector: { matchLabels: { ...TENANT_ENTRY_POD_LABELS } } }, [
      { port: cfg.tenantAppPort },
    ]);
  }
  if (ctx.env.tenants.length > 0) for (const svc of platformServices) svc.allowIngressFrom(TENANTS_PEER, [svc.port().name]);
}

/** One tenant's folder: `tenant-<slug>`, its host served by `gateway`. */
function addTenant(ctx: ClusterContext, chart: PlatformChart, tenant: Tenant, gateway: EdgeGateway, platformServices: readonly IService[]): void {
  const ns = tenantNamespace(tenant.slug);
  const cfg = ctx.platform;
  const tier = cfg.tenantTiers[tenant.tier];
  const pool = ctx.pool(tier.pool, `tenant ${tenant.slug} (tier ${tenant.tier})`);
  const host = tenantHost(ctx, tenant);
  const dedicated = gateway.namespace === ns;
  const labels = { ...ctx.labels(), 'matih.ai/tenant': tenant.slug, [TENANT_TIER_LABEL]: tenant.tier };

  new IsolatedNamespace(chart, 'Namespace', {
    name: ns,
    dns: dnsPeer(ctx),
    podSecurityVersion: podSecurityVersion(ctx),
    labels: { ...labels, ...TENANT_NAMESPACE_LABEL, [TENANT_ENTRY_LABEL]: dedicated ? 'dedicated' : 'shared' },
    annotations: {
      ...PROTECT_ANNOTATIONS,
      // honoured where the PodNodeSelector admission plugin runs; on AKS Kyverno places the pods (charts/stack/placement-policies.ts)
      'scheduler.alpha.kubernetes.io/node-selector': `${AKS_AGENT_POOL_LABEL}=${pool.name}`,
    },
    policyLabels: labels,
  });
  const q = tier.quota;
  new KubeResourceQuota(chart, 'Quota', {
    metadata: { name: 'tenant-quota', namespace: ns, labels },
    spec: {
      hard: {
        'limits.cpu': Quantity.fromString(q.limitsCpu),
        'limits.memory': Quantity.fromString(q.limitsMemory),
        persistentvolumeclaims: Quantity.fromNumber(q.persistentVolumeClaims),
        pods: Quantity.fromNumber(q.pods),
        'requests.cpu': Quantity.fromString(q.requestsCpu),
        'requests.memory': Quantity.fromString(q.requestsMemory),
        'requests.storage': Quantity.fromString(q.requestsStorage),
        // none, dedicated entry or not: Envoy Gateway v1.3 creates a Gateway's LoadBalancer
        // Service in its own namespace, whose quota admits it (charts/edge/edge.ts)
        'services.loadbalancers': Quantity.fromNumber(0),
        'services.nodeports': Quantity.fromNumber(0),
      },
    },
  });
  const c = tier.container;
  const pair = (p: { cpu: string; memory: string }) => ({ cpu: Quantity.fromString(p.cpu), memory: Quantity.fromString(p.memory) });
  new KubeLimitRange(chart, 'Limits', {
    metadata: { name: 'tenant-limits', namespace: ns, labels },
    spec: { limits: [{ type: 'Container', defaultRequest: pair(c.defaultRequest), default: pair(c.default), max: pair(c.max) }] },
  });

  tenantPolicies(ctx, chart, tenant, labels, platformServices, gateway);

  new KubeService(chart, 'EntryService', {
    metadata: { name: TENANT_ENTRY_SERVICE, namespace: ns, labels },
    spec: {
      type: 'ClusterIP',
      selector: { ...TENANT_ENTRY_POD_LABELS },
      ports: [{ name: 'http', port: cfg.tenantAppPort, targetPort: IntOrString.fromNumber(cfg.tenantAppPort), protocol: 'TCP' }],
    },
  });
  const listener = dedicated
    ? gateway.listener(host, host, `${tenant.slug}-tls`, { namespace: ns })
    : gateway.listener(TENANTS_LISTENER, `*.${cfg.dns.tenantDomain}`, TENANTS_TLS_SECRET, {
        labels: { ...TENANT_NAMESPACE_LABEL, [TENANT_ENTRY_LABEL]: 'shared' },
      });
  addHttpRoute(chart, {
    name: 'tenant',
    namespace: ns,
    parent: { gateway, listener: listener.name },
    hostnames: [host],
    rules: [{ path: '/', service: TENANT_ENTRY_SERVICE, port: cfg.tenantAppPort }],
  });
  new KubeConfigMap(chart, 'Profile', {
    metadata: { name: 'tenant-profile', namespace: ns, labels },
    data: {
      displayName: tenant.displayName,
      // where the tenant's own HTTPRoutes attach (what the IngressClass nginx or nginx-tenant-<slug> was)
      gateway: `${gateway.namespace}/${gateway.name}`,
      gatewayListener: listener.name,
      entryPodLabels: Object.entries(TENANT_ENTRY_POD_LABELS)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      host,
      nodePool: pool.name,
      registry: tenant.acr ?? `${ctx.terraform.acrLoginServer}/${cfg.registry.repositoryPrefix}`,
      slug: tenant.slug,
      tier: tenant.tier,
    },
  });
  if (tenant.acr) {
    new ExternalSecretV1Beta1(chart, 'AcrPullSecret', {
      metadata: { name: 'tenant-acr-secret', namespace: ns, labels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: StoreKind.CLUSTER_SECRET_STORE, name: TENANT_KEY_VAULT_STORE },
        target: {
          name: 'tenant-acr-secret',
          creationPolicy: Creation.OWNER,
          template: { type: 'kubernetes.io/dockerconfigjson', engineVersion: Engine.V2, mergePolicy: MergePolicy.MERGE },
        },
        data: [{ secretKey: '.dockerconfigjson', remoteRef: { key: `tenant-${tenant.slug}-acr-dockerconfigjson` } }],
      },
    });
  }
}

/** The tenant's host; it must not be one the platform serves itself. */
function tenantHost(ctx: ClusterContext, tenant: Tenant): string {
  const host = `${tenant.slug}.${ctx.platform.dns.tenantDomain}`;
  if (host === ctx.platform.dns.apiHost) {
    throw new Error(
      `config/tenants.yaml: tenant "${tenant.slug}": its host ${host} is the platform API host (dns.apiHost in config/${ctx.env.name}.ts); choose another slug`,
    );
  }
  return host;
}

/** Default-deny with the flows a tenant needs: from its Gateway's proxies to its entry pods, to the platform services it calls. */
function tenantPolicies(
  ctx: ClusterContext,
  chart: PlatformChart,
  tenant: Tenant,
  labels: Record<string, string>,
  platformServices: readonly IService[],
  gateway: EdgeGateway,
): void {
  const cfg = ctx.platform;
  const ns = tenantNamespace(tenant.slug);
  const policy = (name: string, spec: object) => new KubeNetworkPolicy(chart, name, { metadata: { name, namespace: ns, labels }, spec: spec as never });
  policy('allow-entry-from-edge', {
    podSelector: { matchLabels: { ...TENANT_ENTRY_POD_LABELS } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [peerSelector(ns, gateway.peer)], ports: [{ port: IntOrString.fromNumber(cfg.tenantAppPort), protocol: 'TCP' }] }],
  });
  const to: Array<{ to: NetworkPolicyPeer[]; ports: ReturnType<typeof policyPorts> }> = platformServices.map((svc) => {
    const p = svc.port();
    return { to: [peerSelector(ns, svc.peer)], ports: policyPorts([{ port: p.targetPort ?? p.port, protocol: p.protocol }]) };
  });
  policy('allow-to-platform-services', { podSelector: {}, policyTypes: ['Egress'], egress: to });
}

/**
 * A tenant's dedicated entry (prod only): a Gateway of its own in the tenant's namespace that
 * admits routes from that namespace only, with an EnvoyProxy that puts the load balancer's
 * public IP in the tenant's Azure resource group and runs the proxies on the tenant's pool.
 * Envoy Gateway v1.3 runs those proxies and creates the Service in the edge namespace.
 */
function addDedicatedEntry(ctx: ClusterContext, chart: PlatformChart, tenant: Tenant, resourceGroup: string): EdgeGateway {
  const ns = tenantNamespace(tenant.slug);
  addEnvoyProxy(chart, {
    name: TENANT_GATEWAY,
    namespace: ns,
    replicas: 2,
    pool: ctx.pool(ctx.platform.tenantTiers[tenant.tier].pool, `tenant ${tenant.slug}'s entry`),
    serviceAnnotations: { [AZURE_LB_RESOURCE_GROUP]: resourceGroup },
  });
  const gateway = edgeOf(ctx).addGateway(chart, {
    name: TENANT_GATEWAY,
    namespace: ns,
    proxy: TENANT_GATEWAY,
    peer: edgeProxyPeer(ctx, { namespace: ns, name: TENANT_GATEWAY }, `edge-${tenant.slug}`),
  });
  gateway.allowEgressTo(peerSelector(ctx.platform.namespaces.ingress, { name: tenant.slug, namespace: ns, podLabels: TENANT_ENTRY_POD_LABELS }), [
    { port: ctx.platform.tenantAppPort },
  ]);
  return gateway;
}
