/**
 * A piece of markdown that must not be cut: a heading, a table, a list item, a
 * `<details>` block. `section` names the heading it sits under, repeated at the top of a
 * part that starts inside that section.
 */
export interface MarkdownBlock {
  readonly text: string;
  readonly section?: string;
}

/** The most a part header (`**<title> · part 12/345**`) takes besides the title. */
const HEADER_RESERVE = 40;
/** The most a continuation line (`_(continued: <section>)_`) takes; longer sections are cut. */
const SECTION_RESERVE = 320;

/**
 * The longest block that is sure to fit in one part of `limit` characters with its
 * header and continuation line: builders of `<details>` and code blocks keep below it.
 */
export function maxBlockLength(limit: number, title: string): number {
  return limit - HEADER_RESERVE - title.length - SECTION_RESERVE;
}

/**
 * Packs blocks into parts of at most `limit` characters, in order, cutting only between
 * blocks. With more than one part, each starts with `**<title> · part i/N**` and, when it
 * starts inside a section, `_(continued: <section>)_`.
 *
 * A block longer than a part is cut at line boundaries as a last resort (callers keep
 * `<details>` and code blocks small enough, see `codeDetails`).
 *
 * @throws Error when `limit` is too small to hold a header and a line.
 */
export function splitIntoParts(blocks: readonly MarkdownBlock[], limit: number, title: string): string[] {
  if (limit < 1000) throw new Error(`markdown limit ${limit} is too small: it must be at least 1000 characters`);
  const budget = limit - HEADER_RESERVE - title.length;
  const maxBlock = maxBlockLength(limit, title);
  const whole = blocks.map((b) => b.text).join('');
  if (whole.length <= limit) return [whole];

  const parts: string[] = [];
  let current = '';
  let currentSection: string | undefined;
  const start = (section: string | undefined, first: MarkdownBlock) => {
    if (current !== '') parts.push(current);
    const continues = section !== undefined && !first.text.trimStart().startsWith('#');
    current = continues ? `_(continued: ${section.length > 300 ? section.slice(0, 299) + '…' : section})_\n\n` : '';
  };
  for (const block of blocks.flatMap((b) => cutBlock(b, maxBlock))) {
    if (current === '' || current.length + block.text.length > budget) start(block.section ?? currentSection, block);
    current += block.text;
    currentSection = block.section ?? currentSection;
  }
  if (current !== '') parts.push(current);
  return parts.map((text, i) => `**${title} · part ${i + 1}/${parts.length}**\n\n${text}`);
}

function cutBlock(block: MarkdownBlock, max: number): MarkdownBlock[] {
  if (block.text.length <= max) return [block];
  const out: MarkdownBlock[] = [];
  let text = '';
  for (const line of block.text.split(/(?<=\n)/)) {
    if (text !== '' && text.length + line.length > max) {
      out.push({ text, section: block.section });
      text = '';
    }
    text += line.length > max ? line.slice(0, max - 2) + '…\n' : line;
  }
  if (text !== '') out.push({ text, section: block.section });
  return out;
}

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Inline code that holds any text, backticks included. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** Text safe to place in HTML (a `<summary>`). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text that GitHub markdown shows as it is (no emphasis, links or HTML). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A folded code block: `<details><summary>…</summary>` with the lines in a fence, cut into
 * several folded blocks (`(2/3)`) when the lines would not fit in `max` characters, so a
 * part never ends inside one.
 */
export function codeDetails(summaryHtml: string, lines: readonly string[], max: number, section?: string): MarkdownBlock[] {
  const chunks: string[][] = [[]];
  let size = 0;
  const overhead = summaryHtml.length + 80;
  for (const line of lines) {
    if (chunks[chunks.length - 1].length > 0 && size + line.length + 1 + overhead > max) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(line);
    size += line.length + 1;
  }
  return chunks.map((chunk, i) => {
    const body = chunk.join('\n');
    const fence = fenceFor(body);
    const label = chunks.length > 1 ? `${summaryHtml} (${i + 1}/${chunks.length})` : summaryHtml;
    return { section, text: `<details><summary>${label}</summary>\n\n${fence}\n${body}\n${fence}\n\n</details>\n\n` };
  });
}
