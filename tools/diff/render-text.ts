import { type DiffReport, reportDangers, type ResourceDiff, STATUSES } from './diff-trees';
import { changeLines } from './format';
import { displayName, displayObjectName } from './resource-key';
import { addCounts, type Counts, countsText, summarize, zeroCounts } from './summary';

const MARKS: Readonly<Record<ResourceDiff['status'], string>> = { added: '+', removed: '-', renamed: '>', changed: '~' };

/** `dev/platform`, with `(root)` for files directly under the tree or the env. */
export function appPath(env: string, app: string): string {
  return `${env === '' ? '(root)' : env}/${app === '' ? '(root)' : app}`;
}

/** The title of a resource entry: `Deployment ns/api`, or `ConfigMap ns/a → ns/b` for a rename. */
export function resourceTitle(r: ResourceDiff): string {
  if (r.status !== 'renamed' || r.oldKey === undefined) return displayName(r.key);
  const moved = r.oldKey.app !== r.key.app ? ` (from application ${r.oldKey.app})` : '';
  const renamed = r.oldKey.name !== r.key.name || r.oldKey.namespace !== r.key.namespace;
  const names = renamed ? `${displayName(r.oldKey)} → ${displayObjectName(r.key)}` : displayName(r.key);
  return `${names}${moved}, ${Math.round((r.similarity ?? 1) * 100)}% of fields equal`;
}

function table(title: string, rows: readonly (readonly [string, Counts])[]): string[] {
  const header = [title, ...STATUSES];
  const cells = rows.map(([name, counts]) => [name === '' ? '(root)' : name, ...STATUSES.map((s) => String(counts[s]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cols: string[]) => '    ' + cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...cells.map(line)];
}

/** Options of `renderText`. */
export interface TextOptions {
  /**
   * A line under the totals that says what was compared (`dist/ at 1a2b3c4 → fresh synth`).
   * @default none
   */
  readonly context?: string;
}

/**
 * Renders the report as plain text for a terminal: the totals and the counts per env (by
 * kind and by application), then every dangerous change, then per env and application the
 * resources added, removed, renamed and changed, with the hostnames and routes they add
 * or take away and the changed fields as `path: old → new`.
 */
export function renderText(report: DiffReport, options: TextOptions = {}): string {
  const out: string[] = [];
  const summaries = summarize(report);
  const total = summaries.reduce((sum, s) => addCounts(sum, s.total), zeroCounts());
  const dangers = reportDangers(report);
  const unchanged = summaries.reduce((sum, s) => sum + s.unchanged, 0);
  out.push(`matih-diff: ${countsText(total)} (${unchanged} unchanged); ${dangers.length} dangerous change${dangers.length === 1 ? '' : 's'}`);
  if (options.context !== undefined) out.push(options.context);
  for (const s of summaries) {
    out.push('');
    const changed = STATUSES.some((status) => s.total[status] > 0);
    out.push(`${s.env}: ${changed ? countsText(s.total) + ', ' : 'no changes, '}${s.unchanged} unchanged`);
    if (!changed) continue;
    out.push(...table('by kind', s.byKind), ...table('by application', s.byApp));
  }
  if (dangers.length > 0) {
    out.push('', `DANGEROUS CHANGES (${dangers.length})`);
    for (const { resource, danger } of dangers) {
      out.push(`  ! ${appPath(resource.key.env, resource.key.app)} ${resource.status} ${resourceTitle(resource)}: ${danger.message}`);
    }
  }
  let section = '';
  for (const r of report.resources) {
    const here = appPath(r.key.env, r.key.app);
    if (here !== section) {
      out.push('', here);
      section = here;
    }
    out.push(`  ${MARKS[r.status]} ${r.status.padEnd(7)} ${resourceTitle(r)}`);
    for (const d of r.dangers) out.push(`      ! ${d.message}`);
    for (const line of r.routes) out.push(`      ${line}`);
    for (const change of r.changes) out.push(...changeLines(change).map((line) => `      ${line}`));
  }
  return out.join('\n') + '\n';
}
