/**
 * Prints deprecation findings: plain text for a terminal, Markdown for a pull-request
 * comment. Both are sorted and hold no dates, so the same tree prints the same report.
 */
import type { Finding, FindingStatus } from './check';
import { PINNED_OPERATORS, TABLE_VERSION, type PinnedOperator } from './table';
import { kubernetesWindow } from './versions';

/** The findings of one cluster. */
export interface ClusterFindings {
  /** `dev`, or `prod/aks-east`. */
  readonly label: string;
  readonly kubernetesVersion: string;
  readonly findings: readonly Finding[];
}

/** What the report says it checked against. */
export interface ReportContext {
  readonly minorsAhead: number;
  readonly operators?: readonly PinnedOperator[];
}

/** Findings of one cluster that read the same: one status, apiVersion, kind and verdict. */
interface Group {
  readonly first: Finding;
  readonly objects: Finding[];
}

const ORDER: Record<FindingStatus, number> = { removed: 0, deprecated: 1, scheduled: 2 };

/** The report as plain text. */
export function renderDeprecationsText(clusters: readonly ClusterFindings[], context: ReportContext): string {
  const lines = [`deprecations: ${header(clusters, context)}`, ''];
  for (const c of clusters) {
    const groups = groupFindings(c.findings);
    lines.push(
      groups.length === 0
        ? `${c.label} (Kubernetes ${c.kubernetesVersion}): nothing deprecated or removed`
        : `${c.label} (Kubernetes ${c.kubernetesVersion}): ${count(c.findings.length, 'object')}`,
    );
    for (const g of groups) {
      const f = g.first;
      lines.push(`  ${f.status.padEnd(10)} ${f.apiVersion} ${f.kind} (${g.objects.length}): ${when(f, c.kubernetesVersion, context)}; use ${f.replacement}`);
      if (f.note) lines.push(`             ${f.note}`);
      lines.push(`             source: ${f.source}`);
      for (const o of g.objects) lines.push(`    ${o.file}  ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`);
    }
  }
  lines.push('', summary(clusters));
  return `${lines.join('\n')}\n`;
}

/** The report as a Markdown section for a pull-request comment. */
export function renderDeprecationsMarkdown(clusters: readonly ClusterFindings[], context: ReportContext): string {
  const out = ['### API deprecations', '', header(clusters, context), ''];
  const rows: string[] = [];
  const details: string[] = [];
  for (const c of clusters) {
    const groups = groupFindings(c.findings);
    for (const g of groups) {
      const f = g.first;
      const status = f.status === 'removed' ? '**removed**' : f.status;
      rows.push(
        `| ${esc(c.label)} | ${status} | ${code(f.apiVersion)} | ${esc(f.kind)} | ${g.objects.length} | ${esc(when(f, c.kubernetesVersion, context))} | ${code(f.replacement)}${f.note ? ` (${esc(f.note)})` : ''} |`,
      );
    }
    if (groups.length > 0) {
      details.push(`<details><summary>${esc(c.label)}: ${count(c.findings.length, 'object')}</summary>`, '');
      for (const f of [...c.findings].sort(byGroupThenFile))
        details.push(`- ${f.status} ${code(f.apiVersion)} ${esc(f.kind)} ${code(`${f.namespace ? `${f.namespace}/` : ''}${f.name}`)} in ${code(f.file)}`);
      details.push('', '</details>', '');
    }
  }
  if (rows.length === 0) {
    out.push('Nothing deprecated or removed.', '');
    return `${out.join('\n')}`;
  }
  out.push('| cluster | status | apiVersion | kind | objects | when | use instead |', '|---|---|---|---|---:|---|---|', ...rows, '', ...details);
  // sources are URLs written in table.ts: escaping their `_` would break GitHub's autolinks
  const sources = [
    ...new Set(clusters.flatMap((c) => c.findings.map((f) => `${code(f.apiVersion)}: ${f.source.replace(/[<>|]/g, (ch) => `\\${ch}`)}`))),
  ].sort();
  out.push('Sources:', '', ...sources.map((s) => `- ${s}`), '', summary(clusters), '');
  return out.join('\n');
}

/** The one-line verdict of a finding: where and when the version goes. */
export function when(f: Finding, kubernetesVersion: string, context: Pick<ReportContext, 'operators'> = {}): string {
  if (f.project === 'kubernetes') {
    if (f.status === 'removed')
      return f.current ? `not served by Kubernetes ${kubernetesVersion} (removed in ${f.removedIn})` : `removed in Kubernetes ${f.removedIn}`;
    return `deprecated in Kubernetes ${f.deprecatedIn}${f.removedIn ? `, removed in ${f.removedIn}` : ''}`;
  }
  const op = (context.operators ?? PINNED_OPERATORS).find((o) => o.name === f.project);
  const title = op?.title ?? f.project;
  const pinned = op?.version ?? '?';
  if (f.status === 'removed') return `not served by ${title} ${pinned}${f.removedIn ? ` (removed in ${f.removedIn})` : ''}`;
  if (f.status === 'deprecated') return `deprecated in ${title} ${pinned}${f.removedIn ? `, removed in ${f.removedIn}` : ''}`;
  return f.removedIn ? `not served from ${title} ${f.removedIn} (pinned: ${pinned})` : `deprecated from ${title} ${f.deprecatedIn} (pinned: ${pinned})`;
}

function header(clusters: readonly ClusterFindings[], context: ReportContext): string {
  const versions = [...new Set(clusters.map((c) => c.kubernetesVersion))].sort();
  const windows = versions.map((v) => {
    const w = kubernetesWindow(v, context.minorsAhead);
    return w.length > 1 ? `${w[0]} to ${w.at(-1)}` : w[0];
  });
  const operators = (context.operators ?? PINNED_OPERATORS).map((o) => `${o.title} ${o.version}`).join(', ');
  return `Kubernetes ${windows.join(' / ')}; pinned operators: ${operators}; table version ${TABLE_VERSION}`;
}

function summary(clusters: readonly ClusterFindings[]): string {
  const all = clusters.flatMap((c) => c.findings);
  const n = (s: FindingStatus) => all.filter((f) => f.status === s).length;
  return `${count(all.length, 'object')} in ${count(clusters.length, 'cluster')}: ${n('removed')} removed, ${n('deprecated')} deprecated, ${n('scheduled')} scheduled for removal in a later operator release`;
}

function groupFindings(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of [...findings].sort(byGroupThenFile)) {
    const key = groupKey(f);
    const g = groups.get(key);
    if (g) g.objects.push(f);
    else groups.set(key, { first: f, objects: [f] });
  }
  return [...groups.values()];
}

function groupKey(f: Finding): string {
  return JSON.stringify([
    ORDER[f.status],
    f.apiVersion,
    f.kind,
    f.project,
    f.current,
    f.deprecatedIn ?? '',
    f.removedIn ?? '',
    f.replacement,
    f.note ?? '',
    f.source,
  ]);
}

function byGroupThenFile(a: Finding, b: Finding): number {
  return cmp(groupKey(a), groupKey(b)) || cmp(a.file, b.file) || cmp(a.name, b.name);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Plain text in Markdown: characters that would start markup are escaped. */
function esc(text: string): string {
  return text.replace(/[|<>`*_[\]\\]/g, (c) => `\\${c}`);
}

/** A code span; inside a table GitHub still splits cells at `|`, so that one is escaped. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
