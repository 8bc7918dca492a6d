/**
 * Tenants (seeds 001, 002), one folder and one Argo CD application each: a namespace
 * `matih-tenant-<slug>` enforcing Pod Security `restricted`, a ResourceQuota and
 * LimitRange from the tier, default-deny NetworkPolicies with only the flows a tenant
 * needs, a Certificate for its host, its profile, its registry pull secret, and in prod
 * optionally a dedicated NGINX ingress controller (IngressClass `nginx-tenant-<slug>`)
 * behind a LoadBalancer in the tenant's resource group (seed 001, values-tenant).
 */
import {
  IntOrString, KubeConfigMap, KubeLimitRange, KubeNetworkPolicy, KubeResourceQuota, Quantity, NetworkPolicyPeer,
} from '../imports/k8s';
import type { Tenant } from '../config';
import { Certificate } from '../imports/cert-manager-certificates-cert-manager.io';
import {
  ExternalSecretV1Beta1, ExternalSecretV1Beta1SpecSecretStoreRefKind as StoreKind, ExternalSecretV1Beta1SpecTargetCreationPolicy as Creation,
  ExternalSecretV1Beta1SpecTargetTemplateEngineVersion as Engine, ExternalSecretV1Beta1SpecTargetTemplateMergePolicy as MergePolicy,
} from '../imports/eso-externalsecrets-external-secrets.io';
import { IsolatedNamespace } from '../lib/network/isolated-namespace';
import { INTERNET_INGRESS_REASON, NetworkPeer, peerSelector, policyPorts } from '../lib/network/network-policy';
import { AKS_AGENT_POOL_LABEL } from '../lib/node-pool';
import type { IService } from '../lib/workload/props';
import { spreadConstraints } from '../lib/workload/spread';
import { ClusterContext, PlatformChart, PROTECT_ANNOTATIONS } from './context';
import { podSecurityVersion } from './namespaces';
import { INGRESS_NGINX_POD_PORTS, restrictedControllerValues } from './operators/ingress-nginx';
import { dnsPeer, HTTPS, apiServerPeer, ingressControllerPeer } from './peers';
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

/** Labels of a dedicated tenant controller's pods (ingress-nginx chart, release `ingress-nginx-<slug>`). */
function dedicatedControllerPeer(tenant: Tenant): NetworkPeer {
  return {
    name: 'ingress-nginx',
    namespace: tenantNamespace(tenant.slug),
    podLabels: {
      'app.kubernetes.io/component': 'controller',
      'app.kubernetes.io/instance': `ingress-nginx-${tenant.slug}`,
      'app.kubernetes.io/name': 'ingress-nginx',
    },
  };
}

/**
 * Renders the tenants of this environment. `platformServices` are the services tenant
 * workloads call; each admits every tenant namespace on its port through one policy, so
 * the platform's policy count does not grow with the number of tenants.
 */
export function addTenants(ctx: ClusterContext, platformServices: readonly IService[]): void {
  for (const tenant of ctx.env.tenants) {
    addTenant(ctx, tenant, platformServices);
    addDedicatedIngress(ctx, tenant);
  }
  if (ctx.env.tenants.length > 0) for (const svc of platformServices) svc.allowIngressFrom(TENANTS_PEER, [svc.port().name]);
}

/** One tenant's folder: `tenant-<slug>`. */
function addTenant(ctx: ClusterContext, tenant: Tenant, platformServices: readonly IService[]): void {
    const ns = tenantNamespace(tenant.slug);
    const chart = ctx.chart(`tenant-${tenant.slug}`, ns);
    const cfg = ctx.platform;
    const tier = cfg.tenantTiers[tenant.tier];
    const pool = ctx.pool(tier.pool, `tenant ${tenant.slug} (tier ${tenant.tier})`);
    const host = `${tenant.slug}.${cfg.dns.tenantDomain}`;
    const dedicated = tenant.dedicatedIngress && ctx.env.name === 'prod' ? tenant.dedicatedIngress : undefined;
    const labels = { ...ctx.labels(), 'matih.ai/tenant': tenant.slug, [TENANT_TIER_LABEL]: tenant.tier };

    new IsolatedNamespace(chart, 'Namespace', {
      name: ns,
      dns: dnsPeer(ctx),
      podSecurityVersion: podSecurityVersion(ctx),
      labels: { ...labels, ...TENANT_NAMESPACE_LABEL },
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
          'services.loadbalancers': Quantity.fromNumber(dedicated ? 1 : 0),
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

    tenantPolicies(ctx, chart, tenant, labels, platformServices, dedicated !== undefined);

    new Certificate(chart, 'Certificate', {
      metadata: { name: `${tenant.slug}-tls`, namespace: ns, labels },
      spec: {
        secretName: `${tenant.slug}-tls`,
        dnsNames: [host],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: cfg.clusterIssuer },
      },
    });
    new KubeConfigMap(chart, 'Profile', {
      metadata: { name: 'tenant-profile', namespace: ns, labels },
      data: {
        displayName: tenant.displayName,
        host,
        ingressClass: dedicated ? `nginx-tenant-${tenant.slug}` : 'nginx',
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
            name: 'tenant-acr-secret', creationPolicy: Creation.OWNER,
            template: { type: 'kubernetes.io/dockerconfigjson', engineVersion: Engine.V2, mergePolicy: MergePolicy.MERGE },
          },
          data: [{ secretKey: '.dockerconfigjson', remoteRef: { key: `tenant-${tenant.slug}-acr-dockerconfigjson` } }],
        },
      });
    }
}

/** Default-deny with the flows a tenant needs: from its ingress controller, to the platform services it calls. */
function tenantPolicies(ctx: ClusterContext, chart: PlatformChart, tenant: Tenant, labels: Record<string, string>, platformServices: readonly IService[], dedicated: boolean): void {
    const cfg = ctx.platform;
    const ns = tenantNamespace(tenant.slug);
    const policy = (name: string, spec: object, annotations?: Record<string, string>) => new KubeNetworkPolicy(chart, name, { metadata: { name, namespace: ns, labels, annotations }, spec: spec as never });
    const port = (n: number, protocol = 'TCP') => ({ port: IntOrString.fromNumber(n), protocol });
    const controller = dedicated ? dedicatedControllerPeer(tenant) : ingressControllerPeer(ctx);
    const apps = dedicated ? { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['ingress-nginx'] }] } : {};
    policy('allow-from-ingress-controller', {
      podSelector: apps, policyTypes: ['Ingress'],
      ingress: [{ from: [peerSelector(ns, controller)], ports: [port(cfg.tenantAppPort)] }],
    });
    const to: Array<{ to: NetworkPolicyPeer[]; ports: ReturnType<typeof policyPorts> }> = platformServices.map((svc) => {
      const p = svc.port();
      return { to: [peerSelector(ns, svc.peer)], ports: policyPorts([{ port: p.targetPort ?? p.port, protocol: p.protocol }]) };
    });
    policy('allow-to-platform-services', { podSelector: apps, policyTypes: ['Egress'], egress: to });
    if (dedicated) {
      const ctl = { matchLabels: { ...dedicatedControllerPeer(tenant).podLabels } };
      const api = apiServerPeer(ctx);
      policy('allow-ingress-controller', {
        podSelector: ctl, policyTypes: ['Ingress', 'Egress'],
        // clients reach the LoadBalancer from anywhere; externalTrafficPolicy Local keeps their addresses
        ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [port(INGRESS_NGINX_POD_PORTS.http), port(INGRESS_NGINX_POD_PORTS.https)] }],
        egress: [
          { to: [{ podSelector: apps }], ports: [port(cfg.tenantAppPort)] },
          { to: [{ ipBlock: { cidr: api.cidr } }], ports: HTTPS.map((h) => port(h.port)) },
        ],
      }, { [INTERNET_INGRESS_REASON]: `the tenant's own public endpoint: its LoadBalancer on 80 and 443` });
    }
}

/**
 * A tenant's dedicated ingress controller (prod only): its own IngressClass
 * `nginx-tenant-<slug>` behind a LoadBalancer in the tenant's Azure resource group, as typed
 * Helm values of the upstream ingress-nginx chart. Its Application lives in the argocd folder,
 * so that tenant folders never write into the argocd namespace.
 */
function addDedicatedIngress(ctx: ClusterContext, tenant: Tenant): void {
  if (!tenant.dedicatedIngress || ctx.env.name !== 'prod') return;
  const ns = tenantNamespace(tenant.slug);
  const pool = ctx.pool(ctx.platform.tenantTiers[tenant.tier].pool, `tenant ${tenant.slug}'s ingress controller`);
  const ingressClass = `nginx-tenant-${tenant.slug}`;
  const values = {
    controller: {
      ingressClass,
      ingressClassResource: { name: ingressClass, enabled: true, default: false, controllerValue: `k8s.io/${ingressClass}` },
      ingressClassByName: true,
      // watch only the tenant's own namespace
      scope: { enabled: true, namespace: ns },
      replicaCount: 2,
      service: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        annotations: { 'service.beta.kubernetes.io/azure-load-balancer-resource-group': tenant.dedicatedIngress.resourceGroup },
      },
      nodeSelector: { [AKS_AGENT_POOL_LABEL]: pool.name },
      tolerations: pool.taint ? [{ key: pool.taint.key, operator: 'Equal', value: pool.taint.value, effect: pool.taint.effect }] : [],
      // its two replicas over zones and nodes (default: none)
      topologySpreadConstraints: spreadConstraints(dedicatedControllerPeer(tenant).podLabels, 'soft'),
      ...restrictedControllerValues({}, false),
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    },
    defaultBackend: { enabled: false },
  };
  ctx.addRelease({
    name: `tenant-${tenant.slug}-ingress-nginx`, chart: ctx.platform.operatorCharts.ingressNginx, releaseName: `ingress-nginx-${tenant.slug}`,
    namespace: ns, values, wave: WAVE_TENANTS, project: 'tenant-ingress', labels: { 'matih.ai/tenant': tenant.slug },
  });
}
