/**
 * Which service calls which, read from the rendered manifests: an env var of a workload
 * whose value holds an in-cluster URL (`<service>.<namespace>.svc[.cluster.local][:port]`,
 * with any scheme, several per value) is an edge from the workload to the workloads that
 * Service selects, labelled with the port called.
 */
import { asArray, asMap, dig, type JsonMap } from '../validate/json';
import { renderFlowchart, type ChartEdge, type ChartNode } from './mermaid';

/** A node of the dependency graph. */
export interface ServiceNode {
  /** `<namespace>/<workload>`; `<namespace>/<service>` for a Service whose pods are not rendered. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** The workload's kind, or `Service` for a Service whose pods are not rendered here. */
  readonly kind: string;
  /** False for a Service that is named in a URL but selects no rendered workload (or is not rendered). */
  readonly rendered: boolean;
}

/** A caller → callee edge. */
export interface DependencyEdge {
  readonly from: string;
  readonly to: string;
  /** The port in the URL; empty when the URL names none. */
  readonly port: string;
  /** The env vars that hold the URL, sorted. */
  readonly env: readonly string[];
}

/** Every workload, every Service called that selects none, and the calls between them, sorted. */
export interface DependencyGraph {
  readonly nodes: readonly ServiceNode[];
  readonly edges: readonly DependencyEdge[];
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
// an optional pod host (`redis-0.redis-headless.ns.svc`) before `<service>.<namespace>.svc`
// and not a longer name that merely contains `.svc.` (`a.b.svc.example.com`)
const IN_CLUSTER_URL = new RegExp(
  `(?<![-a-z0-9.])(?:${LABEL}\\.)?(${LABEL})\\.(${LABEL})\\.svc(?:\\.cluster\\.local)?(?::(\\d{1,5}))?(?![-a-z0-9]|\\.[-a-z0-9])`,
  'g',
);

/** The in-cluster Services a text names: `{ service, namespace, port }`, in order. */
export function inClusterUrls(text: string): Array<{ readonly service: string; readonly namespace: string; readonly port: string }> {
  return [...text.matchAll(IN_CLUSTER_URL)].map((m) => ({ service: m[1], namespace: m[2], port: m[3] ?? '' }));
}

/** The dependency graph of one cluster's objects. */
export function serviceDependencies(objects: readonly unknown[]): DependencyGraph {
  const workloads = objects.flatMap((raw) => {
    const o = asMap(raw);
    const template = podTemplate(o);
    const namespace = dig(o, 'metadata', 'namespace');
    if (!o || !template || typeof namespace !== 'string') return [];
    const name = String(dig(o, 'metadata', 'name'));
    return [{ kind: String(o.kind), name, template, labels: asMap(dig(template, 'metadata', 'labels')), namespace, key: `${namespace}/${name}` }];
  });
  // each Service's selector, by `<namespace>/<name>`
  const selectors = new Map<string, unknown>();
  for (const raw of objects) {
    const o = asMap(raw);
    if (o?.kind !== 'Service' || o.apiVersion !== 'v1') continue;
    selectors.set(`${String(dig(o, 'metadata', 'namespace'))}/${String(dig(o, 'metadata', 'name'))}`, dig(o, 'spec', 'selector'));
  }

  const nodes = new Map<string, ServiceNode>();
  for (const w of workloads) nodes.set(w.key, { key: w.key, namespace: w.namespace, name: w.name, kind: w.kind, rendered: true });
  const edges = new Map<string, { from: string; to: string; port: string; env: Set<string> }>();
  const callees = (namespace: string, service: string): string[] => {
    const selector = asMap(selectors.get(`${namespace}/${service}`));
    const selected =
      selector && Object.keys(selector).length > 0
        ? workloads.filter((w) => w.namespace === namespace && Object.entries(selector).every(([k, v]) => w.labels?.[k] === v)).map((w) => w.key)
        : [];
    if (selected.length > 0) return selected;
    const key = `${namespace}/${service}`;
    if (!nodes.has(key)) nodes.set(key, { key, namespace, name: service, kind: 'Service', rendered: false });
    return [key];
  };
  for (const w of workloads) {
    const containers = [...asArray(dig(w.template, 'spec', 'initContainers')), ...asArray(dig(w.template, 'spec', 'containers'))];
    for (const env of containers.flatMap((c) => asArray(dig(c, 'env')).map(asMap))) {
      if (typeof env?.value !== 'string') continue;
      for (const url of inClusterUrls(env.value)) {
        for (const to of callees(url.namespace, url.service)) {
          if (to === w.key) continue;
          const id = `${w.key}\0${to}\0${url.port}`;
          const edge = edges.get(id) ?? { from: w.key, to, port: url.port, env: new Set<string>() };
          edge.env.add(String(env.name));
          edges.set(id, edge);
        }
      }
    }
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => cmp(a.key, b.key)),
    edges: [...edges.values()]
      .map((e) => ({ from: e.from, to: e.to, port: e.port, env: [...e.env].sort(cmp) }))
      .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.port, b.port)),
  };
}

/** The graph as a Mermaid flowchart: namespaces as subgraphs, Services not rendered here dashed. */
export function renderDependencyMermaid(graph: DependencyGraph): string {
  const nodes: ChartNode[] = graph.nodes.map((n) => ({ key: n.key, namespace: n.namespace, label: n.name, dashed: !n.rendered }));
  // one line per caller and callee, with every port it calls
  const pairs = new Map<string, { from: string; to: string; ports: string[] }>();
  for (const e of graph.edges) {
    const id = `${e.from}\0${e.to}`;
    const pair = pairs.get(id) ?? { from: e.from, to: e.to, ports: [] };
    if (e.port) pair.ports.push(e.port);
    pairs.set(id, pair);
  }
  const edges: ChartEdge[] = [...pairs.values()].map((p) => ({ from: p.from, to: p.to, ...(p.ports.length ? { label: p.ports.join(', ') } : {}) }));
  return renderFlowchart(nodes, edges);
}

/** The pod template of a workload (the Pod itself for a Pod); undefined for any other object. */
function podTemplate(o: JsonMap | undefined): unknown {
  const kind = o?.kind;
  if (kind === 'Pod') return o;
  if (kind === 'CronJob') return dig(o, 'spec', 'jobTemplate', 'spec', 'template');
  return typeof kind === 'string' && TEMPLATE_KINDS.has(kind) ? dig(o, 'spec', 'template') : undefined;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
