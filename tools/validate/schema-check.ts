import { asMap, show, typeName } from './json';
import { type SchemaNode } from './schema-node';

/** A value that does not satisfy its schema, at a path such as `spec.template.spec.containers[0].ports[1].containerPort`. */
export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// RFC 3339 date-time, as Go's strfmt accepts it (fractional seconds optional, zone required)
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a value against a compiled schema and appends what is wrong to `out`.
 *
 * Follows the API server's validation: types (a YAML 1.1 `on` is a boolean, not a
 * string), `required`, unknown fields where the schema is closed, `enum`, `pattern`,
 * lengths and bounds, `format` int32/int64/byte/date-time/date, `nullable`,
 * `oneOf`/`anyOf`/`allOf`/`not`, and the uniqueness of `x-kubernetes-list-type`
 * `set` and `map` lists. CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
export function checkValue(node: SchemaNode, value: unknown, path: string, out: SchemaError[]): void {
  if (value === null) {
    // null is "not set" to Go's decoder, but it is never what a generator meant to write
    if (!node.nullable && (node.types || node.intOrString)) out.push({ path, message: 'must not be null' });
    return;
  }
  const type = typeName(value);
  if (node.intOrString) {
    if (type !== 'integer' && type !== 'string') {
      out.push({ path, message: `expected integer or string, got ${type} ${show(value)}` });
      return;
    }
  } else if (node.types && !node.types.has(type) && !(type === 'integer' && node.types.has('number'))) {
    out.push({ path, message: `expected ${[...node.types].sort().join(' or ')}, got ${type} ${show(value)}` });
    return;
  }
  if (node.enumValues && !node.enumValues.has(value)) {
    out.push({ path, message: `${show(value)} is not one of ${[...node.enumValues].map(show).join(', ')}` });
  }
  switch (type) {
    case 'string':
      checkString(node, value as string, path, out);
      break;
    case 'integer':
    case 'number':
      checkNumber(node, value as number, path, out);
      break;
    case 'object':
      checkObject(node, value as Record<string, unknown>, path, out);
      break;
    case 'array':
      checkArray(node, value as unknown[], path, out);
      break;
    default:
      break;
  }
  checkCombinators(node, value, path, out);
}

function checkString(node: SchemaNode, s: string, path: string, out: SchemaError[]): void {
  if (node.pattern && !node.pattern.test(s)) out.push({ path, message: `${show(s)} does not match ${node.pattern.source}` });
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    const length = [...s].length; // Go counts runes
    if (node.minLength !== undefined && length < node.minLength) out.push({ path, message: `must be at least ${node.minLength} characters` });
    if (node.maxLength !== undefined && length > node.maxLength) out.push({ path, message: `must be at most ${node.maxLength} characters, has ${length}` });
  }
  switch (node.format) {
    case 'byte':
      if (!BASE64.test(s)) out.push({ path, message: 'must be base64 (format byte)' });
      break;
    case 'date-time':
      if (!DATE_TIME.test(s)) out.push({ path, message: `${show(s)} is not an RFC 3339 date-time` });
      break;
    case 'date':
      if (!DATE.test(s)) out.push({ path, message: `${show(s)} is not a date (YYYY-MM-DD)` });
      break;
    default:
      break;
  }
}

function checkNumber(node: SchemaNode, n: number, path: string, out: SchemaError[]): void {
  if (node.format === 'int32' && (n < INT32_MIN || n > INT32_MAX)) out.push({ path, message: `${n} is out of the int32 range` });
  if (node.format === 'int64' && !Number.isSafeInteger(n)) out.push({ path, message: `${n} is not an exact int64` });
  if (node.minimum !== undefined && (node.exclusiveMinimum ? n <= node.minimum : n < node.minimum)) {
    out.push({ path, message: `${n} must be ${node.exclusiveMinimum ? 'greater than' : 'at least'} ${node.minimum}` });
  }
  if (node.maximum !== undefined && (node.exclusiveMaximum ? n >= node.maximum : n > node.maximum)) {
    out.push({ path, message: `${n} must be ${node.exclusiveMaximum ? 'less than' : 'at most'} ${node.maximum}` });
  }
}

function checkObject(node: SchemaNode, map: Record<string, unknown>, path: string, out: SchemaError[]): void {
  const keys = Object.keys(map);
  for (const key of keys) {
    const child = childPath(path, key);
    const prop = node.properties?.get(key);
    if (prop) checkValue(prop, map[key], child, out);
    else if (node.additional === 'forbidden') out.push({ path: child, message: 'unknown field' });
    else if (node.additional !== 'any') checkValue(node.additional, map[key], child, out);
  }
  for (const key of node.required) {
    if (!Object.prototype.hasOwnProperty.call(map, key)) out.push({ path, message: `missing required field "${key}"` });
  }
  if (node.minProperties !== undefined && keys.length < node.minProperties) out.push({ path, message: `must have at least ${node.minProperties} fields` });
  if (node.maxProperties !== undefined && keys.length > node.maxProperties) out.push({ path, message: `must have at most ${node.maxProperties} fields` });
}

function checkArray(node: SchemaNode, list: unknown[], path: string, out: SchemaError[]): void {
  if (node.items) {
    for (let i = 0; i < list.length; i++) checkValue(node.items, list[i], `${path}[${i}]`, out);
  }
  if (node.minItems !== undefined && list.length < node.minItems) out.push({ path, message: `must have at least ${node.minItems} items` });
  if (node.maxItems !== undefined && list.length > node.maxItems) out.push({ path, message: `must have at most ${node.maxItems} items` });
  if (node.listType === 'set' || (node.listType === 'map' && node.listMapKeys)) {
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const item = asMap(list[i]);
      const key = node.listType === 'set' ? JSON.stringify(list[i]) : JSON.stringify(node.listMapKeys!.map((k) => item?.[k] ?? null));
      const first = seen.get(key);
      if (first !== undefined) out.push({ path: `${path}[${i}]`, message: `duplicate of ${path}[${first}] (x-kubernetes-list-type ${node.listType})` });
      else seen.set(key, i);
    }
  }
}

function checkCombinators(node: SchemaNode, value: unknown, path: string, out: SchemaError[]): void {
  if (node.allOf) for (const branch of node.allOf) checkValue(branch, value, path, out);
  if (node.anyOf) {
    const results = node.anyOf.map((branch) => branchErrors(branch, value, path));
    if (!results.some((r) => r.length === 0)) out.push({ path, message: `matches none of anyOf: ${closest(results)}` });
  }
  if (node.oneOf) {
    const results = node.oneOf.map((branch) => branchErrors(branch, value, path));
    const matched = results.filter((r) => r.length === 0).length;
    if (matched === 0) out.push({ path, message: `matches none of oneOf: ${closest(results)}` });
    else if (matched > 1) out.push({ path, message: `matches ${matched} schemas of oneOf, must match exactly one` });
  }
  if (node.not && branchErrors(node.not, value, path).length === 0) out.push({ path, message: 'matches a schema it must not match ("not")' });
}

function branchErrors(branch: SchemaNode, value: unknown, path: string): SchemaError[] {
  const errors: SchemaError[] = [];
  checkValue(branch, value, path, errors);
  return errors;
}

/** The first error of the branch that came closest to matching. */
function closest(results: readonly SchemaError[][]): string {
  let best = results[0];
  for (const r of results) if (r.length < best.length) best = r;
  const first = best[0];
  return first.path ? `${first.path}: ${first.message}` : first.message;
}

/** `spec.template` for plain keys, `metadata.labels["app.kubernetes.io/name"]` for others. */
export function childPath(path: string, key: string): string {
  if (SIMPLE_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
