/**
 * Mermaid flowcharts from nodes and edges: one subgraph per namespace, nodes and edges in
 * a stable order, ids reduced to letters, digits and `_` (Mermaid reads `-`, `/` and
 * keywords such as `end` in ids as syntax), labels quoted.
 */

/** A node: a workload, or a Service. */
export interface ChartNode {
  /** Unique, any characters: `<namespace>/<name>`. */
  readonly key: string;
  readonly namespace: string;
  readonly label: string;
  /** Drawn dashed: something the rendered manifests name but do not hold. */
  readonly dashed?: boolean;
}

/** An edge between two nodes' keys. */
export interface ChartEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** `solid` (default), `thick` for something added, `dotted` for something removed. */
  readonly style?: 'solid' | 'thick' | 'dotted';
  /** A CSS colour for the line. */
  readonly color?: string;
}

/**
 * Unique Mermaid ids for `keys`, in a stable way: the same keys give the same ids whatever
 * their order. Two keys that reduce to the same id get `_2`, `_3`... in key order.
 */
export function mermaidIds(keys: Iterable<string>, prefix = 'n'): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of [...new Set(keys)].sort(cmp)) {
    const base = `${prefix}_${key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}

/** A label in double quotes, with the characters Mermaid would read as syntax as entities. */
export function mermaidLabel(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')}"`;
}

/** A `flowchart LR` of `nodes` (grouped by namespace) and `edges`, as the lines of a ```mermaid block. */
export function renderFlowchart(nodes: readonly ChartNode[], edges: readonly ChartEdge[]): string {
  const ids = mermaidIds(nodes.map((n) => n.key));
  const nsIds = mermaidIds(
    nodes.map((n) => n.namespace),
    'ns',
  );
  const lines = ['flowchart LR'];
  const byNs = new Map<string, ChartNode[]>();
  for (const n of nodes) byNs.set(n.namespace, [...(byNs.get(n.namespace) ?? []), n]);
  for (const ns of [...byNs.keys()].sort(cmp)) {
    lines.push(`  subgraph ${nsIds.get(ns)}[${mermaidLabel(ns)}]`);
    for (const n of (byNs.get(ns) ?? []).sort((a, b) => cmp(a.key, b.key))) lines.push(`    ${ids.get(n.key)}[${mermaidLabel(n.label)}]`);
    lines.push('  end');
  }
  const sorted = [...edges].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.label ?? '', b.label ?? ''));
  const styles: string[] = [];
  sorted.forEach((e, i) => {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) throw new Error(`edge ${e.from} → ${e.to}: no such node`);
    const arrow = e.style === 'thick' ? '==>' : e.style === 'dotted' ? '-.->' : '-->';
    lines.push(`  ${from} ${arrow}${e.label ? `|${mermaidLabel(e.label)}|` : ''} ${to}`);
    if (e.color) styles.push(`  linkStyle ${i} stroke:${e.color}`);
  });
  lines.push(...styles);
  const dashed = nodes
    .filter((n) => n.dashed)
    .map((n) => ids.get(n.key) as string)
    .sort(cmp);
  if (dashed.length > 0) lines.push('  classDef outside stroke-dasharray: 5 5', `  class ${dashed.join(',')} outside`);
  return `${lines.join('\n')}\n`;
}

/**
 * `matih-data-plane/postgresql` → `matih-data-plane`. Split at the last `/` (names have
 * none), so a cluster prefix stays with the namespace: `prod/aks-east:ns/name` → `prod/aks-east:ns`.
 */
export function namespaceOf(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

/** `matih-data-plane/postgresql` → `postgresql`. */
export function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
