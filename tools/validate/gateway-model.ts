/**
 * Gateway API (v1.2.1, standard channel) as the checks read it: listeners, which routes a
 * listener admits, hostname intersection, ReferenceGrants, and the LoadBalancer Service a
 * Gateway's implementation creates for it. Semantics from the Gateway API spec (the
 * `gateway.networking.k8s.io` CRD field descriptions) and, for the Service, Envoy Gateway v1.3.
 */
import { type Inventory } from './inventory';
import { asArray, asMap, asString, type JsonMap } from './json';
import { parseLabelSelector, selectorMatches } from './label-selector';
import { type LoadedObject, objectId } from './problem';

export const GATEWAY_API = 'gateway.networking.k8s.io';
export const ENVOY_GATEWAY = 'gateway.envoyproxy.io';
/** The controller name of Envoy Gateway's GatewayClasses. */
const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** One listener of a Gateway. */
export interface Listener {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  /** Undefined: every hostname. */
  readonly hostname?: string;
  readonly spec: JsonMap;
}

/** The listeners of a Gateway object. */
export function listenersOf(gateway: JsonMap): Listener[] {
  return asArray(asMap(gateway.spec)?.listeners).map((raw) => {
    const l = asMap(raw) ?? {};
    return {
      name: asString(l.name) ?? '',
      protocol: asString(l.protocol) ?? '',
      port: typeof l.port === 'number' ? l.port : 0,
      hostname: asString(l.hostname),
      spec: l,
    };
  });
}

/** The route kinds a listener admits: `allowedRoutes.kinds`, or by protocol (HTTP and HTTPS: HTTPRoute and GRPCRoute). */
function admittedKinds(listener: Listener): string[] {
  const kinds = asArray(asMap(listener.spec.allowedRoutes)?.kinds);
  if (kinds.length) return kinds.map((k) => `${asString(asMap(k)?.group) ?? GATEWAY_API}/${asString(asMap(k)?.kind) ?? ''}`);
  return ['HTTP', 'HTTPS'].includes(listener.protocol) ? [`${GATEWAY_API}/HTTPRoute`, `${GATEWAY_API}/GRPCRoute`] : [];
}

/** Why a listener of a Gateway in `gatewayNs` does not admit a route of `kind` in `routeNs`, or undefined when it does. */
export function listenerRefusal(listener: Listener, gatewayNs: string, kind: string, routeNs: string, inventory: Inventory): string | undefined {
  if (!admittedKinds(listener).includes(`${GATEWAY_API}/${kind}`)) return `listener "${listener.name}" admits no ${kind}`;
  const namespaces = asMap(asMap(listener.spec.allowedRoutes)?.namespaces) ?? {};
  const from = asString(namespaces.from) ?? 'Same';
  if (from === 'All') return undefined;
  if (from === 'Same') return routeNs === gatewayNs ? undefined : `listener "${listener.name}" admits routes of its own namespace "${gatewayNs}" only`;
  if (from === 'Selector' && selectorMatches(parseLabelSelector(namespaces.selector), inventory.namespaceLabels(routeNs))) return undefined;
  return `listener "${listener.name}" admits no route of namespace "${routeNs}" (allowedRoutes.namespaces ${JSON.stringify(namespaces)})`;
}

/**
 * Whether a route hostname and a listener hostname have a host in common: equal names; a
 * wildcard `*.d` covers every name that ends in `.d` (not `d` itself); no hostname covers all.
 */
export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined) return true;
  const covers = (wildcard: string, name: string) => wildcard.startsWith('*.') && name.endsWith(wildcard.slice(1));
  return listener === route || covers(listener, route) || covers(route, listener);
}

/** Whether a ReferenceGrant in `toNs` lets `from` (group, kind, namespace) refer to `to` (group, kind, name). */
export function referenceGranted(
  inventory: Inventory,
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; namespace: string; name: string },
): boolean {
  return inventory.ofKind(GATEWAY_API, 'ReferenceGrant').some((grant) => {
    const id = objectId(grant.object);
    if (id.namespace !== to.namespace) return false;
    const spec = asMap(asMap(grant.object)?.spec) ?? {};
    const fromOk = asArray(spec.from).some((raw) => {
      const f = asMap(raw) ?? {};
      return (asString(f.group) ?? '') === from.group && asString(f.kind) === from.kind && asString(f.namespace) === from.namespace;
    });
    const toOk = asArray(spec.to).some((raw) => {
      const t = asMap(raw) ?? {};
      const name = asString(t.name);
      return (asString(t.group) ?? '') === to.group && asString(t.kind) === to.kind && (name === undefined || name === to.name);
    });
    return fromOk && toOk;
  });
}

/** A reference with defaults: `group`, `kind` and `namespace` as the Gateway API fills them in. */
export function reference(
  raw: unknown,
  defaults: { group: string; kind: string; namespace: string },
): { group: string; kind: string; namespace: string; name: string; sectionName?: string } {
  const r = asMap(raw) ?? {};
  return {
    group: asString(r.group) ?? defaults.group,
    kind: asString(r.kind) ?? defaults.kind,
    namespace: asString(r.namespace) ?? defaults.namespace,
    name: asString(r.name) ?? '',
    sectionName: asString(r.sectionName),
  };
}

/** A LoadBalancer Service a Gateway's implementation creates at run time. */
export interface ProvisionedService {
  readonly gateway: LoadedObject;
  readonly namespace: string;
  /** Its ports: one per distinct listener port. */
  readonly ports: number;
  /** False when the implementation sets `allocateLoadBalancerNodePorts: false`. */
  readonly allocateNodePorts: boolean;
}

/**
 * The LoadBalancer Service of each Gateway whose class's controller is in `infraNamespaces`
 * (controller name → namespace where it creates the data plane; a controller not listed is
 * assumed to create it in the Gateway's namespace). For Envoy Gateway the Service follows the
 * effective EnvoyProxy (the Gateway's `infrastructure.parametersRef`, else the class's):
 * `envoyService.type` (default LoadBalancer) and `allocateLoadBalancerNodePorts`.
 */
export function provisionedServices(inventory: Inventory, infraNamespaces: Readonly<Record<string, string>>): ProvisionedService[] {
  const out: ProvisionedService[] = [];
  for (const gateway of inventory.ofKind(GATEWAY_API, 'Gateway')) {
    const object = asMap(gateway.object) ?? {};
    const gwNs = objectId(object).namespace;
    const className = asString(asMap(object.spec)?.gatewayClassName) ?? '';
    const cls = asMap(inventory.get(GATEWAY_API, 'GatewayClass', '', className)[0]?.object);
    if (!cls) continue;
    const controller = asString(asMap(cls.spec)?.controllerName) ?? '';
    const proxy = controller === ENVOY_GATEWAY_CONTROLLER ? effectiveEnvoyProxy(inventory, object, cls) : undefined;
    // a parametersRef to a missing EnvoyProxy: Envoy Gateway creates no proxies at all (reported as ref/gatewayParameters)
    if (proxy === null) continue;
    const service = asMap(asMap(asMap(asMap(proxy?.spec)?.provider)?.kubernetes)?.envoyService) ?? {};
    if ((asString(service.type) ?? 'LoadBalancer') !== 'LoadBalancer') continue;
    const ports = new Set(listenersOf(object).map((l) => l.port)).size;
    out.push({ gateway, namespace: infraNamespaces[controller] ?? gwNs, ports, allocateNodePorts: service.allocateLoadBalancerNodePorts !== false });
  }
  return out;
}

/** The EnvoyProxy that shapes a Gateway's proxies: undefined for Envoy Gateway's defaults, null when the one named is missing. */
function effectiveEnvoyProxy(inventory: Inventory, gateway: JsonMap, cls: JsonMap): JsonMap | undefined | null {
  const own = asMap(asMap(asMap(gateway.spec)?.infrastructure)?.parametersRef);
  const ref = own ?? asMap(asMap(cls.spec)?.parametersRef);
  if (!ref) return undefined;
  const namespace = own ? objectId(gateway).namespace : (asString(ref.namespace) ?? '');
  return asMap(inventory.get(ENVOY_GATEWAY, 'EnvoyProxy', namespace, asString(ref.name) ?? '')[0]?.object) ?? null;
}
