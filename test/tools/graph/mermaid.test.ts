import { mermaidIds, mermaidLabel, namespaceOf, nameOf, renderFlowchart } from '../../../tools/graph/mermaid';

describe('Mermaid helpers', () => {
  test('ids are letters, digits and _, unique, and the same whatever the order of the keys', () => {
    const a = mermaidIds(['ns/end', 'a-b/c', 'a_b/c', 'a.b/c']);
    const b = mermaidIds(['a.b/c', 'a_b/c', 'a-b/c', 'ns/end']);
    expect([...a].sort()).toEqual([...b].sort());
    expect(Object.fromEntries(a)).toEqual({ 'a-b/c': 'n_a_b_c', 'a.b/c': 'n_a_b_c_2', 'a_b/c': 'n_a_b_c_3', 'ns/end': 'n_ns_end' });
  });

  test('labels are quoted, with quotes and angle brackets as entities', () => {
    expect(mermaidLabel('say "hi" <b>')).toEqual('"say #quot;hi#quot; #lt;b#gt;"');
  });

  test('keys split at the last slash, so a cluster prefix stays with the namespace', () => {
    expect([namespaceOf('prod/aks-east:web/api'), nameOf('prod/aks-east:web/api')]).toEqual(['prod/aks-east:web', 'api']);
  });

  test('edges are sorted, styled, and coloured by their sorted position', () => {
    const nodes = [
      { key: 'a/x', namespace: 'a', label: 'x' },
      { key: 'b/y', namespace: 'b', label: 'y' },
    ];
    const chart = renderFlowchart(nodes, [
      { from: 'b/y', to: 'a/x', label: '2', style: 'dotted', color: 'red' },
      { from: 'a/x', to: 'b/y', label: '1', style: 'thick', color: 'green' },
    ]);
    expect(chart.split('\n').filter((l) => /-->|==>|-\.->|linkStyle/.test(l))).toEqual([
      '  n_a_x ==>|"1"| n_b_y',
      '  n_b_y -.->|"2"| n_a_x',
      '  linkStyle 0 stroke:green',
      '  linkStyle 1 stroke:red',
    ]);
    expect(() => renderFlowchart(nodes, [{ from: 'a/x', to: 'c/z' }])).toThrow(/no such node/);
  });
});
