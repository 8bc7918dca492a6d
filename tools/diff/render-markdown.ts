import { type DiffReport, reportDangers, type ResourceDiff, STATUSES } from './diff-trees';
import { changeLines } from './format';
import { codeDetails, codeSpan, escapeHtml, escapeMarkdown, type MarkdownBlock, maxBlockLength, splitIntoParts } from './markdown-parts';
import { appPath, resourceTitle } from './render-text';
import { addCounts, type Counts, countsText, summarize, zeroCounts } from './summary';

/** Options of `renderMarkdown`. */
export interface MarkdownOptions {
  /**
   * The most characters one part may hold: GitHub refuses comments over 65,536.
   * @default 65536
   */
  readonly limit?: number;
  /**
   * Values longer than this are cut in the markdown (the text output keeps them whole).
   * @default 1000
   */
  readonly maxValueLength?: number;
  /**
   * The title of the summary and of each part.
   * @default 'matih-diff'
   */
  readonly title?: string;
  /**
   * A line under the totals that says what was compared (markdown, not escaped).
   * @default none
   */
  readonly context?: string;
  /**
   * Sections to show after the dangerous changes, before the changes per environment
   * (capacity, network flows; see review-sections.ts).
   * @default none
   */
  readonly sections?: readonly MarkdownBlock[];
}

/** GitHub's limit on the body of an issue or pull-request comment. */
export const GITHUB_COMMENT_LIMIT = 65536;

const ICONS: Readonly<Record<ResourceDiff['status'], string>> = { added: '➕', removed: '➖', renamed: '🔀', changed: '✏️' };
const WARNING = '⚠️';
/** A change shown inline has at most this many lines of this length; longer ones are folded. */
const INLINE_LINES = 3;
const INLINE_LINE_LENGTH = 120;

function countsTable(title: string, rows: readonly (readonly [string, Counts])[]): string {
  const lines = [
    `| ${title} | ${STATUSES.join(' | ')} |`,
    `|---|${STATUSES.map(() => '---:').join('|')}|`,
    ...rows.map(([name, counts]) => `| ${escapeMarkdown(name === '' ? '(root)' : name)} | ${STATUSES.map((s) => String(counts[s])).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n\n';
}

function entryBlocks(r: ResourceDiff, section: string, options: Required<MarkdownOptions>, maxBlock: number): MarkdownBlock[] {
  const warn = r.dangers.length > 0 ? ` ${WARNING}` : '';
  const lines = [...r.routes, ...r.changes.flatMap((c) => changeLines(c, { maxValueLength: options.maxValueLength }))];
  const dangerLines = r.dangers.map((d) => `! ${d.message}`);
  const inline =
    lines.length <= INLINE_LINES &&
    lines.every((l) => l.length <= INLINE_LINE_LENGTH) &&
    r.changes.every((c) => !(typeof c.new === 'string' && c.new.includes('\n')));
  if (inline) {
    const head = `- ${ICONS[r.status]} ${r.status} ${codeSpan(resourceTitle(r))}${warn}\n`;
    const sub = [...r.dangers.map((d) => `  - ${WARNING} ${escapeMarkdown(d.message)}\n`), ...lines.map((l) => `  - ${codeSpan(l)}\n`)];
    return [{ section, text: head + sub.join('') }];
  }
  const routes = r.routes.length ? ` · ${r.routes.length} route change${r.routes.length === 1 ? '' : 's'}` : '';
  const summary = `${ICONS[r.status]} ${r.status} <code>${escapeHtml(resourceTitle(r))}</code> · ${r.changes.length} field change${r.changes.length === 1 ? '' : 's'}${routes}${warn}`;
  // A blank line first, so the folded block is not swallowed by the list above it.
  const blocks = codeDetails(summary, [...dangerLines, ...lines], maxBlock, section);
  return [{ section, text: '\n' }, ...blocks];
}

/**
 * Renders the report as GitHub markdown for a pull-request comment, split into parts of
 * at most `limit` characters.
 *
 * The summary opens with the totals and every dangerous change (each with a warning
 * marker); then per env a heading, the counts by kind and by application, and per
 * application the resources added, removed, renamed and changed. Short changes are shown
 * inline; longer ones are folded in `<details>`. Parts are cut only between blocks; with
 * more than one, each is headed `part i/N`.
 */
export function renderMarkdown(report: DiffReport, options: MarkdownOptions = {}): string[] {
  const resolved: Required<MarkdownOptions> = {
    limit: options.limit ?? GITHUB_COMMENT_LIMIT,
    maxValueLength: options.maxValueLength ?? 1000,
    title: options.title ?? 'matih-diff',
    context: options.context ?? '',
    sections: options.sections ?? [],
  };
  const maxBlock = maxBlockLength(resolved.limit, resolved.title);
  const blocks: MarkdownBlock[] = [];
  const summaries = summarize(report);
  const total = summaries.reduce((sum, s) => addCounts(sum, s.total), zeroCounts());
  const unchanged = summaries.reduce((sum, s) => sum + s.unchanged, 0);
  const dangers = reportDangers(report);
  const verdict = dangers.length > 0 ? `${WARNING} **${dangers.length} dangerous change${dangers.length === 1 ? '' : 's'}**` : 'no dangerous change';
  blocks.push({
    text: `## ${escapeMarkdown(resolved.title)}\n\n**${countsText(total)}**, ${unchanged} unchanged · ${verdict}\n\n${resolved.context === '' ? '' : `${resolved.context}\n\n`}`,
  });

  if (dangers.length > 0) {
    const section = `${WARNING} Dangerous changes`;
    blocks.push({ section, text: `### ${section} (${dangers.length})\n\n` });
    for (const { resource, danger } of dangers) {
      blocks.push({
        section,
        text: `- ${WARNING} **${escapeMarkdown(appPath(resource.key.env, resource.key.app))}** ${resource.status} ${codeSpan(resourceTitle(resource))}: ${escapeMarkdown(danger.message)}\n`,
      });
    }
    blocks.push({ section, text: '\n' });
  }

  blocks.push(...resolved.sections);

  for (const s of summaries) {
    const section = escapeMarkdown(s.env);
    blocks.push({ section, text: `### ${section}\n\n` });
    if (STATUSES.every((status) => s.total[status] === 0)) {
      blocks.push({ section, text: `No changes (${s.unchanged} unchanged).\n\n` });
      continue;
    }
    const warn = s.dangers > 0 ? ` · ${WARNING} ${s.dangers} dangerous` : '';
    blocks.push({ section, text: `${countsText(s.total)}, ${s.unchanged} unchanged${warn}\n\n` });
    blocks.push({ section, text: countsTable('kind', s.byKind) });
    blocks.push({ section, text: countsTable('application', s.byApp) });
    let app: string | undefined;
    for (const r of report.resources) {
      if (r.key.env !== s.env) continue;
      const appSection = escapeMarkdown(appPath(r.key.env, r.key.app));
      if (r.key.app !== app) {
        if (app !== undefined) blocks.push({ text: '\n' });
        blocks.push({ section: appSection, text: `#### ${appSection}\n\n` });
        app = r.key.app;
      }
      blocks.push(...entryBlocks(r, appSection, resolved, maxBlock));
    }
    blocks.push({ text: '\n' });
  }
  return splitIntoParts(blocks, resolved.limit, resolved.title);
}
