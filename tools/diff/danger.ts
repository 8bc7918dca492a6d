/**
 * What a danger is about; the renderers group and label dangers by it.
 *
 * - `protected-removal`: a stateful or protected resource disappears (its data may go with it);
 * - `protection-removed`: a resource loses Argo CD's `Prune=false`/`Delete=false`;
 * - `rename`: a resource is renamed or moved, so Kubernetes deletes it and creates another;
 * - `immutable-field`: a field the API server refuses to change, so the sync fails or needs a replace;
 * - `storage-changed`: where a stateful system keeps its data changes (a Temporal database, a RayCluster's volumes);
 * - `network-widened`: a NetworkPolicy lets more traffic through;
 * - `policy-loosened`: an admission policy (Kyverno) enforces less;
 * - `exposure`: a hostname is newly served to the internet (a route or Ingress on a public entry);
 * - `privilege`: a workload, Role or binding gains privileges.
 */
export type DangerRule =
  | 'protected-removal'
  | 'protection-removed'
  | 'rename'
  | 'immutable-field'
  | 'storage-changed'
  | 'network-widened'
  | 'exposure'
  | 'policy-loosened'
  | 'privilege';

/** One thing a reviewer must not miss, with the reason in words. */
export interface Danger {
  readonly rule: DangerRule;
  readonly message: string;
}
