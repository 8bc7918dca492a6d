import { type FieldChange } from './compare';
import { lineDiff } from './line-diff';

/** Options of the value formatting shared by the renderers. */
export interface FormatOptions {
  /**
   * Values longer than this many characters are cut, with the full length noted.
   * @default no limit
   */
  readonly maxValueLength?: number;
}

/** A value as a reviewer reads it: strings quoted, maps and lists as compact JSON, `(absent)`. */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  if (value === undefined) return '(absent)';
  return cut(JSON.stringify(value), options.maxValueLength);
}

/** A scalar as it reads in a sentence: strings and numbers bare, anything else as compact JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? typeof value;
}

/** Cuts `text` to `max` characters, saying how long it was. */
export function cut(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}

function isMultiLine(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n');
}

/**
 * The lines that show one field change: `path: old → new`, or for multi-line text on both
 * sides a header and a line diff (`- old line`, `+ new line`), so a changed script in a
 * ConfigMap shows the lines that changed instead of two long quoted strings.
 */
export function changeLines(change: FieldChange, options: FormatOptions = {}): string[] {
  if (isMultiLine(change.old) && isMultiLine(change.new)) {
    const diff = lineDiff(change.old, change.new);
    const changed = diff.filter((l) => l.op === '-' || l.op === '+').length;
    return [
      `${change.path}: text changed (${changed} line${changed === 1 ? '' : 's'} removed or added)`,
      ...diff.map((l) => (l.op === '…' ? '    …' : cut(`  ${l.op} ${l.text}`, options.maxValueLength))),
    ];
  }
  return [`${change.path}: ${formatValue(change.old, options)} → ${formatValue(change.new, options)}`];
}
