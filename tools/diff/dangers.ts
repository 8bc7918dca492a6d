import { type Danger } from './danger';
import { immutableFieldDangers } from './immutable-fields';
import { networkPolicyAdditionDangers, networkPolicyChangeDangers, networkPolicyRemovalDangers } from './network-policy';
import { operatorChangeDangers, operatorRemovalDangers } from './operator-applications';
import { namespacePrivilegeDangers, workloadPrivilegeDangers } from './privilege';
import { protectingSyncOptions, protectionReason, statefulReason, SYNC_OPTIONS_ANNOTATION } from './protection';
import { rbacAdditionDangers, rbacChangeDangers } from './rbac';
import { stackDangers } from './stack-dangers';
import { displayObjectName, type KubeObject, type ResourceKey } from './resource-key';
import { asArray, mapOrEmpty } from '../validate/json';

function isNetworkPolicy(key: ResourceKey): boolean {
  return key.group === 'networking.k8s.io' && key.kind === 'NetworkPolicy';
}

/** Dangers of a resource that appears: privileges and wide-open network rules it brings. */
export function addedDangers(key: ResourceKey, object: KubeObject): Danger[] {
  return [
    ...(isNetworkPolicy(key) ? networkPolicyAdditionDangers(object) : []),
    ...workloadPrivilegeDangers(key, undefined, object),
    ...rbacAdditionDangers(key, object),
  ];
}

/** Dangers of a resource that disappears: lost data, lost isolation. */
export function removedDangers(key: ResourceKey, object: KubeObject): Danger[] {
  const dangers: Danger[] = [];
  const reason = protectionReason(key, object);
  if (reason !== undefined) {
    dangers.push({ rule: 'protected-removal', message: `removed: ${reason}` });
  }
  if (isNetworkPolicy(key)) dangers.push(...networkPolicyRemovalDangers(object));
  dangers.push(...operatorRemovalDangers(key, object, false));
  if (key.group === 'kyverno.io')
    dangers.push({ rule: 'policy-loosened', message: `removed: nothing enforces its ${asArray(mapOrEmpty(object.spec).rules).length} rule(s) any more` });
  return dangers;
}

/** Dangers that do not depend on whether the resource kept its name. */
function contentDangers(key: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const dangers: Danger[] = [];
  const lost = protectingSyncOptions(oldObject).filter((o) => !protectingSyncOptions(newObject).includes(o));
  if (lost.length > 0) {
    dangers.push({
      rule: 'protection-removed',
      message: `metadata.annotations["${SYNC_OPTIONS_ANNOTATION}"] no longer holds ${lost.join(',')}: Argo CD may now delete the ${key.kind}`,
    });
  }
  if (isNetworkPolicy(key)) dangers.push(...networkPolicyChangeDangers(oldObject, newObject));
  dangers.push(...workloadPrivilegeDangers(key, oldObject, newObject));
  dangers.push(...namespacePrivilegeDangers(key, oldObject, newObject));
  dangers.push(...rbacChangeDangers(key, oldObject, newObject));
  dangers.push(...operatorChangeDangers(key, oldObject, newObject));
  dangers.push(...stackDangers(key, oldObject, newObject));
  return dangers;
}

/** Dangers of a resource that changed in place. */
export function changedDangers(key: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  return [...immutableFieldDangers(key, oldObject, newObject), ...contentDangers(key, oldObject, newObject)];
}

/**
 * Dangers of a resource that was renamed, moved to another namespace, or moved to another
 * Argo CD application. Immutable fields do not matter here: the object is recreated anyway.
 *
 * A rename always replaces the object: Argo CD deletes the old one, or with `Prune=false`
 * leaves it behind unmanaged. A move between applications keeps the object only if the new
 * application adopts it before the old one prunes it, so it is flagged when losing it
 * would lose data (a stateful kind) and no `Prune=false`/`Delete=false` stops the prune.
 */
export function renamedDangers(oldKey: ResourceKey, newKey: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const dangers: Danger[] = [];
  const renamed = oldKey.name !== newKey.name || oldKey.namespace !== newKey.namespace;
  // With Prune=false/Delete=false Argo CD keeps the old object, unmanaged.
  const kept = protectingSyncOptions(oldObject).length > 0;
  const stateful = statefulReason(oldKey);
  if (renamed) {
    const fate = kept
      ? `Argo CD creates a new ${oldKey.kind} and leaves the old one in place, unmanaged (${protectingSyncOptions(oldObject).join(',')})` +
        (stateful === undefined ? '' : "; the new one does not get the old one's data")
      : `Kubernetes deletes the old ${oldKey.kind} and creates a new one${stateful === undefined ? '' : ` (${stateful})`}`;
    dangers.push({ rule: 'rename', message: `renamed from ${displayObjectName(oldKey)}: ${fate}` });
    dangers.push(...operatorRemovalDangers(oldKey, oldObject, true));
  } else if (stateful !== undefined && !kept) {
    dangers.push({
      rule: 'rename',
      message: `moved from application ${oldKey.app} to ${newKey.app}: if ${oldKey.app} prunes it before ${newKey.app} adopts it, it is deleted (${stateful}); add Prune=false first`,
    });
  }
  return [...dangers, ...contentDangers(newKey, oldObject, newObject)];
}
