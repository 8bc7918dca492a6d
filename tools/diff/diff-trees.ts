import { compareObjects, deepEqual, type FieldChange } from './compare';
import { type Danger } from './danger';
import { addedDangers, changedDangers, removedDangers, renamedDangers } from './dangers';
import { exposureDangers } from './exposure';
import { type TreeResource } from './load';
import { matchMoves, matchRenames, RENAME_THRESHOLD } from './renames';
import { compareKeys, compareStrings, keyId, type ResourceKey } from './resource-key';
import { routeChangeLines } from './routes';

/** What happened to one resource between the two trees. */
export type ResourceStatus = 'added' | 'removed' | 'renamed' | 'changed';

/** The order statuses are listed in, within an application. */
export const STATUSES: readonly ResourceStatus[] = ['added', 'removed', 'renamed', 'changed'];

/** One resource that differs between the two trees. */
export interface ResourceDiff {
  readonly status: ResourceStatus;
  /** The resource's key: the new one, except for a removed resource. */
  readonly key: ResourceKey;
  /** For a renamed (or moved) resource, the key it had. */
  readonly oldKey?: ResourceKey;
  /** The file in the old tree, unless added. */
  readonly oldFile?: string;
  /** The file in the new tree, unless removed. */
  readonly newFile?: string;
  /** For a changed or renamed resource, the fields that differ, in document order. */
  readonly changes: readonly FieldChange[];
  /** For a renamed resource, the share of its fields that stayed equal (0 to 1). */
  readonly similarity?: number;
  /** What a reviewer must not miss about this resource; empty when the change is harmless. */
  readonly dangers: readonly Danger[];
  /** The hostnames and routes it adds (`+`) or takes away (`-`) at the edge (tools/diff/routes.ts); empty for other kinds. */
  readonly routes: readonly string[];
}

/** The semantic difference between two rendered trees. */
export interface DiffReport {
  /** Every environment found in either tree, sorted. */
  readonly envs: readonly string[];
  /** The resources that differ, sorted by env, application, status, kind, namespace and name. */
  readonly resources: readonly ResourceDiff[];
  /** How many resources are identical in both trees, per environment. */
  readonly unchanged: Readonly<Record<string, number>>;
}

/** Options of `diffTrees`. */
export interface DiffOptions {
  /**
   * The share of leaf fields a removed and an added resource must have in common to be
   * reported as one rename.
   * @default 0.9
   */
  readonly renameThreshold?: number;
}

function sortDiffs(a: ResourceDiff, b: ResourceDiff): number {
  return (
    compareStrings(a.key.env, b.key.env) ||
    compareStrings(a.key.app, b.key.app) ||
    STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
    compareKeys(a.key, b.key) ||
    (a.oldKey && b.oldKey ? compareKeys(a.oldKey, b.oldKey) : 0)
  );
}

/**
 * Compares two rendered trees resource by resource.
 *
 * Resources are matched by env, application, API group, kind, namespace and name. What is
 * left is paired as moves (the same object in another application) and renames (a
 * near-identical resource of the same kind in the same application); the rest is added
 * or removed. Each difference carries its field changes, its dangers (with the hostnames
 * it newly exposes to the internet) and the routes it changes.
 */
export function diffTrees(oldResources: readonly TreeResource[], newResources: readonly TreeResource[], options: DiffOptions = {}): DiffReport {
  const threshold = options.renameThreshold ?? RENAME_THRESHOLD;
  const oldById = new Map(oldResources.map((r) => [keyId(r.key), r]));
  const newById = new Map(newResources.map((r) => [keyId(r.key), r]));
  const diffs: Array<Omit<ResourceDiff, 'routes'> & { readonly old?: TreeResource; readonly new?: TreeResource }> = [];
  const unchanged: Record<string, number> = {};
  const envs = new Set<string>();

  for (const [id, old] of oldById) {
    envs.add(old.key.env);
    const current = newById.get(id);
    if (current === undefined) continue;
    if (deepEqual(old.object, current.object)) {
      unchanged[old.key.env] = (unchanged[old.key.env] ?? 0) + 1;
      continue;
    }
    diffs.push({
      status: 'changed',
      key: current.key,
      oldFile: old.file,
      newFile: current.file,
      old,
      new: current,
      changes: compareObjects(old.object, current.object),
      dangers: changedDangers(current.key, old.object, current.object),
    });
  }
  for (const r of newResources) envs.add(r.key.env);

  let removed = oldResources.filter((r) => !newById.has(keyId(r.key)));
  let added = newResources.filter((r) => !oldById.has(keyId(r.key)));
  const pairs = matchMoves(removed, added);
  const moved = new Set(pairs.flatMap((p) => [p.old, p.new]));
  removed = removed.filter((r) => !moved.has(r));
  added = added.filter((r) => !moved.has(r));
  const renames = matchRenames(removed, added, threshold);
  const renamed = new Set(renames.flatMap((p) => [p.old, p.new]));
  for (const pair of [...pairs, ...renames]) {
    diffs.push({
      status: 'renamed',
      key: pair.new.key,
      oldKey: pair.old.key,
      oldFile: pair.old.file,
      newFile: pair.new.file,
      old: pair.old,
      new: pair.new,
      changes: compareObjects(pair.old.object, pair.new.object),
      similarity: pair.similarity,
      dangers: renamedDangers(pair.old.key, pair.new.key, pair.old.object, pair.new.object),
    });
  }
  for (const r of removed) {
    if (renamed.has(r)) continue;
    diffs.push({ status: 'removed', key: r.key, oldFile: r.file, old: r, changes: [], dangers: removedDangers(r.key, r.object) });
  }
  for (const r of added) {
    if (renamed.has(r)) continue;
    diffs.push({ status: 'added', key: r.key, newFile: r.file, new: r, changes: [], dangers: addedDangers(r.key, r.object) });
  }
  const exposure = exposureDangers(oldResources, newResources, new Set(diffs.filter((d) => d.new).map((d) => keyId(d.key))));
  const resources: ResourceDiff[] = diffs.map(({ old, new: current, ...d }) => ({
    ...d,
    dangers: current ? [...d.dangers, ...exposure(d.key)] : d.dangers,
    routes: routeChangeLines(old?.object, current?.object),
  }));

  return {
    envs: [...envs].sort(compareStrings),
    resources: resources.sort(sortDiffs),
    unchanged,
  };
}

/** Every danger of the report, with the resource it belongs to, in report order. */
export function reportDangers(report: DiffReport): { resource: ResourceDiff; danger: Danger }[] {
  return report.resources.flatMap((resource) => resource.dangers.map((danger) => ({ resource, danger })));
}
