/**
 * How configuration problems are reported: every one at once, each as
 * `<file>: <path> <rule> (got <value>)`, from the issues zod finds.
 */
import type { z } from 'zod';

/** Thrown when configuration fails validation; `problems` holds one line per problem. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Recursively optional: the shape of an environment override. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { -readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Merges `override` into `base`: objects merge key by key, arrays and scalars replace, `undefined` leaves the base. */
export function deepMerge<T>(base: T, override: DeepPartial<T> | undefined): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined) continue;
    out[k] = k in out ? deepMerge(out[k], v as never) : v;
  }
  return out as T;
}

/** True when `path` is set (not undefined) in `obj`. */
export function hasPath(obj: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isPlainObject(cur) || !(String(key) in cur) || cur[String(key)] === undefined) return false;
    cur = cur[String(key)];
  }
  return true;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A received value, short enough for a message. */
export function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    // undefined for a function or a symbol, which no config file can hold
    s = JSON.stringify(v) ?? typeof v;
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `['services', 'ai-service', 'replicas']` → `services.ai-service.replicas`; numbers as `[3]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    const s = String(p);
    if (typeof p === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

/** How one problem's location is written: the file it is in, and its path as people read it. */
export interface ProblemLocation {
  /** The file a path came from (base or override, say). */
  readonly fileOf: (path: readonly PropertyKey[]) => string;
  /** The path as written in a message. @default formatPath */
  readonly pathOf?: (path: readonly PropertyKey[]) => string;
}

/** One line per zod issue: `<file>: <path> <rule> (got <value>)`. */
export function issueLines(issues: readonly z.core.$ZodIssue[], where: ProblemLocation): string[] {
  const out: string[] = [];
  for (const issue of issues.flatMap(unionBranch)) {
    const path = issue.path;
    const pathOf = where.pathOf ?? formatPath;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = [...path, key];
        out.push(`${where.fileOf(at)}: ${pathOf(at)} is not a setting here (allowed: ${allowedKeys(issue)}) (got ${shown(issue.input?.[key])})`);
      }
      continue;
    }
    const subject = pathOf(path);
    out.push(`${where.fileOf(path)}: ${subject === '' ? '(the file)' : subject} ${rule(issue)} (got ${shown(issue.input)})`);
  }
  return [...new Set(out)];
}

/**
 * The issues of the union branch a value was meant for: the one whose complaints are not
 * about the value's type (a number where `replicas` may be a number or an HPA), with their
 * paths made whole; the union issue itself when no branch fits.
 */
function unionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return [issue];
  const branch = issue.errors.find((errs) => errs.length > 0 && !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
  if (!branch) return [issue];
  return branch.flatMap((e) => unionBranch({ ...e, path: [...issue.path, ...e.path], input: e.input ?? issue.input } as z.core.$ZodIssue));
}

function allowedKeys(issue: z.core.$ZodIssue): string {
  const input = issue.input as Record<string, unknown> | undefined;
  const unknown = new Set((issue as { keys: string[] }).keys);
  return (
    Object.keys(input ?? {})
      .filter((k) => !unknown.has(k))
      .join(', ') || 'see the schema'
  );
}

/** zod's own messages, which this repository rewords; any other message is a rule written here. */
const DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

/** The rule an issue breaks, in the words of this repository's messages. */
function rule(issue: z.core.$ZodIssue): string {
  if (issue.message && !DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must list at least ${issue.minimum}`
        : issue.origin === 'string'
          ? `must be at least ${issue.minimum} characters`
          : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must list at most ${issue.maximum}`
        : issue.origin === 'string'
          ? `must be at most ${issue.maximum} characters`
          : `must be at most ${issue.maximum}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_format':
      return issue.message;
    case 'invalid_union':
      return 'is not any of the accepted shapes';
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
