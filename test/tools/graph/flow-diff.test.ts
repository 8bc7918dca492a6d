import { diffFlows, renderFlowDiffMarkdown } from '../../../tools/graph/flow-diff';

describe('diffFlows and renderFlowDiffMarkdown', () => {
  const f = (from: string, to: string, port: string) => ({ from, to, port });
  const base = [f('a/web', 'b/db', '5432/TCP'), f('a/web', 'b/cache', '6379/TCP')];
  const head = [f('a/web', 'b/db', '5432/TCP'), f('a/web', 'b/db', '5433/TCP'), f('c/job', 'b/db', '5432/TCP'), f('c/job', 'b/db', '5432/TCP')];

  test('lists the flows only in head as added and only in base as removed, once each, sorted', () => {
    expect(diffFlows(base, head)).toEqual({
      added: [f('a/web', 'b/db', '5433/TCP'), f('c/job', 'b/db', '5432/TCP')],
      removed: [f('a/web', 'b/cache', '6379/TCP')],
    });
    expect(diffFlows(base, [...base].reverse())).toEqual({ added: [], removed: [] });
  });

  test('renders a table and a Mermaid snippet, added thick and green, removed dotted and red', () => {
    const md = renderFlowDiffMarkdown(diffFlows(base, head));
    expect(md).toContain('2 flows added, 1 removed');
    expect(md).toContain('| added | `a/web` | `b/db` | 5433/TCP |\n| added | `c/job` | `b/db` | 5432/TCP |\n| removed | `a/web` | `b/cache` | 6379/TCP |\n');
    const mermaid = md.slice(md.indexOf('```mermaid\n') + 11, md.lastIndexOf('```'));
    expect(mermaid.split('\n').filter((l) => /-->|==>|-\.->|linkStyle/.test(l))).toEqual([
      '  n_a_web -.->|"- 6379/TCP"| n_b_cache',
      '  n_a_web ==>|"+ 5433/TCP"| n_b_db',
      '  n_c_job ==>|"+ 5432/TCP"| n_b_db',
      '  linkStyle 0 stroke:#cf222e',
      '  linkStyle 1 stroke:#1a7f37',
      '  linkStyle 2 stroke:#1a7f37',
    ]);
  });

  test('renders nothing when nothing changed', () => {
    expect(renderFlowDiffMarkdown(diffFlows(base, base))).toEqual('');
  });
});
