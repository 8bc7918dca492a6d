/**
 * The NetworkPolicy flow matrix of one cluster (tools/flows/network-flows.ts), and how it
 * is drawn: a Mermaid flowchart and a Markdown table, one line per pair of workloads.
 */
import { allowedFlows, podGroups, type Flow } from '../flows/network-flows';
import { asMap, asStringMap, dig } from '../validate/json';
import { namespaceOf, nameOf, renderFlowchart, type ChartEdge } from './mermaid';

/**
 * Every flow the NetworkPolicies among `objects` allow between the workloads among them,
 * sorted. Namespaces' own labels (from their Namespace objects) count for namespaceSelectors.
 */
export function clusterFlows(objects: readonly unknown[]): Flow[] {
  const all = objects.flatMap((o) => {
    const map = asMap(o);
    return map && typeof map.kind === 'string' && map.metadata ? [map] : [];
  });
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const o of all) {
    const name = dig(o, 'metadata', 'name');
    if (o.kind === 'Namespace' && typeof name === 'string') namespaceLabels[name] = asStringMap(dig(o, 'metadata', 'labels'));
  }
  return allowedFlows(all, podGroups(all), namespaceLabels);
}

/** Flows grouped by (from, to): the ports of each pair, sorted. */
export function flowPairs(flows: readonly Flow[]): Array<{ readonly from: string; readonly to: string; readonly ports: readonly string[] }> {
  const pairs = new Map<string, { from: string; to: string; ports: string[] }>();
  for (const f of flows) {
    const id = `${f.from}\0${f.to}`;
    const pair = pairs.get(id) ?? { from: f.from, to: f.to, ports: [] };
    if (!pair.ports.includes(f.port)) pair.ports.push(f.port);
    pairs.set(id, pair);
  }
  return [...pairs.values()].map((p) => ({ ...p, ports: p.ports.sort(comparePorts) })).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
}

/** The flows as a Mermaid flowchart: namespaces as subgraphs, one arrow per pair labelled with its ports. */
export function renderFlowsMermaid(flows: readonly Flow[]): string {
  const keys = new Set(flows.flatMap((f) => [f.from, f.to]));
  const nodes = [...keys].map((key) => ({ key, namespace: namespaceOf(key), label: nameOf(key) }));
  const edges: ChartEdge[] = flowPairs(flows).map((p) => ({ from: p.from, to: p.to, label: p.ports.join(', ') }));
  return renderFlowchart(nodes, edges);
}

/** The flows as a Markdown table: `| from | to | ports |`, one row per pair. */
export function renderFlowsTable(flows: readonly Flow[]): string {
  const rows = flowPairs(flows).map((p) => `| \`${p.from}\` | \`${p.to}\` | ${p.ports.join(', ')} |`);
  return ['| from | to | ports |', '|---|---|---|', ...rows].join('\n') + '\n';
}

/** `8080/TCP` before `15002/TCP`: by number, then protocol. */
export function comparePorts(a: string, b: string): number {
  const [pa, qa = ''] = a.split('/');
  const [pb, qb = ''] = b.split('/');
  return Number(pa) - Number(pb) || cmp(qa, qb) || cmp(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
