/**
 * What a change does to the NetworkPolicy flow matrix: the flows a pull request adds and
 * removes, as a small Markdown table and Mermaid snippet for `npm run diff -- --markdown`.
 */
import type { Flow } from '../flows/network-flows';
import { namespaceOf, nameOf, renderFlowchart, type ChartEdge } from './mermaid';
import { comparePorts } from './flows';

/** The flows only in head (added) and only in base (removed), each sorted. */
export interface FlowDiff {
  readonly added: readonly Flow[];
  readonly removed: readonly Flow[];
}

/** Colours of added and removed lines in the Mermaid snippet (GitHub's diff green and red). */
const ADDED = '#1a7f37';
const REMOVED = '#cf222e';

/**
 * The flows of `head` that `base` does not have, and the other way round. Flows are
 * compared by (from, to, port); to compare several clusters at once, give each flow's
 * `from` and `to` a cluster prefix first (`prod/aks-east:ns/name`).
 */
export function diffFlows(base: readonly Flow[], head: readonly Flow[]): FlowDiff {
  const key = (f: Flow) => `${f.from}\0${f.to}\0${f.port}`;
  const baseKeys = new Set(base.map(key));
  const headKeys = new Set(head.map(key));
  const only = (flows: readonly Flow[], other: Set<string>) => dedupe(flows.filter((f) => !other.has(key(f)))).sort(compareFlows);
  return { added: only(head, baseKeys), removed: only(base, headKeys) };
}

/**
 * The diff as Markdown: a heading, a table `| | from | to | port |` (added rows first) and a
 * Mermaid snippet (added flows thick and green, removed dotted and red). Empty when
 * nothing changed, so a caller can append it unconditionally.
 */
export function renderFlowDiffMarkdown(diff: FlowDiff, options: { readonly heading?: string } = {}): string {
  if (diff.added.length === 0 && diff.removed.length === 0) return '';
  const rows = [
    ...diff.added.map((f) => `| added | \`${f.from}\` | \`${f.to}\` | ${f.port} |`),
    ...diff.removed.map((f) => `| removed | \`${f.from}\` | \`${f.to}\` | ${f.port} |`),
  ];
  return [
    options.heading ?? '### Network flows',
    '',
    `${diff.added.length} flow${diff.added.length === 1 ? '' : 's'} added, ${diff.removed.length} removed (NetworkPolicies, between rendered workloads).`,
    '',
    '| | from | to | port |',
    '|---|---|---|---|',
    ...rows,
    '',
    '```mermaid',
    renderFlowDiffMermaid(diff).trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** The diff as a Mermaid flowchart: added flows thick and green, removed dotted and red, labelled `+ port` / `- port`. */
export function renderFlowDiffMermaid(diff: FlowDiff): string {
  const all = [...diff.added, ...diff.removed];
  const keys = new Set(all.flatMap((f) => [f.from, f.to]));
  const nodes = [...keys].map((key) => ({ key, namespace: namespaceOf(key), label: nameOf(key) }));
  const edges: ChartEdge[] = [
    ...group(diff.added).map((p) => ({ from: p.from, to: p.to, label: `+ ${p.ports.join(', ')}`, style: 'thick' as const, color: ADDED })),
    ...group(diff.removed).map((p) => ({ from: p.from, to: p.to, label: `- ${p.ports.join(', ')}`, style: 'dotted' as const, color: REMOVED })),
  ];
  return renderFlowchart(nodes, edges);
}

function group(flows: readonly Flow[]): Array<{ from: string; to: string; ports: string[] }> {
  const pairs = new Map<string, { from: string; to: string; ports: string[] }>();
  for (const f of flows) {
    const id = `${f.from}\0${f.to}`;
    const pair = pairs.get(id) ?? { from: f.from, to: f.to, ports: [] };
    pair.ports.push(f.port);
    pairs.set(id, pair);
  }
  return [...pairs.values()].map((p) => ({ ...p, ports: p.ports.sort(comparePorts) }));
}

function dedupe(flows: readonly Flow[]): Flow[] {
  const seen = new Set<string>();
  return flows.filter((f) => {
    const k = `${f.from}\0${f.to}\0${f.port}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function compareFlows(a: Flow, b: Flow): number {
  return cmp(a.from, b.from) || cmp(a.to, b.to) || comparePorts(a.port, b.port);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
