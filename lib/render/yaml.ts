/**
 * A small, fast YAML emitter for Kubernetes objects (plain JSON data).
 *
 * Why not the `yaml` package's stringify: it is general (anchors, tags, flow styles) and
 * about ten times slower than this, and its plain-scalar choice follows YAML 1.2 while
 * Argo CD and kubectl decode with Go's YAML 1.1 rules. This emitter writes one fixed style
 * that means the same under both:
 *
 * - block mappings and block sequences, two-space indent, sequences indented under their key;
 * - map keys in the order the object has them, or sorted (`sortKeys`), with a Kubernetes
 *   object's `apiVersion`, `kind` and `metadata` first;
 * - a string is written plain only when it starts with a letter or `/`, holds only
 *   `[A-Za-z0-9_./-]` and is not one of the YAML 1.1 / 1.2 booleans or nulls
 *   (`y`, `yes`, `on`, `off`, `no`, `true`, `null`, ...). Everything else is double-quoted,
 *   so `"8080"`, `"on"`, `"12:30"`, `"1_000"`, `"2024-01-01"` and `"0x1F"` stay strings;
 * - multi-line strings are literal blocks (`|`, `|-`) when that is exact, double-quoted otherwise;
 * - numbers are written only in forms both YAML versions read as the same number.
 *
 * `test/lib/yaml.test.ts` round-trips the whole `dist/` through a YAML 1.1 and a YAML 1.2 parser.
 */

const PLAIN = /^[A-Za-z/][A-Za-z0-9_./-]*$/;

/** Words that YAML 1.1 or 1.2 resolve to a boolean or null when written plain. */
const RESERVED = new Set([
  'y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null',
]);

/** Characters JSON.stringify leaves raw but YAML forbids or reads as line breaks. */
const NEEDS_ESCAPE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A literal block is exact only for printable text without trailing blanks on any line. */
const LITERAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[ \t]\n|[ \t]$/;
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Options of {@link toYaml}. */
export interface YamlOptions {
  /** Sort map keys (code point order); `apiVersion`, `kind`, `metadata` stay first at the top. @default false */
  readonly sortKeys?: boolean;
}

const HEAD = ['apiVersion', 'kind', 'metadata'];
let sorting = false;

/** Renders a JSON value as one YAML document (no `---`), ending in a newline. */
export function toYaml(value: unknown, options: YamlOptions = {}): string {
  sorting = options.sortKeys ?? false;
  const out: string[] = [];
  if (isMap(value)) {
    if (Object.keys(value).length === 0) return '{}\n';
    if (sorting) {
      const head = HEAD.filter((k) => k in value);
      writeMap(value, '', out, [...head, ...keysOf(value).filter((k) => !HEAD.includes(k))]);
    } else {
      writeMap(value, '', out);
    }
  } else if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    writeSeq(value, '', out);
  } else {
    out.push(scalar(value, ''), '\n');
  }
  return out.join('');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keysOf(map: Record<string, unknown>): string[] {
  const keys = Object.keys(map);
  return sorting ? keys.sort() : keys;
}

function writeMap(map: Record<string, unknown>, indent: string, out: string[], keys: string[] = keysOf(map)): void {
  for (const key of keys) {
    const v = map[key];
    if (v === undefined) continue;
    out.push(indent, quoteKey(key), ':');
    writeValueAfterIndicator(v, indent, out, true);
  }
}

function writeSeq(seq: readonly unknown[], indent: string, out: string[]): void {
  for (const item of seq) {
    out.push(indent, '-');
    writeValueAfterIndicator(item === undefined ? null : item, indent, out, false);
  }
}

/**
 * Writes what follows `key:` or `-`. A nested map under a sequence item starts on the
 * item's line (`- name: x`); under a key it starts on the next line.
 */
function writeValueAfterIndicator(v: unknown, indent: string, out: string[], afterKey: boolean): void {
  const inner = indent + '  ';
  if (isMap(v)) {
    const keys = keysOf(v).filter((k) => v[k] !== undefined);
    if (keys.length === 0) { out.push(' {}\n'); return; }
    if (afterKey) {
      out.push('\n');
      writeMap(v, inner, out);
    } else {
      // first entry on the dash line, the rest aligned under it
      const first: string[] = [];
      writeMap({ [keys[0]]: v[keys[0]] }, inner, first);
      out.push(' ', first.join('').slice(inner.length));
      const rest: Record<string, unknown> = {};
      for (const k of keys.slice(1)) rest[k] = v[k];
      writeMap(rest, inner, out);
    }
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) { out.push(' []\n'); return; }
    out.push('\n');
    writeSeq(v, inner, out);
    return;
  }
  out.push(' ', scalar(v, inner), '\n');
}

// Keys and short values repeat across thousands of objects: remember how each is written.
const keyCache = new Map<string, string>();
const valueCache = new Map<string, string>();
const CACHE_LIMIT = 100_000;

function quoteKey(key: string): string {
  let out = keyCache.get(key);
  if (out === undefined) {
    out = PLAIN.test(key) && !RESERVED.has(key.toLowerCase()) ? key : quoted(key);
    if (keyCache.size < CACHE_LIMIT) keyCache.set(key, out);
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

function number(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot render the number ${n} as YAML: only finite numbers are allowed`);
  const s = String(n);
  // 1e+21 or 1e-7 would be a string to a YAML 1.1 reader
  if (!DECIMAL.test(s)) throw new Error(`cannot render the number ${s} as YAML exactly: write it as a string or a plain decimal`);
  return s;
}

function string(s: string, indent: string): string {
  const cached = valueCache.get(s);
  if (cached !== undefined) return cached;
  if (!s.includes('\n')) {
    const out = PLAIN.test(s) && !RESERVED.has(s.toLowerCase()) ? s : quoted(s);
    if (valueCache.size < CACHE_LIMIT && s.length < 200) valueCache.set(s, out);
    return out;
  }
  if (s.includes('\n') && !LITERAL_UNSAFE.test(s) && s[0] !== ' ' && s[0] !== '\t' && !s.endsWith('\n\n')) {
    return literal(s, indent);
  }
  return quoted(s);
}

function literal(s: string, indent: string): string {
  const chomp = s.endsWith('\n') ? '' : '-';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const lines = body.split('\n').map((line) => (line === '' ? '' : indent + line));
  return `|${chomp}\n${lines.join('\n')}`;
}

function quoted(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new Error(`cannot render a string with a lone UTF-16 surrogate as YAML: ${JSON.stringify(s)}`);
  // JSON's escapes are a subset of YAML's double-quoted escapes
  return JSON.stringify(s).replace(NEEDS_ESCAPE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
