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

/** Pod groups of every workload among `objects` (Deployment, StatefulSet, DaemonSet, Job, Pod). */
export function podGroups(objects: readonly any[]): PodGroup[] {
  const out: PodGroup[] = [];
  for (const o of objects) {
    const template = o.kind === 'Pod' ? o : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind) ? o.spec?.template : undefined;
    if (!template) continue;
    const ports = (template.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })));
    out.push({ id: `${o.metadata.namespace}/${o.metadata.name}`, namespace: o.metadata.namespace, labels: template.metadata?.labels ?? {}, ports });
  }
  return out;
}

/**
 * Every (from, to, port) flow between `pods` that the NetworkPolicies among `objects`
 * allow, sorted. A pod that no policy selects for a direction is not isolated in that
 * direction; extra namespace labels may be given for namespaceSelectors.
 */
export function allowedFlows(objects: readonly any[], pods: readonly PodGroup[] = podGroups(objects), namespaceLabels: Readonly<Record<string, Record<string, string>>> = {}): Flow[] {
  const policiesByNs = new Map<string, any[]>();
  for (const o of objects) {
    if (o.kind !== 'NetworkPolicy') continue;
    const list = policiesByNs.get(o.metadata.namespace) ?? [];
    list.push(o);
    policiesByNs.set(o.metadata.namespace, list);
  }
  const nsLabels = (ns: string) => ({ ...namespaceLabels[ns], 'kubernetes.io/metadata.name': ns });
  const types = (p: any): string[] => p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  const selecting = (pod: PodGroup, type: string) =>
    (policiesByNs.get(pod.namespace) ?? []).filter((p) => types(p).includes(type) && selects(p.spec.podSelector, pod.labels));
  const peerMatches = (peer: any, policyNs: string, pod: PodGroup): boolean => {
    if (peer.ipBlock) return false;
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, nsLabels(pod.namespace)) : pod.namespace === policyNs;
    return nsOk && selects(peer.podSelector, pod.labels);
  };
  const portMatches = (rule: any, port: { port: number; protocol: string }): boolean =>
    !rule.ports || rule.ports.some((p: any) => (p.protocol ?? 'TCP') === port.protocol && (p.port === undefined || p.port === port.port || (p.endPort !== undefined && port.port >= p.port && port.port <= p.endPort)));
  const allows = (policies: any[], field: 'ingress' | 'egress', peersField: 'from' | 'to', policyPod: PodGroup, other: PodGroup, port: { port: number; protocol: string }) =>
    policies.some((p) => (p.spec[field] ?? []).some((rule: any) =>
      portMatches(rule, port) && (!rule[peersField] || rule[peersField].some((peer: any) => peerMatches(peer, policyPod.namespace, other)))));

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
