/**
 * Which hostnames a rendered tree exposes to the internet, cluster by cluster: the hosts of
 * every HTTPRoute or GRPCRoute with a backend attached to a public Gateway (its own
 * hostnames, or the listener's when it names none; a route that only redirects serves
 * nothing) and of every Ingress. A Gateway is public unless its
 * LoadBalancer is internal (`service.beta.kubernetes.io/azure-load-balancer-internal: "true"`
 * on the Gateway's infrastructure or its EnvoyProxy's Service) or its EnvoyProxy asks for no
 * LoadBalancer at all. A route whose Gateway is not in the tree counts as public.
 */
import { type Danger } from './danger';
import { type TreeResource } from './load';
import { displayObjectName, keyId, type KubeObject, type ResourceKey } from './resource-key';
import { asArray, mapOrEmpty } from '../validate/json';

const GATEWAY_API = 'gateway.networking.k8s.io';
const INTERNAL_LB = 'service.beta.kubernetes.io/azure-load-balancer-internal';

/** One host a resource exposes, and through what. */
interface Exposure {
  readonly host: string;
  /** The resource that declares it (a route or an Ingress). */
  readonly source: string;
  /** The Gateway it is served through, or the Ingress itself. */
  readonly through: string;
  /** The Gateway's key id, when a Gateway serves it. */
  readonly gateway?: string;
}

/** The cluster part of an application key (`matih-prod/edge` → `matih-prod`; one-cluster layouts: ''). */
function clusterOf(key: ResourceKey): string {
  const slash = key.app.indexOf('/');
  return slash < 0 ? '' : key.app.slice(0, slash);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** True when `covering` (a host or `*.domain`, or `*` for any host) covers `host`. */
function covers(covering: string, host: string): boolean {
  return covering === '*' || covering === host || (covering.startsWith('*.') && host.endsWith(covering.slice(1)));
}

/** The exposures of one tree, by resource key id, grouped by env and cluster. */
function exposures(resources: readonly TreeResource[]): Map<string, Exposure[]> {
  const byName = new Map<string, TreeResource>();
  const scope = (r: TreeResource) => `${r.key.env}\u0000${clusterOf(r.key)}`;
  const name = (r: TreeResource, group: string, kind: string, ns: string, n: string) => byName.get(`${scope(r)}\u0000${group}/${kind}/${ns}/${n}`);
  for (const r of resources) byName.set(`${scope(r)}\u0000${r.key.group}/${r.key.kind}/${r.key.namespace}/${r.key.name}`, r);
  const out = new Map<string, Exposure[]>();
  for (const r of resources) {
    const spec = mapOrEmpty(r.object.spec);
    const list: Exposure[] = [];
    // a route that only redirects (to HTTPS) serves nothing
    const serves = asArray(spec.rules).some((rule) => asArray(mapOrEmpty(rule).backendRefs).length > 0);
    if (r.key.group === GATEWAY_API && (r.key.kind === 'HTTPRoute' || r.key.kind === 'GRPCRoute') && serves) {
      const hostnames = asArray(spec.hostnames).map(String);
      for (const parent of asArray(spec.parentRefs).map(mapOrEmpty)) {
        const gwNs = str(parent.namespace) ?? r.key.namespace;
        const gateway = name(r, GATEWAY_API, 'Gateway', gwNs, str(parent.name) ?? '');
        if (gateway && !isPublic(gateway, (g, k, ns, n) => name(gateway, g, k, ns, n))) continue;
        const listeners = asArray(mapOrEmpty(gateway?.object.spec).listeners)
          .map(mapOrEmpty)
          .filter((l) => parent.sectionName === undefined || l.name === parent.sectionName);
        const hosts = hostnames.length ? hostnames : gateway ? listeners.map((l) => str(l.hostname) ?? '*') : ['*'];
        const through = `Gateway ${gwNs}/${str(parent.name) ?? ''}`;
        for (const host of hosts) list.push({ host, source: displayObjectName(r.key), through, gateway: gateway && keyId(gateway.key) });
      }
    } else if ((r.key.group === 'networking.k8s.io' || r.key.group === 'extensions') && r.key.kind === 'Ingress') {
      for (const rule of asArray(spec.rules).map(mapOrEmpty))
        list.push({ host: str(rule.host) ?? '*', source: displayObjectName(r.key), through: `Ingress ${displayObjectName(r.key)}` });
    }
    if (list.length) out.set(keyId(r.key), list);
  }
  return out;
}

type Lookup = (group: string, kind: string, namespace: string, name: string) => TreeResource | undefined;

function isPublic(gateway: TreeResource, lookup: Lookup): boolean {
  const spec = mapOrEmpty(gateway.object.spec);
  const infra = mapOrEmpty(spec.infrastructure);
  if (mapOrEmpty(infra.annotations)[INTERNAL_LB] === 'true') return false;
  const own = mapOrEmpty(infra.parametersRef);
  let proxy: KubeObject | undefined;
  if (str(own.name)) proxy = lookup('gateway.envoyproxy.io', 'EnvoyProxy', gateway.key.namespace, str(own.name) ?? '')?.object;
  else {
    const cls = lookup(GATEWAY_API, 'GatewayClass', '', str(spec.gatewayClassName) ?? '');
    const ref = mapOrEmpty(mapOrEmpty(cls?.object.spec).parametersRef);
    if (str(ref.name)) proxy = lookup('gateway.envoyproxy.io', 'EnvoyProxy', str(ref.namespace) ?? '', str(ref.name) ?? '')?.object;
  }
  const service = mapOrEmpty(mapOrEmpty(mapOrEmpty(mapOrEmpty(proxy?.spec).provider).kubernetes).envoyService);
  return mapOrEmpty(service.annotations)[INTERNAL_LB] !== 'true' && (str(service.type) ?? 'LoadBalancer') === 'LoadBalancer';
}

/**
 * The `exposure` dangers of a change: for a resource of the new tree, each hostname it
 * exposes to the internet that nothing exposed in the same cluster of the old tree (a
 * wildcard exposed before covers its subdomains). A Gateway that changed is charged with
 * the hosts newly exposed through it by routes that did not change. Returns a function of
 * the resource's key.
 */
export function exposureDangers(
  oldResources: readonly TreeResource[],
  newResources: readonly TreeResource[],
  changed: ReadonlySet<string>,
): (key: ResourceKey) => Danger[] {
  const before = new Map<string, string[]>();
  const scopeOf = (key: ResourceKey) => `${key.env}\u0000${clusterOf(key)}`;
  const oldKeys = new Map(oldResources.map((r) => [keyId(r.key), r.key]));
  for (const [id, list] of exposures(oldResources)) {
    const scope = scopeOf(oldKeys.get(id)!);
    before.set(scope, [...(before.get(scope) ?? []), ...list.map((e) => e.host)]);
  }
  const newKeys = new Map(newResources.map((r) => [keyId(r.key), r.key]));
  const fresh = new Map<string, Exposure[]>();
  for (const [id, list] of exposures(newResources)) {
    const old = before.get(scopeOf(newKeys.get(id)!)) ?? [];
    const added = list.filter((e) => !old.some((h) => covers(h, e.host)));
    // charged to the route when it changed, else to the Gateway that now exposes it
    for (const e of added) {
      const owner = changed.has(id) || !e.gateway ? id : e.gateway;
      fresh.set(owner, [...(fresh.get(owner) ?? []), e]);
    }
  }
  return (key) => {
    const messages = (fresh.get(keyId(key)) ?? []).map(
      (e) => `hostname ${e.host} is newly exposed to the internet, through ${e.through}${e.source === displayObjectName(key) ? '' : ` (route ${e.source})`}`,
    );
    return [...new Set(messages)].map((message) => ({ rule: 'exposure' as const, message }));
  };
}
