/**
 * Validation at the edge: a checker that walks plain data and collects every problem as
 * `<file>: <path> <rule> (got <value>)`, so one run reports all mistakes at once.
 */

/** Recursively optional: the shape of an environment override. */
export type DeepPartial<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? { -readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Thrown when input fails validation; `problems` holds one line per problem. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Merges `override` into `base`: objects merge key by key, arrays and scalars replace, `undefined` leaves the base. */
export function deepMerge<T>(base: T, override: DeepPartial<T> | undefined): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(override as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[k] = k in out ? deepMerge(out[k], v as never) : v;
  }
  return out as T;
}

/** True when `path` (dot-separated) is set in `obj`. */
export function hasPath(obj: unknown, path: readonly string[]): boolean {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isPlainObject(cur) || !(key in cur) || (cur as Record<string, unknown>)[key] === undefined) return false;
    cur = (cur as Record<string, unknown>)[key];
  }
  return true;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Formats a received value for a message. */
export function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Collects problems; `fileOf(path)` says which file a path came from. */
export class Checker {
  public readonly problems: string[] = [];

  constructor(private readonly fileOf: (path: readonly string[]) => string) {}

  /** Records a problem at `path`. */
  public fail(path: readonly (string | number)[], rule: string, value: unknown): void {
    const p = path.map(String);
    this.problems.push(`${this.fileOf(p)}: ${formatPath(p)} ${rule} (got ${shown(value)})`);
  }

  /** Reads `path` from `root`, reporting it when missing. */
  public get(root: unknown, path: readonly (string | number)[]): unknown {
    let cur: unknown = root;
    for (const key of path) {
      if (!isPlainObject(cur) && !Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[key as string];
    }
    return cur;
  }

  public string(root: unknown, path: readonly (string | number)[], rule?: { pattern?: RegExp; describe?: string; maxLength?: number }): string | undefined {
    const v = this.get(root, path);
    if (typeof v !== 'string' || v.length === 0) {
      this.fail(path, 'is required and must be a non-empty string', v);
      return undefined;
    }
    if (rule?.maxLength !== undefined && v.length > rule.maxLength) {
      this.fail(path, `must be at most ${rule.maxLength} characters`, v);
      return undefined;
    }
    if (rule?.pattern && !rule.pattern.test(v)) {
      this.fail(path, `must ${rule.describe ?? `match ${rule.pattern.source}`}`, v);
      return undefined;
    }
    return v;
  }

  public integer(root: unknown, path: readonly (string | number)[], min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.get(root, path);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(path, `must be an integer from ${min} to ${max}`, v);
      return undefined;
    }
    return v;
  }

  public boolean(root: unknown, path: readonly (string | number)[]): boolean | undefined {
    const v = this.get(root, path);
    if (typeof v !== 'boolean') {
      this.fail(path, 'must be true or false', v);
      return undefined;
    }
    return v;
  }

  public oneOf<T extends string>(root: unknown, path: readonly (string | number)[], allowed: readonly T[]): T | undefined {
    const v = this.get(root, path);
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(path, `must be one of ${allowed.join(', ')}`, v);
      return undefined;
    }
    return v as T;
  }

  /** Throws a {@link ConfigError} listing every problem, if any. */
  public throwIfFailed(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** `['services', 'ai-service', 'replicas']` → `services.ai-service.replicas`; numbers as `[3]`. */
export function formatPath(path: readonly string[]): string {
  let out = '';
  for (const p of path) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else out += out === '' ? p : `.${p}`;
  }
  return out;
}

/** Kubernetes quantity, e.g. `250m`, `2`, `512Mi`. */
export const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/;
/** An RFC 1123 DNS label (namespace and Service names), at most 63 characters. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A lower-case host name with at least two labels. */
export const HOST = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A GUID as Azure prints it. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
