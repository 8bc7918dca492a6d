/**
 * A fast reader for the plain block YAML that generators write (block mappings and
 * sequences, plain words and numbers, JSON-style double-quoted and single-quoted
 * strings, literal blocks), about ten times faster than the general `yaml` parser.
 *
 * It is an accelerator, not a YAML parser: it returns `undefined` ("bail") as soon as
 * it meets anything outside that subset or anything whose meaning could differ between
 * YAML 1.1 and 1.2 (`yes`, `on`, `012`, `1e3`, `12:30`, dates, anchors, tags, comments,
 * flow collections, folded or multi-line scalars, tabs, duplicate keys), and the caller
 * then parses the text with the `yaml` package. So a text it accepts means exactly what
 * YAML 1.1 makes of it; `test/validate/fast-yaml.test.ts` checks that against the
 * `yaml` package.
 */

class Bail extends Error {}

interface Line {
  indent: number;
  text: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** `0.93.0`: more than one dot, so neither an int nor a float in YAML 1.1 or 1.2. */
const VERSION = /^[0-9]+(\.[0-9]+){2,}$/;
/** `30s`, `1h`, `500m`, `512Mi`: digits and a unit, a string in both YAML versions. */
const UNIT = /^[0-9]+(ns|us|ms|s|m|h|d|w|y|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)$/;
const PLAIN_START = /^([A-Za-z_/^($\\]|[.-][A-Za-z])/;
const INF_NAN = /^\.(inf|Inf|INF|nan|NaN|NAN)$/;
/** Plain scalars that start with a letter and are a boolean or null in YAML 1.1 or 1.2. */
const SPECIAL_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/** Parses every document of a text, or returns undefined when the text is outside the subset. */
export function parseFastYaml(text: string): unknown[] | undefined {
  try {
    return new Reader(text).documents();
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class Reader {
  /** The raw lines, for literal blocks. */
  private readonly raw: string[];
  /** The lines with their indentation; blank and comment lines are undefined. */
  private readonly lines: (Line | undefined)[] = [];
  private pos = 0;

  public constructor(text: string) {
    if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) throw new Bail();
    this.raw = text.split('\n');
    if (this.raw[this.raw.length - 1] === '') this.raw.pop();
    for (const line of this.raw) {
      const indent = leadingSpaces(line);
      const text = line.slice(indent);
      // YAML indents with spaces only; any other leading white space is left to the full parser
      if (/^\s/.test(text)) throw new Bail();
      // blank lines and full-line comments are skipped by the structure; literal blocks read raw lines
      this.lines.push(text === '' || text[0] === '#' ? undefined : { indent, text });
    }
  }

  public documents(): unknown[] {
    const docs: unknown[] = [];
    this.skipBlank();
    if (this.pos < this.lines.length && this.lines[this.pos]!.text === '---' && this.lines[this.pos]!.indent === 0) this.pos++;
    for (;;) {
      this.skipBlank();
      if (this.pos >= this.lines.length) break;
      const line = this.lines[this.pos]!;
      if (line.text === '---' && line.indent === 0) {
        this.pos++;
        docs.push(null);
        continue;
      }
      if (line.indent !== 0) throw new Bail();
      docs.push(this.node(0));
      this.skipBlank();
      if (this.pos < this.lines.length) {
        const next = this.lines[this.pos]!;
        if (next.text !== '---' || next.indent !== 0) throw new Bail();
        this.pos++;
      }
    }
    return docs;
  }

  private skipBlank(): void {
    while (this.pos < this.lines.length && this.lines[this.pos] === undefined) this.pos++;
  }

  private peek(): Line | undefined {
    this.skipBlank();
    return this.lines[this.pos];
  }

  /** A block node whose first line is at `this.pos` with exactly `indent`. */
  private node(indent: number): unknown {
    const line = this.peek()!;
    if (line.indent !== indent) throw new Bail();
    return isSeqItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.peek(); line && line.indent === indent && isSeqItem(line.text); line = this.peek()) {
      const rest = line.text.slice(1);
      if (rest === '') {
        this.pos++;
        out.push(this.nested(indent, true));
        continue;
      }
      const spaces = leadingSpaces(rest);
      const content = rest.slice(spaces);
      if (isMappingLine(content) || isSeqItem(content)) {
        // `- key: value`: the item is a block node that starts on the dash line
        this.lines[this.pos] = { indent: indent + 1 + spaces, text: content };
        out.push(this.node(indent + 1 + spaces));
      } else {
        this.pos++;
        out.push(this.inlineValue(content, indent));
      }
    }
    return out;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.peek(); line && line.indent === indent && !isSeqItem(line.text) && !isDocumentMarker(line); line = this.peek()) {
      const { key, rest } = splitKey(line.text);
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__') throw new Bail();
      this.pos++;
      out[key] = rest === '' ? this.nested(indent, false) : this.inlineValue(rest, indent);
    }
    const after = this.peek();
    if (after && after.indent > indent) throw new Bail();
    return out;
  }

  /** The value of `key:` or `-` with nothing after it: a deeper block, a same-indent sequence (after a key), or null. */
  private nested(indent: number, inSequence: boolean): unknown {
    const next = this.peek();
    if (!next || next.indent < indent) return null;
    if (next.indent === indent) return !inSequence && isSeqItem(next.text) ? this.sequence(indent) : null;
    return this.node(next.indent);
  }

  /** A value on the same line as its key or dash; `this.pos` is already past that line. */
  private inlineValue(text: string, parentIndent: number): unknown {
    if (text === '{}') return {};
    if (text === '[]') return [];
    if (text === '|' || text === '|-') return this.literal(text === '|', parentIndent);
    if (text[0] === "'" && !hasClosingQuote(text)) return this.singleQuotedContinuation(text, parentIndent);
    const value = scalar(text);
    const next = this.peek();
    if (next && next.indent > parentIndent) {
      // a deeper line continues a multi-line plain scalar
      if (typeof value !== 'string' || !isPlainString(text)) throw new Bail();
      return this.plainContinuation(text, parentIndent);
    }
    return value;
  }

  /**
   * Folds the continuation lines of a multi-line plain scalar: a line break becomes a
   * space, each blank line a newline. A comment line inside is left to the full parser.
   */
  private plainContinuation(first: string, parentIndent: number): string {
    let out = first;
    let blanks = 0;
    let i = this.pos;
    for (; i < this.raw.length; i++) {
      const raw = this.raw[i];
      const indent = leadingSpaces(raw);
      const text = raw.slice(indent);
      if (text === '') {
        blanks++;
        continue;
      }
      if (indent <= parentIndent) break;
      if (text[0] === '#' || !isPlainContinuation(text)) throw new Bail();
      out += blanks ? '\n'.repeat(blanks) : ' ';
      out += text;
      blanks = 0;
    }
    this.pos = i;
    return out;
  }

  /**
   * A single-quoted scalar over several lines: each line break folds to a space (a blank
   * line to a newline) and the white space around it goes, as in YAML's flow folding.
   */
  private singleQuotedContinuation(first: string, parentIndent: number): string {
    const pieces: string[] = [first.slice(1).trimEnd()];
    for (let i = this.pos; i < this.raw.length; i++) {
      const raw = this.raw[i];
      const indent = leadingSpaces(raw);
      if (indent === raw.length) {
        pieces.push('');
        continue;
      }
      if (indent <= parentIndent) break;
      const text = raw.slice(indent);
      const close = closingQuote(text, 0);
      if (close < 0) {
        pieces.push(text.trimEnd());
        continue;
      }
      if (close !== text.length - 1) throw new Bail();
      pieces.push(text.slice(0, close));
      this.pos = i + 1;
      return foldLines(pieces).replace(/''/g, "'");
    }
    throw new Bail();
  }

  /** A literal block scalar (`|` keeps one final newline, `|-` none), read from the raw lines. */
  private literal(clip: boolean, parentIndent: number): string {
    let blockIndent = -1;
    let end = this.pos;
    for (let i = this.pos; i < this.raw.length; i++) {
      const raw = this.raw[i];
      const indent = leadingSpaces(raw);
      if (indent === raw.length) {
        // a blank line; one with more spaces than the content indentation is content
        if (raw.length > 0 && (blockIndent < 0 || raw.length > blockIndent)) throw new Bail();
        continue;
      }
      if (blockIndent < 0) {
        if (indent <= parentIndent) break;
        blockIndent = indent;
      } else if (indent < blockIndent) {
        if (indent > parentIndent) throw new Bail();
        break;
      }
      end = i + 1;
    }
    if (blockIndent < 0) throw new Bail(); // an empty literal block: rare, leave it to the full parser
    const body: string[] = [];
    for (let i = this.pos; i < end; i++) body.push(this.raw[i].slice(blockIndent));
    this.pos = end;
    return body.join('\n') + (clip ? '\n' : '');
  }
}

function isDocumentMarker(line: Line): boolean {
  return line.indent === 0 && (line.text === '---' || line.text === '...');
}

function leadingSpaces(s: string): number {
  let n = 0;
  while (s.charCodeAt(n) === 32) n++;
  return n;
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function isMappingLine(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'")) return /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'):( |$)/.test(text);
  return /^[^\s:]+:( |$)/.test(text);
}

function splitKey(text: string): { key: string; rest: string } {
  let key: string;
  let after: number;
  if (text[0] === '"' || text[0] === "'") {
    const end = quotedEnd(text);
    key = quoted(text.slice(0, end));
    after = end;
  } else {
    after = text.indexOf(':');
    if (after < 0) throw new Bail();
    key = text.slice(0, after);
    if (!PLAIN_KEY.test(key) || SPECIAL_WORDS.test(key)) throw new Bail();
  }
  if (text[after] !== ':') throw new Bail();
  if (after + 1 === text.length) return { key, rest: '' };
  if (text[after + 1] !== ' ') throw new Bail();
  const rest = text.slice(after + 2);
  if (rest.startsWith(' ')) throw new Bail();
  return { key, rest };
}

/** Joins the lines of a flow scalar: a single break is a space, each blank line a newline. */
function foldLines(pieces: readonly string[]): string {
  let out = pieces[0];
  let blanks = 0;
  for (const piece of pieces.slice(1)) {
    if (piece === '') {
      blanks++;
      continue;
    }
    out += (blanks ? '\n'.repeat(blanks) : ' ') + piece;
    blanks = 0;
  }
  if (blanks) throw new Bail(); // blank lines before the closing quote: leave it to the full parser
  return out;
}

/** The index of the closing single quote in `text` from `from` (`''` is an escaped quote), or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

function hasClosingQuote(text: string): boolean {
  return closingQuote(text, 1) >= 0;
}

/** The index just past the closing quote of a quoted scalar at the start of `text`. */
function quotedEnd(text: string): number {
  const q = text[0];
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === '\\') {
      i++;
      continue;
    }
    if (c === q) {
      if (q === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  throw new Bail(); // a quoted scalar that continues on the next line
}

function quoted(token: string): string {
  if (token[0] === "'") return token.slice(1, -1).replace(/''/g, "'");
  // JSON's escapes are a subset of YAML's double-quoted escapes and mean the same
  try {
    return JSON.parse(token) as string;
  } catch {
    throw new Bail();
  }
}

function scalar(text: string): unknown {
  if (text[0] === '"' || text[0] === "'") {
    if (quotedEnd(text) !== text.length) throw new Bail();
    return quoted(text);
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (DECIMAL.test(text)) return Number(text);
  if (VERSION.test(text) || UNIT.test(text)) return text;
  if (!isPlainString(text)) throw new Bail();
  return text;
}

/**
 * A plain scalar that is a string under both YAML versions: it starts with a letter or one
 * of `_ / ^ ( $ \`, or with `.` or `-` and a letter (not `.inf`/`.nan`), is not a boolean/null word, and holds
 * nothing that would end it (`: `, ` #`) or make it a key (a final `:`).
 */
function isPlainString(text: string): boolean {
  return PLAIN_START.test(text) && !SPECIAL_WORDS.test(text) && !INF_NAN.test(text) && isPlainContinuation(text);
}

function isPlainContinuation(text: string): boolean {
  return !text.includes(': ') && !text.includes(' #') && !text.endsWith(':') && !text.endsWith(' ') && !text.startsWith('- ') && text !== '-';
}
