/**
 * A small, fast YAML emitter for Kubernetes objects (plain JSON data).
 *
 * Why not the `yaml` package's stringify: it is general (anchors, tags, flow styles) and
 * several times slower than this (`npm run bench` prints both), and its plain-scalar choice
 * follows YAML 1.2 while Argo CD and kubectl decode with Go's YAML 1.1 rules. This emitter
 * writes one fixed style that means the same under both, proven by property tests
 * (`test/lib/render/yaml-properties.test.ts`) against the `yaml` package in both versions:
 *
 * - block mappings and block sequences, two-space indent, sequences indented under their key;
 * - map keys in the order the object has them, or sorted (`sortKeys`, code-unit order), with
 *   a Kubernetes object's `apiVersion`, `kind` and `metadata` first; a key whose written form
 *   would exceed YAML's 1024-character limit for implicit keys is written as an explicit
 *   `? key` / `: value` entry;
 * - a string is written plain only when it starts with a letter or `/`, holds only
 *   `[A-Za-z0-9_./-]` and is not one of the YAML 1.1 / 1.2 booleans or nulls
 *   (`y`, `yes`, `on`, `off`, `no`, `true`, `null`, ...). Everything else is double-quoted
 *   with JSON's escapes (a subset of YAML's), plus `\uXXXX` for the characters YAML forbids
 *   raw or YAML 1.1 reads as line breaks, so `"8080"`, `"on"`, `"12:30"`, `"1_000"` and
 *   `"2024-01-01"` stay strings;
 * - a multi-line string is a literal block (`|`, `|-`) when that is exact: printable text
 *   with no trailing blanks on any line, at most one final line break and one non-blank
 *   line; with an explicit indentation indicator (`|2`) when its first non-empty line starts
 *   with a space or a tab. Anything else is double-quoted;
 * - numbers are written as plain decimals that both YAML versions (and Go's decoder) read
 *   back as the same IEEE double: `1e21` becomes `1000000000000000000000`, `-0` stays `-0`.
 *
 * A string with a lone UTF-16 surrogate cannot be written as UTF-8 and is refused.
 */

const PLAIN = /^[A-Za-z/][A-Za-z0-9_./-]*$/;

/** Words that YAML 1.1 or 1.2 resolve to a boolean or null when written plain. */
const RESERVED = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);

/**
 * Characters JSON.stringify leaves raw that YAML forbids raw (DEL, C1 controls, U+FFFE,
 * U+FFFF) or that YAML 1.1 reads as a line break (NEL, LS, PS), and the BOM.
 */
const NEEDS_ESCAPE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/**
 * What keeps a string out of a literal block: a character that needs an escape (a control
 * character other than tab and line feed, or one of NEEDS_ESCAPE), or a blank at a line's end.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const LITERAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[ \t]\n|[ \t]$/;
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** YAML limits an implicit key to 1024 characters; stay clear of it. */
const IMPLICIT_KEY_LIMIT = 1000;

/** Options of {@link toYaml}. */
export interface YamlOptions {
  /** Sort map keys (code-unit order); `apiVersion`, `kind`, `metadata` stay first at the top. @default false */
  readonly sortKeys?: boolean;
}

const HEAD = ['apiVersion', 'kind', 'metadata'];

/** Renders a JSON object as one YAML document (no `---`), ending in a newline. */
export function toYaml(value: Readonly<Record<string, unknown>>, options: YamlOptions = {}): string {
  const w = new Writer(options.sortKeys ?? false);
  if (!isMap(value)) throw new Error(`cannot render a ${Array.isArray(value) ? 'list' : typeof value} as a YAML document: a manifest is a map`);
  const keys = w.keys(value);
  if (keys.length === 0) return '{}\n';
  const ordered = w.sorting ? [...HEAD.filter((k) => keys.includes(k)), ...keys.filter((k) => !HEAD.includes(k))] : keys;
  w.map(value, '', ordered);
  return w.out.join('');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Writer {
  public readonly out: string[] = [];

  constructor(public readonly sorting: boolean) {}

  /** The keys written for a map: those with a value, sorted when asked. */
  public keys(map: Record<string, unknown>): string[] {
    const keys = Object.keys(map).filter((k) => map[k] !== undefined);
    return this.sorting ? keys.sort() : keys;
  }

  /** Writes the entries of a map, each line starting at `indent`. */
  public map(map: Record<string, unknown>, indent: string, keys: string[] = this.keys(map)): void {
    for (const key of keys) {
      this.out.push(indent);
      this.entry(key, map[key], indent);
    }
  }

  /** Writes one `key: value` entry; the indentation of its first line is already written. */
  private entry(key: string, value: unknown, indent: string): void {
    const k = quoteKey(key);
    if (k.length <= IMPLICIT_KEY_LIMIT) {
      this.out.push(k, ':');
    } else {
      // an explicit key: `? "..."` on its own line, the value after `:` on the next
      this.out.push('? ', k, '\n', indent, ':');
    }
    this.after(value, indent, true);
  }

  private seq(seq: readonly unknown[], indent: string): void {
    for (const item of seq) {
      this.out.push(indent, '-');
      this.after(item === undefined ? null : item, indent, false);
    }
  }

  /**
   * Writes what follows `key:` or `-`. A nested map under a sequence item starts on the
   * item's line (`- name: x`); under a key it starts on the next line.
   */
  private after(v: unknown, indent: string, afterKey: boolean): void {
    const inner = indent + '  ';
    if (isMap(v)) {
      const keys = this.keys(v);
      if (keys.length === 0) {
        this.out.push(' {}\n');
      } else if (afterKey) {
        this.out.push('\n');
        this.map(v, inner, keys);
      } else {
        // first entry on the dash line, the rest aligned under it
        this.out.push(' ');
        this.entry(keys[0], v[keys[0]], inner);
        this.map(v, inner, keys.slice(1));
      }
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        this.out.push(' []\n');
      } else {
        this.out.push('\n');
        this.seq(v, inner);
      }
      return;
    }
    this.out.push(' ', scalar(v, inner), '\n');
  }
}

// Keys and short values repeat across thousands of objects: remember how each is written.
const keyCache = new Map<string, string>();
const valueCache = new Map<string, string>();
const CACHE_LIMIT = 100_000;

function quoteKey(key: string): string {
  let out = keyCache.get(key);
  if (out === undefined) {
    out = PLAIN.test(key) && !RESERVED.has(key.toLowerCase()) ? key : quoted(key);
    if (keyCache.size < CACHE_LIMIT && key.length < 200) keyCache.set(key, out);
  }
  return out;
}

function scalar(v: unknown, indent: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return number(v);
    case 'string':
      return string(v, indent);
    default:
      throw new Error(`cannot render a value of type ${typeof v} as YAML`);
  }
}

/** A plain decimal that YAML 1.1, YAML 1.2 and Go read back as exactly `n`. */
export function number(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot render the number ${n} as YAML: only finite numbers are allowed`);
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  if (DECIMAL.test(s)) return s;
  // the shortest round-trip digits with an exponent (1e+21, 1.5e-7): move the point instead
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`cannot render the number ${s} as YAML`);
  const [, sign, first, rest = '', exp] = m;
  const digits = first + rest;
  const point = 1 + Number(exp);
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function string(s: string, indent: string): string {
  const cached = valueCache.get(s);
  if (cached !== undefined) return cached;
  if (!s.includes('\n')) {
    const out = PLAIN.test(s) && !RESERVED.has(s.toLowerCase()) ? s : quoted(s);
    if (valueCache.size < CACHE_LIMIT && s.length < 200) valueCache.set(s, out);
    return out;
  }
  return literalSafe(s) ? literal(s, indent) : quoted(s);
}

/**
 * True when a literal block carries `s` exactly: only printable characters and line feeds,
 * no blank at the end of a line, at most one final line break (clip or strip chomping), and
 * at least one line with something on it.
 */
function literalSafe(s: string): boolean {
  return !LITERAL_UNSAFE.test(s) && !s.endsWith('\n\n') && /[^\n]/.test(s) && !LONE_SURROGATE.test(s);
}

function literal(s: string, indent: string): string {
  const chomp = s.endsWith('\n') ? '' : '-';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const lines = body.split('\n');
  // The reader takes the indentation from the first non-empty line: a leading space there
  // would be read as indentation, and Go's decoder refuses a leading tab ("found a tab
  // character where an indentation space is expected"), so the block states its own
  // indentation (relative to its parent: 2).
  const firstContent = lines.find((line) => line !== '') ?? '';
  const indicator = firstContent.startsWith(' ') || firstContent.startsWith('\t') ? '2' : '';
  return `|${indicator}${chomp}\n${lines.map((line) => (line === '' ? '' : indent + line)).join('\n')}`;
}

function quoted(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new Error(`cannot render a string with a lone UTF-16 surrogate as YAML: ${JSON.stringify(s)}`);
  // JSON's escapes are a subset of YAML's double-quoted escapes
  return JSON.stringify(s).replace(NEEDS_ESCAPE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
