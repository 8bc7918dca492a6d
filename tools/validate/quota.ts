import { type Inventory } from './inventory';
import { asArray, asMap, asString, type JsonMap } from './json';
import { provisionedServices } from './gateway-model';
import { type ReferenceFinding } from './pod-references';
import { type LoadedObject, objectId } from './problem';

/** A Service that takes load balancers or node ports from its namespace's quota. */
interface QuotaUser {
  readonly loaded: LoadedObject;
  readonly namespace: string;
  readonly loadBalancers: number;
  readonly nodePorts: number;
  /** What the object is, for the message. */
  readonly what: string;
}

/**
 * `quota/services`: a Service the namespace's ResourceQuota cannot admit, so the API server
 * refuses it: a LoadBalancer counts against `services.loadbalancers`, and each of its ports
 * against `services.nodeports` unless `allocateLoadBalancerNodePorts: false` (then only ports
 * that name a nodePort count, as the quota evaluator does since Kubernetes 1.21); a NodePort
 * Service counts each port. Besides the Service objects, the LoadBalancer Service each
 * Gateway's implementation creates at run time counts, in the namespace where it creates it
 * (`gatewayInfraNamespaces`: controller name → namespace; a controller not listed creates it
 * in the Gateway's namespace). Users are counted in file order; each one past a hard limit
 * is reported.
 */
export function checkServiceQuotas(
  inventory: Inventory,
  gatewayInfraNamespaces: Readonly<Record<string, string>>,
): { loaded: LoadedObject; finding: ReferenceFinding }[] {
  const users: QuotaUser[] = [];
  for (const loaded of inventory.ofKind('', 'Service')) {
    const spec = asMap(asMap(loaded.object)?.spec) ?? {};
    const ports = asArray(spec.ports).map((p) => asMap(p) ?? {});
    const namespace = objectId(loaded.object).namespace;
    if (spec.type === 'LoadBalancer') {
      const nodePorts = spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => typeof p.nodePort === 'number').length : ports.length;
      users.push({ loaded, namespace, loadBalancers: 1, nodePorts, what: 'this LoadBalancer Service' });
    } else if (spec.type === 'NodePort') {
      users.push({ loaded, namespace, loadBalancers: 0, nodePorts: ports.length, what: 'this NodePort Service' });
    }
  }
  for (const s of provisionedServices(inventory, gatewayInfraNamespaces)) {
    users.push({
      loaded: s.gateway,
      namespace: s.namespace,
      loadBalancers: 1,
      nodePorts: s.allocateNodePorts ? s.ports : 0,
      what: `the LoadBalancer Service its controller creates for it in namespace "${s.namespace}" (${s.ports} port${s.ports === 1 ? '' : 's'}${s.allocateNodePorts ? ', each with a node port' : ', no node ports'})`,
    });
  }
  users.sort((a, b) => (a.loaded.file < b.loaded.file ? -1 : a.loaded.file > b.loaded.file ? 1 : a.loaded.index - b.loaded.index));
  const out: { loaded: LoadedObject; finding: ReferenceFinding }[] = [];
  for (const quota of inventory.ofKind('', 'ResourceQuota')) {
    const { namespace, name } = objectId(quota.object);
    const spec = asMap(asMap(quota.object)?.spec) ?? {};
    // scoped quotas track pods, not Services
    if (asArray(spec.scopes).length || spec.scopeSelector !== undefined) continue;
    const hard = asMap(spec.hard) ?? {};
    const limits = [
      ['services.loadbalancers', 'loadBalancers'],
      ['services.nodeports', 'nodePorts'],
    ] as const;
    const used = { loadBalancers: 0, nodePorts: 0 };
    for (const user of users.filter((u) => u.namespace === namespace)) {
      for (const [resource, field] of limits) {
        const limit = quantity(hard, resource);
        if (user[field] === 0 || limit === undefined) continue;
        used[field] += user[field];
        if (used[field] > limit) {
          const hint =
            field === 'nodePorts' && user.loadBalancers ? '; a load balancer that needs no node ports can set allocateLoadBalancerNodePorts: false' : '';
          out.push({
            loaded: user.loaded,
            finding: {
              rule: 'quota/services',
              message: `${user.what} needs ${user[field]} of ${resource}, and ResourceQuota "${name}" of namespace "${namespace}" admits ${limit} in all (${used[field]} wanted so far)${hint}`,
            },
          });
        }
      }
    }
  }
  return out;
}

/** An object-count limit: a number, or a string of digits. */
function quantity(hard: JsonMap, key: string): number | undefined {
  const v = hard[key];
  if (typeof v === 'number') return v;
  const s = asString(v);
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;
}
