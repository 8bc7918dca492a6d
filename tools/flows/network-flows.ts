/**
 * Evaluates rendered NetworkPolicies the way the Kubernetes NetworkPolicy API defines
 * them, to list which pod-to-pod flows they allow. Used by tests and review tooling to
 * assert the exact set of (from, to, port) flows rather than the policies' shape.
 *
 * Supported: podSelector / namespaceSelector with matchLabels and matchExpressions
 * (In, NotIn, Exists, DoesNotExist), numeric ports with protocol, rules without ports
 * (all ports), rules without peers (all peers). Namespaces carry the automatic
 * `kubernetes.io/metadata.name` label. ipBlock peers never match pods (pod IPs are
 * cluster-internal, and the platform's ipBlocks exclude the cluster ranges).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { asArray, asMap, asString, asStringMap, dig, type JsonMap } from '../validate/json';

/** A set of identical pods: a workload's pod template. */
export interface PodGroup {
  /** `<namespace>/<workload name>`. */
  readonly id: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Container ports (`port/protocol`). */
  readonly ports: ReadonlyArray<{ readonly port: number; readonly protocol: string }>;
}

/** One allowed connection. */
export interface Flow {
  readonly from: string;
  readonly to: string;
  /** `8080/TCP`. */
  readonly port: string;
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };

/** True when the label selector selects `labels`; an empty selector selects everything. */
export function selects(selector: Selector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/**
 * A label selector read from parsed YAML; anything but a map selects everything, as an
 * absent selector does. An expression without a string key and operator is skipped, as
 * `selects` skips an operator it does not know.
 */
function readSelector(value: unknown): Selector | undefined {
  const map = asMap(value);
  if (!map) return undefined;
  const matchExpressions = asArray(map.matchExpressions).flatMap((item) => {
    const e = asMap(item);
    const key = asString(e?.key);
    const operator = asString(e?.operator);
    if (!e || key === undefined || operator === undefined) return [];
    return [{ key, operator, values: asArray(e.values).filter((v) => typeof v === 'string') }];
  });
  return { matchLabels: asStringMap(map.matchLabels), matchExpressions };
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/** Pod groups of every workload among `objects` (Deployment, StatefulSet, DaemonSet, Job, Pod). */
export function podGroups(objects: readonly unknown[]): PodGroup[] {
  const out: PodGroup[] = [];
  for (const raw of objects) {
    const o = asMap(raw);
    if (!o) continue;
    const kind = o.kind;
    const template = asMap(kind === 'Pod' ? o : typeof kind === 'string' && WORKLOAD_KINDS.includes(kind) ? dig(o, 'spec', 'template') : undefined);
    if (!template) continue;
    const ports = asArray(dig(template, 'spec', 'containers')).flatMap((c) =>
      asArray(dig(c, 'ports')).flatMap((item) => {
        const p = asMap(item);
        return typeof p?.containerPort === 'number' ? [{ port: p.containerPort, protocol: asString(p.protocol) ?? 'TCP' }] : [];
      }),
    );
    const namespace = metadataString(o, 'namespace');
    out.push({ id: `${namespace}/${metadataString(o, 'name')}`, namespace, labels: asStringMap(dig(template, 'metadata', 'labels')), ports });
  }
  return out;
}

/** `metadata.<field>` of an object; empty when it has none. */
function metadataString(o: JsonMap, field: 'name' | 'namespace'): string {
  return asString(dig(o, 'metadata', field)) ?? '';
}

/** The parts of a NetworkPolicy the evaluation reads; a policy without a spec is read as an empty one. */
interface Policy {
  readonly spec: JsonMap;
  readonly podSelector: Selector | undefined;
  readonly types: readonly unknown[];
}

type Port = { readonly port: number; readonly protocol: string };

/** True when a rule's `ports` admit `port`; a rule whose ports are absent or empty admits every port. Named ports never match a number. */
function portMatches(rule: JsonMap, port: Port): boolean {
  const ports = asArray(rule.ports);
  if (ports.length === 0) return true;
  return ports.some((item) => {
    const p = asMap(item);
    if (!p || (p.protocol ?? 'TCP') !== port.protocol) return false;
    if (p.port === undefined || p.port === port.port) return true;
    return typeof p.port === 'number' && typeof p.endPort === 'number' && port.port >= p.port && port.port <= p.endPort;
  });
}

/**
 * Every (from, to, port) flow between `pods` that the NetworkPolicies among `objects`
 * allow, sorted. A pod that no policy selects for a direction is not isolated in that
 * direction; extra namespace labels may be given for namespaceSelectors.
 */
export function allowedFlows(
  objects: readonly unknown[],
  pods: readonly PodGroup[] = podGroups(objects),
  namespaceLabels: Readonly<Record<string, Record<string, string>>> = {},
): Flow[] {
  const policiesByNs = new Map<string, Policy[]>();
  for (const raw of objects) {
    const o = asMap(raw);
    if (o?.kind !== 'NetworkPolicy') continue;
    const namespace = metadataString(o, 'namespace');
    const spec = asMap(o.spec) ?? {};
    const types = asArray(spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']));
    const list = policiesByNs.get(namespace) ?? [];
    list.push({ spec, podSelector: readSelector(spec.podSelector), types });
    policiesByNs.set(namespace, list);
  }
  const nsLabels = (ns: string) => ({ ...namespaceLabels[ns], 'kubernetes.io/metadata.name': ns });
  const selecting = (pod: PodGroup, type: string) =>
    (policiesByNs.get(pod.namespace) ?? []).filter((p) => p.types.includes(type) && selects(p.podSelector, pod.labels));
  const peerMatches = (item: unknown, policyNs: string, pod: PodGroup): boolean => {
    const peer = asMap(item);
    if (!peer || peer.ipBlock) return false;
    const nsOk = peer.namespaceSelector ? selects(readSelector(peer.namespaceSelector), nsLabels(pod.namespace)) : pod.namespace === policyNs;
    return nsOk && selects(readSelector(peer.podSelector), pod.labels);
  };
  const allows = (policies: readonly Policy[], field: 'ingress' | 'egress', peersField: 'from' | 'to', policyPod: PodGroup, other: PodGroup, port: Port) =>
    policies.some((p) =>
      asArray(p.spec[field]).some((item) => {
        const rule = asMap(item);
        if (!rule || !portMatches(rule, port)) return false;
        // a peer list absent or empty admits every peer (Kubernetes: "empty or missing")
        const peers = asArray(rule[peersField]);
        return peers.length === 0 || peers.some((peer) => peerMatches(peer, policyPod.namespace, other));
      }),
    );

  const flows: Flow[] = [];
  for (const src of pods) {
    const egress = selecting(src, 'Egress');
    for (const dst of pods) {
      if (dst === src) continue;
      const ingress = selecting(dst, 'Ingress');
      for (const port of dst.ports) {
        const out = egress.length === 0 || allows(egress, 'egress', 'to', src, dst, port);
        const inn = ingress.length === 0 || allows(ingress, 'ingress', 'from', dst, src, port);
        if (out && inn) flows.push({ from: src.id, to: dst.id, port: `${port.port}/${port.protocol}` });
      }
    }
  }
  return flows.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.port, b.port));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
