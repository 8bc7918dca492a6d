import { leaves } from './compare';
import { type TreeResource } from './load';
import { bucketId, compareKeys, objectId } from './resource-key';

/** A removed resource paired with the added resource that replaces it. */
export interface RenameMatch {
  readonly old: TreeResource;
  readonly new: TreeResource;
  /** The share of leaf fields equal on both sides, 0 to 1, ignoring name and namespace. */
  readonly similarity: number;
}

/** The fields a rename changes by definition, left out of the similarity. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set(['metadata.name', 'metadata.namespace']);

/** The default share of leaf fields that must be equal for a removal and an addition to be one rename. */
export const RENAME_THRESHOLD = 0.9;

/**
 * The share of leaf fields of `a` and `b` that are equal, over the larger of the two field
 * counts, ignoring `metadata.name` and `metadata.namespace`.
 */
export function similarity(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (large.size === 0) return 1;
  let equal = 0;
  for (const [path, value] of small) if (large.get(path) === value) equal++;
  return equal / large.size;
}

/**
 * Pairs the same object (env, kind, namespace, name) removed from one Argo CD application
 * and added to another.
 */
export function matchMoves(removed: readonly TreeResource[], added: readonly TreeResource[]): RenameMatch[] {
  const byObject = new Map(added.map((r) => [objectId(r.key), r]));
  const matches: RenameMatch[] = [];
  for (const old of removed) {
    const match = byObject.get(objectId(old.key));
    if (match === undefined) continue;
    byObject.delete(objectId(old.key));
    matches.push({ old, new: match, similarity: similarity(leaves(old.object, IDENTITY_FIELDS), leaves(match.object, IDENTITY_FIELDS)) });
  }
  return matches;
}

/**
 * Pairs removed and added resources that are near-identical (same env, application, group
 * and kind; at least `threshold` of their leaf fields equal): Kubernetes sees a rename as a
 * deletion and a creation, so the report shows it as one rename.
 *
 * Candidates are bucketed by env, application, group and kind, and a pair is scored only
 * when the field counts are close enough to reach the threshold, so the work grows with the
 * size of each bucket, not of the whole tree. Within a bucket, the best-scoring pairs win
 * (ties broken by key order), so the result does not depend on input order.
 */
export function matchRenames(removed: readonly TreeResource[], added: readonly TreeResource[], threshold: number = RENAME_THRESHOLD): RenameMatch[] {
  const buckets = new Map<string, { removed: TreeResource[]; added: TreeResource[] }>();
  const bucket = (r: TreeResource) => {
    const id = bucketId(r.key);
    let b = buckets.get(id);
    if (b === undefined) buckets.set(id, (b = { removed: [], added: [] }));
    return b;
  };
  for (const r of removed) bucket(r).removed.push(r);
  for (const r of added) bucket(r).added.push(r);

  const matches: RenameMatch[] = [];
  for (const b of buckets.values()) {
    if (b.removed.length === 0 || b.added.length === 0) continue;
    const oldLeaves = b.removed.map((r) => leaves(r.object, IDENTITY_FIELDS));
    const newLeaves = b.added.map((r) => leaves(r.object, IDENTITY_FIELDS));
    const candidates: { i: number; j: number; score: number }[] = [];
    oldLeaves.forEach((o, i) =>
      newLeaves.forEach((n, j) => {
        if (Math.min(o.size, n.size) < threshold * Math.max(o.size, n.size)) return;
        const score = similarity(o, n);
        if (score >= threshold) candidates.push({ i, j, score });
      }),
    );
    candidates.sort((x, y) => y.score - x.score || compareKeys(b.removed[x.i].key, b.removed[y.i].key) || compareKeys(b.added[x.j].key, b.added[y.j].key));
    const usedOld = new Set<number>();
    const usedNew = new Set<number>();
    for (const c of candidates) {
      if (usedOld.has(c.i) || usedNew.has(c.j)) continue;
      usedOld.add(c.i);
      usedNew.add(c.j);
      matches.push({ old: b.removed[c.i], new: b.added[c.j], similarity: c.score });
    }
  }
  return matches;
}
