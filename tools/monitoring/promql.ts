/**
 * PromQL as Prometheus 3.13 parses it (the grammar of @prometheus-io/lezer-promql 0.313,
 * the Prometheus line kube-prometheus-stack 88.0.0 runs): syntax errors, and the metric
 * names an expression selects.
 */
import { parser } from '@prometheus-io/lezer-promql';

/** What an expression holds. */
export interface PromqlFacts {
  /** One entry per syntax error: the offending text and where it starts. */
  readonly errors: readonly string[];
  /** The metric names it selects, sorted, each once (a selector by `__name__=` included). */
  readonly metrics: readonly string[];
}

/** Parses `expr`. */
export function promqlFacts(expr: string): PromqlFacts {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  const text = (from: number, to: number) => expr.slice(from, to);
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError) errors.push(`at ${node.from}: "${text(node.from, Math.max(node.to, node.from + 1))}"`);
    if (node.name === 'VectorSelector') {
      const name = node.getChild('Identifier');
      if (name) metrics.add(text(name.from, name.to));
      // {__name__="x"} selects metric x
      for (const m of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = m.getChild('LabelName');
        const op = m.getChild('MatchOp');
        const value = m.getChild('StringLiteral');
        if (label && op && value && text(label.from, label.to) === '__name__' && text(op.from, op.to) === '=')
          metrics.add(String(JSON.parse(text(value.from, value.to))));
      }
    }
  } while (cursor.next());
  if (tree.length !== expr.length) errors.push(`the parse covers ${tree.length} of ${expr.length} characters`);
  return { errors, metrics: [...metrics].sort() };
}
