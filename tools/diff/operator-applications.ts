/**
 * Dangers of changing an Argo CD Application that installs CRDs (its Helm chart's, as
 * tools/argocd/charts.ts knows them). Deleting a CRD deletes every resource of it, cluster-wide.
 *
 * - removed or renamed: with the resources finalizer (still on such an Application in the
 *   old tree) deleting it deletes the operator and what it deployed; without it, the operator
 *   is orphaned and nothing keeps its CRDs' resources reconciled. Either way a reviewer must
 *   look, and a rename should be done by adopting, not by deleting;
 * - changed to carry the resources finalizer or to prune automatically: its removal, or a
 *   chart upgrade that drops a CRD, would now delete resources everywhere.
 */
import { describeApplication } from '../argocd/applications';
import { CHARTS } from '../argocd/charts';
import type { Danger } from './danger';
import type { KubeObject, ResourceKey } from './resource-key';

/** `groups (chart x)` for each Helm source of an Application that installs CRDs. */
function crdOwnership(key: ResourceKey, object: KubeObject): string | undefined {
  if (key.group !== 'argoproj.io' || key.kind !== 'Application') return undefined;
  const owned: string[] = [];
  for (const s of describeApplication(object).sources) {
    if (s.type !== 'helm') continue;
    const groups = CHARTS[s.chart]?.crdGroups(s.values) ?? [];
    if (groups.length) owned.push(`${groups.join(', ')} (chart ${s.chart})`);
  }
  return owned.length ? owned.join('; ') : undefined;
}

function hasFinalizer(object: KubeObject): boolean {
  const finalizers = (object.metadata as { finalizers?: unknown } | undefined)?.finalizers;
  return Array.isArray(finalizers) && finalizers.some((f) => typeof f === 'string' && f.startsWith('resources-finalizer.argocd.argoproj.io'));
}

function prunes(object: KubeObject): boolean {
  const automated = (object.spec as { syncPolicy?: { automated?: { prune?: unknown; enabled?: unknown } } } | undefined)?.syncPolicy?.automated;
  return automated?.prune === true && automated.enabled !== false;
}

/** The danger of an Application that installs CRDs disappearing (removed, or renamed from `oldKey`). */
export function operatorRemovalDangers(oldKey: ResourceKey, oldObject: KubeObject, renamed: boolean): Danger[] {
  const owned = crdOwnership(oldKey, oldObject);
  if (owned === undefined) return [];
  const fate = hasFinalizer(oldObject)
    ? 'it carries the resources finalizer, so deleting it deletes the operator and everything it deployed'
    : 'Argo CD deletes it and orphans the operator: nothing reconciles those resources until another Application adopts it';
  return [
    {
      rule: 'protected-removal',
      message: `${renamed ? 'renamed' : 'removed'}: the Application ${oldKey.name} installs the CRDs of ${owned}, and deleting a CRD deletes every resource of it cluster-wide; ${fate}`,
    },
  ];
}

/** The dangers of an Application that installs CRDs gaining the resources finalizer or automated prune. */
export function operatorChangeDangers(key: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const owned = crdOwnership(key, newObject);
  if (owned === undefined) return [];
  const out: Danger[] = [];
  if (hasFinalizer(newObject) && !hasFinalizer(oldObject)) {
    out.push({
      rule: 'protection-removed',
      message: `the Application installs the CRDs of ${owned} and now carries the resources finalizer: deleting or renaming it would delete its CRDs' resources everywhere`,
    });
  }
  if (prunes(newObject) && !prunes(oldObject)) {
    out.push({
      rule: 'protection-removed',
      message: `the Application installs the CRDs of ${owned} and now prunes automatically: a chart version that drops a CRD would delete every resource of it`,
    });
  }
  return out;
}
