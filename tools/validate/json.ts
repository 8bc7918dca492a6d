/**
 * Narrowing helpers for parsed YAML: a rendered manifest is untrusted data, so every
 * check reads it through these instead of casting.
 */

/** A JSON object (not an array, not null, not a Date or Buffer from YAML 1.1 tags). */
export type JsonMap = Record<string, unknown>;

/** The value as a plain object, or undefined. */
export function asMap(value: unknown): JsonMap | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // a plain object of any realm (a Date or Buffer has a longer prototype chain)
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null ? (value as JsonMap) : undefined;
}

/** The value as a plain object, or an empty one: for reading optional blocks without a check at each step. */
export function mapOrEmpty(value: unknown): JsonMap {
  return asMap(value) ?? {};
}

/** True when `value` is a plain object. */
export function isMap(value: unknown): value is JsonMap {
  return asMap(value) !== undefined;
}

/** The value as an array, or an empty array. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The string values of a map (labels, selectors); other values are skipped. */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const map = asMap(value);
  if (!map) return out;
  for (const key of Object.keys(map)) {
    const v = map[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** Follows a chain of keys through nested maps. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    const map = asMap(current);
    if (!map) return undefined;
    current = map[key];
  }
  return current;
}

/**
 * The JSON-ish type name of a value as a YAML 1.1 decoder sees it: `integer` and
 * `number` are told apart, and YAML 1.1 timestamps and binaries get their own names.
 */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      if (value instanceof Date) return 'timestamp';
      if (value instanceof Uint8Array) return 'binary';
      return asMap(value) ? 'object' : 'unknown';
    default:
      return typeof value;
  }
}

/** Short rendering of a scalar for a message: strings quoted, long values cut. */
export function show(value: unknown): string {
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object' && value !== null) text = typeName(value);
  else text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}
