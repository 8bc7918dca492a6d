import { deepEqual } from './compare';
import { type Danger } from './danger';
import { type KubeObject, type ResourceKey } from './resource-key';
import { asArray, mapOrEmpty } from '../validate/json';

/**
 * Dangerous changes to the stack's kinds:
 *
 * - a Kyverno policy loosened (`policy-loosened`): a rule removed, a validate rule moved from
 *   Enforce to Audit, the webhook's failure policy from Fail to Ignore, admission turned off,
 *   a rule's `exclude` widened;
 * - a RayCluster's storage changed (`storage-changed`): GCS fault tolerance (where the
 *   cluster's state survives a head restart) or the volumes and mounts of its pods;
 * - a Temporal database changed (`storage-changed`): a store's database, address, plugin or
 *   role, or the history shard count, in the values of the Temporal chart's Application.
 */
export function stackDangers(key: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  if (key.group === 'kyverno.io' && (key.kind === 'ClusterPolicy' || key.kind === 'Policy')) return policyDangers(oldObject, newObject);
  if (key.group === 'ray.io' && key.kind === 'RayCluster') return rayStorageDangers(oldObject, newObject);
  if (key.group === 'argoproj.io' && key.kind === 'Application') return temporalDangers(oldObject, newObject);
  return [];
}

const spec = (o: KubeObject) => mapOrEmpty(o.spec);
const byName = (rules: unknown) => new Map(asArray(rules).map((r) => [String(mapOrEmpty(r).name), mapOrEmpty(r)]));
const enforced = (value: unknown) => typeof value === 'string' && value.toLowerCase() === 'enforce';

function policyDangers(oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const out: Danger[] = [];
  const loosened = (message: string) => out.push({ rule: 'policy-loosened', message });
  const before = spec(oldObject);
  const after = spec(newObject);
  // rule-level failureAction wins over the deprecated spec.validationFailureAction, which defaults to Audit
  const action = (s: Record<string, unknown>, rule: Record<string, unknown>) => mapOrEmpty(rule.validate).failureAction ?? s.validationFailureAction ?? 'Audit';
  const failurePolicy = (s: Record<string, unknown>) => mapOrEmpty(s.webhookConfiguration).failurePolicy ?? s.failurePolicy ?? 'Fail';
  if (failurePolicy(before) === 'Fail' && failurePolicy(after) === 'Ignore') {
    loosened('spec.webhookConfiguration.failurePolicy changes from Fail to Ignore: requests are admitted unchecked whenever Kyverno cannot answer');
  }
  if (before.admission !== false && after.admission === false)
    loosened('spec.admission is now false: the policy no longer applies when resources are created or changed');
  const newRules = byName(after.rules);
  for (const [name, rule] of byName(before.rules)) {
    const now = newRules.get(name);
    if (!now) {
      loosened(`rule "${name}" is removed: what it ${rule.validate !== undefined ? 'denied is admitted' : 'changed is left as it comes'}`);
      continue;
    }
    if (rule.validate !== undefined && enforced(action(before, rule)) && !enforced(action(after, now))) {
      loosened(`rule "${name}" moves from Enforce to Audit: violations are admitted and only reported`);
    }
    const oldExclude = asArray(mapOrEmpty(rule.exclude).any).concat(asArray(mapOrEmpty(rule.exclude).all));
    const added = asArray(mapOrEmpty(now.exclude).any)
      .concat(asArray(mapOrEmpty(now.exclude).all))
      .filter((e) => !oldExclude.some((o) => deepEqual(o, e)));
    if (added.length) loosened(`rule "${name}" excludes more: ${added.map((e) => JSON.stringify(mapOrEmpty(e).resources ?? e)).join(', ')}`);
  }
  return out;
}

/** The storage of a RayCluster's pods: each group's volumes and its containers' mounts. */
function rayStorage(o: KubeObject): Map<string, unknown> {
  const s = spec(o);
  const out = new Map<string, unknown>([['spec.gcsFaultToleranceOptions', s.gcsFaultToleranceOptions]]);
  const template = (path: string, t: unknown) => {
    const pod = mapOrEmpty(mapOrEmpty(t).spec);
    out.set(`${path}.spec.volumes`, pod.volumes);
    out.set(
      `${path}.spec.containers[*].volumeMounts`,
      asArray(pod.containers).map((c) => mapOrEmpty(c).volumeMounts),
    );
  };
  template('spec.headGroupSpec.template', mapOrEmpty(s.headGroupSpec).template);
  for (const w of asArray(s.workerGroupSpecs)) template(`spec.workerGroupSpecs["${String(mapOrEmpty(w).groupName)}"].template`, mapOrEmpty(w).template);
  return out;
}

function rayStorageDangers(oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const before = rayStorage(oldObject);
  const after = rayStorage(newObject);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  return paths
    .filter((p) => !deepEqual(before.get(p), after.get(p)))
    .map((p) => ({
      rule: 'storage-changed',
      message: `${p} changes: KubeRay recreates the cluster's pods, and what the old storage held (GCS state, spilled objects, checkpoints) is not carried over`,
    }));
}

const TEMPORAL_STORE_FIELDS = ['databaseName', 'connectAddr', 'pluginName', 'user'] as const;

function temporalDangers(oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const persistence = (o: KubeObject) => {
    const source = mapOrEmpty(spec(o).source);
    return source.chart === 'temporal' ? mapOrEmpty(mapOrEmpty(mapOrEmpty(mapOrEmpty(source.helm).valuesObject).server).config).persistence : undefined;
  };
  const before = persistence(oldObject);
  const after = persistence(newObject);
  if (before === undefined || after === undefined) return [];
  const out: Danger[] = [];
  const path = 'spec.source.helm.valuesObject.server.config.persistence';
  const oldShards = mapOrEmpty(before).numHistoryShards;
  const newShards = mapOrEmpty(after).numHistoryShards;
  if (oldShards !== newShards) {
    out.push({
      rule: 'storage-changed',
      message: `${path}.numHistoryShards changes from ${String(oldShards)} to ${String(newShards)}: it is fixed when the database is set up, and the server refuses to start on a database with another count`,
    });
  }
  const stores = (p: unknown) => mapOrEmpty(mapOrEmpty(p).datastores);
  for (const name of [...new Set([...Object.keys(stores(before)), ...Object.keys(stores(after))])].sort()) {
    const was = mapOrEmpty(mapOrEmpty(stores(before)[name]).sql);
    const now = mapOrEmpty(mapOrEmpty(stores(after)[name]).sql);
    for (const field of TEMPORAL_STORE_FIELDS) {
      if (was[field] === now[field]) continue;
      out.push({
        rule: 'storage-changed',
        message: `${path}.datastores.${name}.sql.${field} changes from ${String(was[field])} to ${String(now[field])}: Temporal starts on another database, and the workflows and history in the old one are left behind`,
      });
    }
  }
  return out;
}
