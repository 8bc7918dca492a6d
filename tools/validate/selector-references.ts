import { groupOf, Inventory } from './inventory';
import { asArray, asMap, asString, JsonMap } from './json';
import { formatSelector, isEmptySelector, LabelSelector, parseLabelSelector, selectorFromMap } from './label-selector';
import { containersOf, PodTemplate } from './pod-templates';
import { LoadedObject, objectId } from './problem';
import { ReferenceFinding } from './pod-references';

/**
 * Checks the selectors and target references of one object against the pods and
 * objects of its namespace:
 *
 * - `ref/serviceSelector`: a Service's selector matches no pod template (ExternalName
 *   and selector-less Services are skipped, and so is a namespace where the run holds no
 *   pods: a tenant's entry Service written ahead for the workloads tenant-service creates);
 *   `ref/targetPort`: a named `targetPort` that none of the selected pods declares as a
 *   container port;
 * - `ref/pdbSelector`: a PodDisruptionBudget's selector matches no pod template, in a namespace
 *   where the run holds pods (a budget for the pods a Helm chart creates is not judged);
 * - `ref/networkPolicySelector`: a NetworkPolicy's non-empty `podSelector` matches no pod
 *   template, in a namespace where the run holds pods (policies written ahead for a
 *   tenant's future workloads or for pods a Helm chart creates are not judged);
 * - `ref/networkPolicyPeer`: a NetworkPolicy peer (or a Strimzi listener's `networkPolicyPeers`
 *   entry) selects no pod in the namespaces it covers;
 * - `ref/scaleTarget`: a HorizontalPodAutoscaler's `scaleTargetRef` names no object;
 *   `hygiene/hpa-replicas`: the target sets `spec.replicas`, which a GitOps sync keeps
 *   resetting under the autoscaler;
 * - `ref/serviceMonitor`: a ServiceMonitor selects no Service, or names an endpoint
 *   port that none of its Services has.
 */
export function checkSelectorReferences(loaded: LoadedObject, inventory: Inventory): ReferenceFinding[] {
  const id = objectId(loaded.object);
  const object = asMap(loaded.object) ?? {};
  const spec = asMap(object.spec) ?? {};
  const ns = id.namespace;
  switch (`${groupOf(id.apiVersion)}/${id.kind}`) {
    case '/Service':
      return checkService(spec, ns, inventory);
    case 'policy/PodDisruptionBudget':
      return inventory.hasPods(ns) ? checkPodSelector(parseLabelSelector(spec.selector), 'spec.selector', 'ref/pdbSelector', ns, inventory) : [];
    case 'networking.k8s.io/NetworkPolicy':
      return [
        // a namespace without pods in the run (a tenant's, one a Helm chart fills) is not judged
        ...(inventory.hasPods(ns) ? checkPodSelector(parseLabelSelector(spec.podSelector), 'spec.podSelector', 'ref/networkPolicySelector', ns, inventory) : []),
        ...checkNetworkPolicyPeers(spec, ns, inventory),
      ];
    case 'kafka.strimzi.io/Kafka':
      return asArray(asMap(spec.kafka)?.listeners).flatMap((listener, i) =>
        checkPeers(asArray(asMap(listener)?.networkPolicyPeers), `spec.kafka.listeners[${i}].networkPolicyPeers`, ns, inventory));
    case 'autoscaling/HorizontalPodAutoscaler':
      return checkScaleTarget(spec, ns, inventory);
    case 'monitoring.coreos.com/ServiceMonitor':
      return checkServiceMonitor(spec, ns, inventory);
    default:
      return [];
  }
}

function checkPodSelector(selector: LabelSelector, path: string, rule: string, ns: string, inventory: Inventory): ReferenceFinding[] {
  if (isEmptySelector(selector) || inventory.podsMatching(ns, selector).length) return [];
  return [{ rule, message: `${path} (${formatSelector(selector)}) matches no pod template in namespace "${ns}"` }];
}

function checkNetworkPolicyPeers(spec: JsonMap, ns: string, inventory: Inventory): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  asArray(spec.ingress).forEach((rule, i) => out.push(...checkPeers(asArray(asMap(rule)?.from), `spec.ingress[${i}].from`, ns, inventory)));
  asArray(spec.egress).forEach((rule, i) => out.push(...checkPeers(asArray(asMap(rule)?.to), `spec.egress[${i}].to`, ns, inventory)));
  return out;
}

/**
 * `ref/networkPolicyPeer`: a peer's non-empty `podSelector` matches no pod in the
 * namespaces it covers (its own, or those its `namespaceSelector` selects). Only
 * namespaces where the run holds pods are judged: pods installed by Helm charts in
 * other namespaces (the edge, monitoring, kube-system) are not visible here.
 */
function checkPeers(peers: readonly unknown[], path: string, ns: string, inventory: Inventory): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  peers.forEach((raw, i) => {
    const peer = asMap(raw) ?? {};
    if (peer.podSelector === undefined) return;
    const selector = parseLabelSelector(peer.podSelector);
    if (isEmptySelector(selector)) return;
    const namespaces = peer.namespaceSelector === undefined ? [ns] : inventory.namespacesMatching(parseLabelSelector(peer.namespaceSelector));
    const judged = namespaces.filter((n) => inventory.hasPods(n));
    if (!judged.length || judged.some((n) => inventory.podsMatching(n, selector).length)) return;
    out.push({
      rule: 'ref/networkPolicyPeer',
      message: `${path}[${i}].podSelector (${formatSelector(selector)}) matches no pod in namespace ${judged.map((n) => `"${n}"`).join(', ')}`,
    });
  });
  return out;
}

function checkService(spec: JsonMap, ns: string, inventory: Inventory): ReferenceFinding[] {
  const selector = selectorFromMap(spec.selector);
  if (spec.type === 'ExternalName' || isEmptySelector(selector) || !inventory.hasPods(ns)) return [];
  const pods = inventory.podsMatching(ns, selector);
  if (!pods.length) {
    return [{ rule: 'ref/serviceSelector', message: `spec.selector (${formatSelector(selector)}) matches no pod template in namespace "${ns}"` }];
  }
  const out: ReferenceFinding[] = [];
  const named = new Set(pods.flatMap(containerPortNames));
  asArray(spec.ports).forEach((raw, i) => {
    const target = asMap(raw)?.targetPort;
    if (typeof target === 'string' && !named.has(target)) {
      out.push({ rule: 'ref/targetPort', message: `spec.ports[${i}].targetPort "${target}" is not a container port name of the selected pods` });
    }
  });
  return out;
}

function containerPortNames(template: PodTemplate): string[] {
  return containersOf(template).flatMap((c) => asArray(c.container.ports).map((p) => asString(asMap(p)?.name) ?? ''));
}

function checkScaleTarget(spec: JsonMap, ns: string, inventory: Inventory): ReferenceFinding[] {
  const ref = asMap(spec.scaleTargetRef) ?? {};
  const kind = asString(ref.kind) ?? '';
  const name = asString(ref.name) ?? '';
  const target = inventory.get(groupOf(asString(ref.apiVersion) ?? ''), kind, ns, name)[0];
  if (!target) {
    return [{ rule: 'ref/scaleTarget', message: `spec.scaleTargetRef: no ${kind} "${name}" (${asString(ref.apiVersion) ?? ''}) in namespace "${ns}"` }];
  }
  // with Argo CD's self-heal, a rendered replica count is re-applied on every sync and fights the autoscaler
  if (asMap(asMap(target.object)?.spec)?.replicas !== undefined) {
    return [{ rule: 'hygiene/hpa-replicas', message: `spec.scaleTargetRef: ${kind} "${name}" sets spec.replicas; leave it out when an autoscaler owns the replica count` }];
  }
  return [];
}

function checkServiceMonitor(spec: JsonMap, ns: string, inventory: Inventory): ReferenceFinding[] {
  const selector = parseLabelSelector(spec.selector);
  const nsSelector = asMap(spec.namespaceSelector) ?? {};
  const namespaces = nsSelector.any === true
    ? inventory.serviceNamespaces()
    : asArray(nsSelector.matchNames).length ? asArray(nsSelector.matchNames).map(String) : [ns];
  const services = namespaces.flatMap((n) => inventory.servicesMatching(n, selector));
  if (!services.length) {
    return [{ rule: 'ref/serviceMonitor', message: `spec.selector (${formatSelector(selector)}) matches no Service in ${namespaces.map((n) => `"${n}"`).join(', ')}` }];
  }
  const portNames = new Set(services.flatMap((s) => asArray(asMap(asMap(s.object)?.spec)?.ports).map((p) => asString(asMap(p)?.name) ?? '')));
  const out: ReferenceFinding[] = [];
  asArray(spec.endpoints).forEach((raw, i) => {
    const port = asString(asMap(raw)?.port);
    if (port !== undefined && !portNames.has(port)) {
      out.push({ rule: 'ref/serviceMonitor', message: `spec.endpoints[${i}].port "${port}" is not a port name of the selected Services` });
    }
  });
  return out;
}
