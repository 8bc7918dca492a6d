/**
 * Grafana dashboards as typed data: rows of time-series panels over PromQL queries, laid out
 * on Grafana's 24-column grid. The same input always gives the same JSON (ids and positions
 * follow the order of rows and panels), so a dashboard in dist/ changes only when its
 * content does.
 * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */

/** A panel's unit, as Grafana names it. */
type PanelUnit = 'short' | 'percent' | 'bytes' | 'cores' | 's';

/** One time-series panel. */
export interface PanelSpec {
  readonly title: string;
  /** PromQL queries, one series set each. */
  readonly queries: readonly string[];
  /** @default 'short' */
  readonly unit?: PanelUnit;
  readonly description?: string;
}

/** A row of panels, e.g. one per service. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** A dashboard. */
export interface DashboardSpec {
  /** Stable id in Grafana (at most 40 characters): links keep working across changes. */
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly rows: readonly RowSpec[];
  /** The Prometheus data source's uid. */
  readonly datasourceUid: string;
}

/** The JSON model Grafana loads (the subset the platform uses). */
export interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly editable: false;
  readonly schemaVersion: number;
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  readonly panels: readonly object[];
}

/** Grafana's dashboard JSON schema version the model is written for (Grafana 10 to 13 read it). */
const SCHEMA_VERSION = 39;
const GRID_WIDTH = 24;
const PANEL_HEIGHT = 8;
const PANELS_PER_ROW = 3;

/** Builds the dashboard's JSON model. @throws on an unusable uid or an empty query */
export function dashboardJson(spec: DashboardSpec): DashboardJson {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(spec.uid)) throw new Error(`dashboard "${spec.title}": uid "${spec.uid}" must be 1-40 letters, digits, - or _`);
  const datasource = { type: 'prometheus', uid: spec.datasourceUid };
  const panels: object[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: GRID_WIDTH, x: 0, y }, panels: [] });
    y += 1;
    const width = GRID_WIDTH / PANELS_PER_ROW;
    row.panels.forEach((p, i) => {
      if (p.queries.length === 0 || p.queries.some((q) => !q.trim()))
        throw new Error(`dashboard "${spec.title}", panel "${p.title}": every query must be a PromQL expression`);
      const x = (i % PANELS_PER_ROW) * width;
      if (i > 0 && x === 0) y += PANEL_HEIGHT;
      panels.push({
        id: id++,
        type: 'timeseries',
        title: p.title,
        description: p.description,
        datasource,
        gridPos: { h: PANEL_HEIGHT, w: width, x, y },
        fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
        // `__auto` names each series by its labels without a legend template
        targets: p.queries.map((expr, q) => ({ refId: String.fromCharCode(65 + q), datasource, expr, legendFormat: '__auto', range: true })),
      });
    });
    if (row.panels.length > 0) y += PANEL_HEIGHT;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    tags: [...spec.tags].sort(),
    editable: false,
    schemaVersion: SCHEMA_VERSION,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    panels,
  };
}

/** Every PromQL query of a dashboard, for checks. */
export function dashboardQueries(dashboard: DashboardJson): string[] {
  return dashboard.panels.flatMap((p) => ((p as { targets?: Array<{ expr: string }> }).targets ?? []).map((t) => t.expr));
}
