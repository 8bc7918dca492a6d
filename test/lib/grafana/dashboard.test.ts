import * as fc from 'fast-check';
import { dashboardJson, dashboardQueries, type DashboardSpec } from '../../../lib/grafana/dashboard';
import type { Manifest } from '../../charts/dist-clusters';

const spec = (rows: DashboardSpec['rows']): DashboardSpec => ({ uid: 'shop', title: 'Shop', tags: ['b', 'a'], datasourceUid: 'prometheus', rows });
const panel = (title: string, queries = [`up{job="${title}"}`]) => ({ title, queries });

describe('dashboardJson', () => {
  test('lays rows and panels out on the 24-column grid, three panels a line, ids in order', () => {
    const d = dashboardJson(
      spec([
        { title: 'api', panels: ['a', 'b', 'c', 'd'].map((t) => panel(t)) },
        { title: 'db', panels: [panel('e')] },
      ]),
    );
    const layout = d.panels.map((p: Manifest) => [p.id, p.type, p.title, p.gridPos.x, p.gridPos.y, p.gridPos.w]);
    expect(layout).toEqual([
      [1, 'row', 'api', 0, 0, 24],
      [2, 'timeseries', 'a', 0, 1, 8],
      [3, 'timeseries', 'b', 8, 1, 8],
      [4, 'timeseries', 'c', 16, 1, 8],
      [5, 'timeseries', 'd', 0, 9, 8],
      [6, 'row', 'db', 0, 17, 24],
      [7, 'timeseries', 'e', 0, 18, 8],
    ]);
    expect(d.tags).toEqual(['a', 'b']);
    expect(d.editable).toBe(false);
  });

  test('queries keep their order, on the Prometheus data source, with automatic legends (no template markers)', () => {
    const d = dashboardJson(spec([{ title: 'api', panels: [panel('x', ['a', 'b'])] }]));
    expect((d.panels[1] as Manifest).targets).toEqual([
      { refId: 'A', datasource: { type: 'prometheus', uid: 'prometheus' }, expr: 'a', legendFormat: '__auto', range: true },
      { refId: 'B', datasource: { type: 'prometheus', uid: 'prometheus' }, expr: 'b', legendFormat: '__auto', range: true },
    ]);
    expect(dashboardQueries(d)).toEqual(['a', 'b']);
  });

  test('is deterministic and never overlaps two panels', () => {
    const rows = fc.array(
      fc.record({
        title: fc.string({ minLength: 1, maxLength: 5 }),
        panels: fc.array(
          fc.constantFrom('p', 'q').map((t) => panel(t)),
          { maxLength: 7 },
        ),
      }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(rows, (r) => {
        const d = dashboardJson(spec(r));
        expect(JSON.stringify(dashboardJson(spec(r)))).toBe(JSON.stringify(d));
        const cells = new Set<string>();
        const overlaps: string[] = [];
        for (const p of d.panels as Manifest[]) {
          for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
            for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
              if (cells.has(`${x},${y}`)) overlaps.push(`${x},${y}`);
              cells.add(`${x},${y}`);
            }
          }
        }
        expect(overlaps).toEqual([]);
      }),
    );
  });

  test('refuses an unusable uid and an empty query', () => {
    expect(() => dashboardJson({ ...spec([]), uid: 'a b' })).toThrow('dashboard "Shop": uid "a b" must be 1-40 letters, digits, - or _');
    expect(() => dashboardJson(spec([{ title: 'x', panels: [panel('p', [' '])] }]))).toThrow(
      'dashboard "Shop", panel "p": every query must be a PromQL expression',
    );
  });
});
