import { deepEqual, keySegment } from './compare';
import { type Danger } from './danger';
import { type KubeObject, type ResourceKey } from './resource-key';
import { mapOrEmpty } from '../validate/json';

/**
 * Fields the API server refuses to change on a live object, by `group/kind`. Argo CD's
 * sync fails on them (`field is immutable`) until someone deletes and recreates the
 * resource, which for a StatefulSet or a PVC is exactly the dangerous part.
 *
 * See https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#label-selector-updates
 * and the validation of each API type.
 */
const IMMUTABLE_FIELDS: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  ['apps/Deployment', [['spec', 'selector']]],
  ['apps/ReplicaSet', [['spec', 'selector']]],
  ['apps/DaemonSet', [['spec', 'selector']]],
  [
    'apps/StatefulSet',
    [
      ['spec', 'selector'],
      ['spec', 'volumeClaimTemplates'],
      ['spec', 'serviceName'],
      ['spec', 'podManagementPolicy'],
    ],
  ],
  [
    'batch/Job',
    [
      ['spec', 'selector'],
      ['spec', 'template'],
      ['spec', 'completionMode'],
    ],
  ],
  [
    '/Service',
    [
      ['spec', 'clusterIP'],
      ['spec', 'clusterIPs'],
    ],
  ],
  [
    '/PersistentVolumeClaim',
    [
      ['spec', 'storageClassName'],
      ['spec', 'accessModes'],
      ['spec', 'volumeMode'],
      ['spec', 'volumeName'],
      ['spec', 'selector'],
      ['spec', 'dataSource'],
      ['spec', 'dataSourceRef'],
    ],
  ],
  ['rbac.authorization.k8s.io/RoleBinding', [['roleRef']]],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', [['roleRef']]],
  ['storage.k8s.io/StorageClass', [['provisioner'], ['parameters'], ['reclaimPolicy'], ['volumeBindingMode']]],
]);

function get(object: unknown, path: readonly string[]): unknown {
  let value: unknown = object;
  for (const key of path) value = mapOrEmpty(value)[key];
  return value;
}

function pathText(path: readonly string[]): string {
  return path.reduce((text, key) => keySegment(text, key), '');
}

/** Dangers for fields that cannot change in place between two versions of one resource. */
export function immutableFieldDangers(key: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  const dangers: Danger[] = [];
  const paths = [...(IMMUTABLE_FIELDS.get(`${key.group}/${key.kind}`) ?? [])];
  // ConfigMaps and Secrets marked immutable keep their data until recreated.
  if ((key.kind === 'ConfigMap' || key.kind === 'Secret') && key.group === '' && oldObject.immutable === true) {
    paths.push(['data'], ['binaryData'], ['stringData'], ['immutable']);
  }
  for (const path of paths) {
    if (!deepEqual(get(oldObject, path), get(newObject, path))) {
      dangers.push({
        rule: 'immutable-field',
        message: `${pathText(path)} is immutable on a ${key.kind}: the sync fails until the ${key.kind} is deleted and recreated`,
      });
    }
  }
  if (key.group === '' && key.kind === 'PersistentVolumeClaim') {
    const path = ['spec', 'resources', 'requests', 'storage'];
    const before = parseQuantity(get(oldObject, path));
    const after = parseQuantity(get(newObject, path));
    if (before !== undefined && after !== undefined && after < before) {
      dangers.push({
        rule: 'immutable-field',
        message: `${pathText(path)} shrinks from ${String(get(oldObject, path))} to ${String(get(newObject, path))}: a PersistentVolumeClaim can only grow`,
      });
    }
  }
  return dangers;
}

const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  m: 1e-3,
};

/**
 * A Kubernetes quantity (`10Gi`, `500M`, `1.5`) as a number, or `undefined` when it is not one.
 * See https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[kMGTPEm]?))$/.exec(value);
  if (match === null) return undefined;
  const number = Number(match[1]);
  if (match[2] !== undefined) return number * 10 ** Number(match[2].slice(1));
  return number * SUFFIXES[match[3] ?? ''];
}
