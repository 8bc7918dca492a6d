/**
 * Which rendered objects use an API version that is deprecated or removed: in the
 * cluster's Kubernetes version and the next minors AKS upgrades it through, and in the
 * pinned operators' CRDs.
 */
import type { ManifestDocument } from '../manifests/load';
import { asMap, asString, dig } from '../validate/json';
import { vendoredCrdVersions, type CrdVersion } from './crds';
import { PINNED_OPERATORS, TABLE, type ApiVersionEntry, type PinnedOperator, type Project } from './table';
import { compareVersions, kubernetesMinor, kubernetesWindow } from './versions';

/** The Kubernetes version of the clusters, unless the caller names one. */
export const DEFAULT_KUBERNETES_VERSION = '1.29';
/** How many AKS minor upgrades ahead to look. */
export const DEFAULT_MINORS_AHEAD = 3;

/**
 * - `removed`: not served in a version of the window (Kubernetes), or not served by the
 *   pinned operator's CRDs;
 * - `deprecated`: deprecated in a version of the window, or by the pinned operator;
 * - `scheduled`: served and not deprecated by the pinned operator, but an announced later
 *   release of it no longer serves it.
 */
export type FindingStatus = 'removed' | 'deprecated' | 'scheduled';

/** One object on a deprecated or removed API version. */
export interface Finding {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  readonly status: FindingStatus;
  readonly project: Project;
  /** Releases of `project`, when known. */
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
  /** True when the status holds already: in the cluster's own version, or in the pinned operator. */
  readonly current: boolean;
  /** The apiVersion to move to, or `none`. */
  readonly replacement: string;
  readonly source: string;
  readonly note?: string;
}

/** What to check against; every field has a default. */
export interface DeprecationOptions {
  /** The cluster's Kubernetes version. @default 1.29 */
  readonly kubernetesVersion?: string;
  /** How many minors after it to look at. @default 3 */
  readonly minorsAhead?: number;
  /** The CRD versions of the pinned operators. @default the vendored CRDs */
  readonly crds?: readonly CrdVersion[];
  readonly operators?: readonly PinnedOperator[];
  readonly table?: readonly ApiVersionEntry[];
}

/** Every object of `objects` on a deprecated or removed API version, sorted by file. */
export function findDeprecations(objects: readonly ManifestDocument[], options: DeprecationOptions = {}): Finding[] {
  const version = kubernetesMinor(options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  const last = kubernetesWindow(version, options.minorsAhead ?? DEFAULT_MINORS_AHEAD).at(-1) as string;
  const table = options.table ?? TABLE;
  const operators = options.operators ?? PINNED_OPERATORS;
  let crds = options.crds;
  const out: Finding[] = [];
  for (const doc of objects) {
    const o = asMap(doc.object);
    const fullVersion = o?.apiVersion;
    const kind = o?.kind;
    if (typeof fullVersion !== 'string' || typeof kind !== 'string') continue;
    const slash = fullVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : fullVersion.slice(0, slash);
    const apiVersion = slash < 0 ? fullVersion : fullVersion.slice(slash + 1);
    const id = {
      file: doc.file.split('\\').join('/'),
      apiVersion: fullVersion,
      kind,
      namespace: asString(dig(o, 'metadata', 'namespace')) ?? '',
      name: scalarText(dig(o, 'metadata', 'name')),
    };
    const entry = (project: Project) =>
      table.find((e) => e.project === project && e.group === group && e.version === apiVersion && (!e.kinds || e.kinds.includes(kind)));
    const operator = operators.find((op) => op.groups.includes(group));
    const verdict = operator
      ? operatorVerdict(
          operator,
          (crds ??= vendoredCrdVersions()).filter((c) => c.group === group && c.kind === kind),
          apiVersion,
          entry(operator.name),
        )
      : kubernetesVerdict(entry('kubernetes'), version, last);
    if (verdict) out.push({ ...id, ...verdict });
  }
  return out.sort((a, b) => cmp(a.file, b.file) || cmp(a.kind, b.kind) || cmp(a.name, b.name));
}

/**
 * The objects whose API version the cluster's own version `version` (or a pinned operator)
 * no longer serves: what would fail to apply today. For the validator.
 */
export function removedInCurrent(
  objects: readonly ManifestDocument[],
  version: string,
  options: Omit<DeprecationOptions, 'kubernetesVersion' | 'minorsAhead'> = {},
): Finding[] {
  return findDeprecations(objects, { ...options, kubernetesVersion: version, minorsAhead: 0 }).filter((f) => f.status === 'removed' && f.current);
}

/** The exit code for `findings`: 4 when something is removed in the window, 3 when only deprecated or scheduled, 0 when nothing. */
export function deprecationExitCode(findings: readonly Finding[]): 0 | 3 | 4 {
  if (findings.some((f) => f.status === 'removed')) return 4;
  return findings.length > 0 ? 3 : 0;
}

type Verdict = Omit<Finding, 'file' | 'apiVersion' | 'kind' | 'namespace' | 'name'>;

function kubernetesVerdict(entry: ApiVersionEntry | undefined, version: string, last: string): Verdict | undefined {
  if (!entry) return undefined;
  const base = facts(entry);
  if (entry.removedIn && compareVersions(entry.removedIn, last) <= 0) {
    return { ...base, status: 'removed', current: compareVersions(entry.removedIn, version) <= 0 };
  }
  if (entry.deprecatedIn && compareVersions(entry.deprecatedIn, last) <= 0) {
    return { ...base, status: 'deprecated', current: compareVersions(entry.deprecatedIn, version) <= 0 };
  }
  return undefined;
}

function operatorVerdict(
  operator: PinnedOperator,
  kindVersions: readonly CrdVersion[],
  version: string,
  entry: ApiVersionEntry | undefined,
): Verdict | undefined {
  // a kind the CRDs do not define is the schema check's business, not a deprecation
  if (kindVersions.length === 0) return undefined;
  const crd = kindVersions.find((c) => c.version === version);
  const source = entry?.source ?? kindVersions[0].file;
  const replacement = entry?.replacement ?? crdReplacement(kindVersions, version);
  const base: Verdict = { ...(entry ? facts(entry) : {}), project: operator.name, replacement, source, status: 'removed', current: true };
  if (!crd || !crd.served) return { ...base, status: 'removed', current: true };
  const note = [crd.deprecationWarning, entry?.note].filter(Boolean).join('; ');
  if (crd.deprecated) return { ...base, status: 'deprecated', current: true, ...(note ? { note } : {}) };
  const later = (v: string | undefined) => v !== undefined && compareVersions(v, operator.version) > 0;
  if (entry && (later(entry.removedIn) || later(entry.deprecatedIn))) return { ...base, status: 'scheduled', current: false };
  return undefined;
}

/** The version the CRD points to instead: its stored version when that is served and not deprecated, else the first such it lists. */
function crdReplacement(kindVersions: readonly CrdVersion[], version: string): string {
  const good = kindVersions.filter((c) => c.served && !c.deprecated && c.version !== version);
  const pick = good.find((c) => c.storage) ?? good[0];
  return pick ? `${pick.group}/${pick.version}` : 'none';
}

function facts(entry: ApiVersionEntry): Omit<Verdict, 'status' | 'current'> {
  return {
    project: entry.project,
    replacement: entry.replacement,
    source: entry.source,
    ...(entry.deprecatedIn ? { deprecatedIn: entry.deprecatedIn } : {}),
    ...(entry.removedIn ? { removedIn: entry.removedIn } : {}),
    ...(entry.note ? { note: entry.note } : {}),
  };
}

/** A scalar as text (a YAML `name: 123` is a number); empty for anything else. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
