import { compareStrings } from './resource-key';
import { isMap } from '../validate/json';

/**
 * One field that differs between two versions of a resource.
 *
 * `old` or `new` is `undefined` when the field is absent on that side (parsed YAML never
 * holds `undefined`, so absent and `null` stay distinct).
 */
export interface FieldChange {
  /** A readable path: `spec.template.spec.containers[name=api].image`, `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  readonly old: unknown;
  readonly new: unknown;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PLAIN_NAME = /^[A-Za-z0-9_.:/-]+$/;

/** Appends a map key to a path: `.key`, or `["a.b/c"]` when the key is not a plain word. */
export function keySegment(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Appends a list item identified by its `name`: `[name=api]`. */
export function nameSegment(path: string, name: string): string {
  return `${path}[name=${PLAIN_NAME.test(name) ? name : JSON.stringify(name)}]`;
}

/** Appends a list item identified by its position: `[0]`. */
export function indexSegment(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Deep equality of JSON data; map key order does not matter, list order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (!(k in b) || !deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * The names of a list's items when every item is a map with a distinct string `name`
 * (containers, ports, volumes, env vars), else `undefined`: such lists are compared item
 * by item whatever their order, so inserting a container does not shift every path.
 */
export function itemNames(list: readonly unknown[]): string[] | undefined {
  if (list.length === 0) return undefined;
  const names: string[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    if (!isMap(item) || typeof item.name !== 'string' || seen.has(item.name)) return undefined;
    seen.add(item.name);
    names.push(item.name);
  }
  return names;
}

function isScalarList(list: readonly unknown[]): boolean {
  return list.every((item) => item === null || typeof item !== 'object');
}

/**
 * The fields that differ between two versions of a resource, as paths with old and new
 * values, in document order.
 *
 * Maps are compared key by key, lists of named items by name, other lists of maps by
 * position. A list of scalars (`args`, `verbs`, `policyTypes`) is reported whole, because
 * `verbs: ["get"] → ["get","list"]` reads better than `verbs[1]: (absent) → "list"`. A
 * field that is present on one side only is reported once with its whole value.
 */
export function compareObjects(oldValue: unknown, newValue: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(oldValue, newValue, '', out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (deepEqual(a, b)) return;
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    for (const k of Object.keys(b)) if (!(k in a)) keys.push(k);
    for (const k of keys) walk(a[k], b[k], keySegment(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && !(isScalarList(a) && isScalarList(b))) {
    const oldNames = itemNames(a);
    const newNames = itemNames(b);
    if (oldNames !== undefined && newNames !== undefined) {
      walkNamed(a, b, oldNames, newNames, path, out);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], indexSegment(path, i), out);
    return;
  }
  out.push({ path: path === '' ? '(root)' : path, old: a, new: b });
}

function walkNamed(a: readonly unknown[], b: readonly unknown[], oldNames: string[], newNames: string[], path: string, out: FieldChange[]): void {
  const oldByName = new Map(oldNames.map((n, i) => [n, a[i]]));
  const newByName = new Map(newNames.map((n, i) => [n, b[i]]));
  const names = [...oldNames, ...newNames.filter((n) => !oldByName.has(n))];
  for (const n of names) walk(oldByName.get(n), newByName.get(n), nameSegment(path, n), out);
  // Order can matter (env vars that refer to earlier ones, init containers), so a pure
  // reorder is still a change a reviewer should see.
  const common = (names: string[], other: Map<string, unknown>) => names.filter((n) => other.has(n));
  const oldOrder = common(oldNames, newByName);
  const newOrder = common(newNames, oldByName);
  if (!deepEqual(oldOrder, newOrder)) out.push({ path: `${path} (order)`, old: oldOrder, new: newOrder });
}

/**
 * Every leaf of `value` as `path → JSON text`, using the same paths as `compareObjects`.
 * Empty maps and lists are leaves themselves.
 */
export function leaves(value: unknown, skip: ReadonlySet<string> = new Set()): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (v: unknown, path: string): void => {
    if (skip.has(path)) return;
    if (isMap(v) && Object.keys(v).length > 0) {
      for (const k of Object.keys(v).sort(compareStrings)) visit(v[k], keySegment(path, k));
    } else if (Array.isArray(v) && v.length > 0 && !isScalarList(v)) {
      const names = itemNames(v);
      v.forEach((item, i) => visit(item, names ? nameSegment(path, names[i]) : indexSegment(path, i)));
    } else {
      out.set(path, JSON.stringify(v));
    }
  };
  visit(value, '');
  return out;
}
