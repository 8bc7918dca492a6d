import { deepEqual, keySegment, nameSegment } from './compare';
import { type Danger } from './danger';
import { type KubeObject, type ResourceKey } from './resource-key';
import { asArray, isMap, mapOrEmpty } from '../validate/json';

/**
 * Where each workload kind keeps its pod spec, by `group/kind`.
 */
const POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['/Pod', ['spec']],
  ['/ReplicationController', ['spec', 'template', 'spec']],
  ['apps/Deployment', ['spec', 'template', 'spec']],
  ['apps/StatefulSet', ['spec', 'template', 'spec']],
  ['apps/DaemonSet', ['spec', 'template', 'spec']],
  ['apps/ReplicaSet', ['spec', 'template', 'spec']],
  ['batch/Job', ['spec', 'template', 'spec']],
  ['batch/CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  ['argoproj.io/Rollout', ['spec', 'template', 'spec']],
]);

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;
/** The one capability Pod Security Standard `restricted` lets a container add. */
const HARMLESS_CAPABILITIES = new Set(['NET_BIND_SERVICE']);

/** Whether the resource is new (flag explicit privileges only) or changed (flag anything more permissive). */
type Mode = 'added' | 'changed';

/** Where a pod spec sits in a resource of this kind, or `undefined` for non-workloads. */
export function podSpecPath(key: ResourceKey): readonly string[] | undefined {
  return POD_SPEC_PATHS.get(`${key.group}/${key.kind}`);
}

function get(object: unknown, path: readonly string[]): unknown {
  let value: unknown = object;
  for (const k of path) value = mapOrEmpty(value)[k];
  return value;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** The security settings of one container once the pod-level defaults are applied. */
interface Effective {
  readonly privileged: unknown;
  readonly allowPrivilegeEscalation: unknown;
  readonly runAsNonRoot: unknown;
  readonly runAsUser: unknown;
  readonly readOnlyRootFilesystem: unknown;
  readonly seccompType: unknown;
  readonly procMount: unknown;
  readonly add: readonly string[];
  readonly drop: readonly string[];
}

function effective(pod: Record<string, unknown>, container: Record<string, unknown>): Effective {
  const podSc = mapOrEmpty(pod.securityContext);
  const sc = mapOrEmpty(container.securityContext);
  const capabilities = mapOrEmpty(sc.capabilities);
  return {
    privileged: sc.privileged,
    allowPrivilegeEscalation: sc.allowPrivilegeEscalation,
    runAsNonRoot: sc.runAsNonRoot ?? podSc.runAsNonRoot,
    runAsUser: sc.runAsUser ?? podSc.runAsUser,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
    seccompType: mapOrEmpty(sc.seccompProfile ?? podSc.seccompProfile).type,
    procMount: sc.procMount,
    add: asArray(capabilities.add).map(String),
    drop: asArray(capabilities.drop).map(String),
  };
}

function containerDangers(where: string, before: Effective | undefined, after: Effective): string[] {
  const out: string[] = [];
  const was = (field: keyof Effective) => (before === undefined ? '' : ` (was ${show(before[field])})`);
  if (after.privileged === true && before?.privileged !== true) {
    out.push(`${where}: privileged is true${was('privileged')}: the container has full access to the node`);
  }
  if (
    (after.allowPrivilegeEscalation === true && before?.allowPrivilegeEscalation !== true) ||
    (before?.allowPrivilegeEscalation === false && after.allowPrivilegeEscalation !== false)
  ) {
    out.push(
      `${where}: allowPrivilegeEscalation is ${show(after.allowPrivilegeEscalation)}${was('allowPrivilegeEscalation')}: processes may gain more privileges than their parent`,
    );
  }
  if ((after.runAsNonRoot === false && before?.runAsNonRoot !== false) || (before?.runAsNonRoot === true && after.runAsNonRoot !== true)) {
    out.push(`${where}: runAsNonRoot is ${show(after.runAsNonRoot)}${was('runAsNonRoot')}: the container may run as root`);
  }
  if (after.runAsUser === 0 && before?.runAsUser !== 0) {
    out.push(`${where}: runAsUser is 0${was('runAsUser')}: the container runs as root`);
  }
  if (before?.readOnlyRootFilesystem === true && after.readOnlyRootFilesystem !== true) {
    out.push(`${where}: readOnlyRootFilesystem is ${show(after.readOnlyRootFilesystem)} (was true): the root filesystem becomes writable`);
  }
  const confined = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';
  if ((after.seccompType === 'Unconfined' && before?.seccompType !== 'Unconfined') || (confined(before?.seccompType) && !confined(after.seccompType))) {
    out.push(
      `${where}: seccompProfile is ${after.seccompType === undefined ? 'removed' : show(after.seccompType)}${was('seccompType')}: system calls are no longer filtered`,
    );
  }
  if (after.procMount === 'Unmasked' && before?.procMount !== 'Unmasked') {
    out.push(`${where}: procMount is "Unmasked": /proc is not masked`);
  }
  const added = after.add.filter((c) => !(before?.add ?? []).includes(c) && !HARMLESS_CAPABILITIES.has(c));
  if (added.length > 0) out.push(`${where}: capabilities.add gains ${added.join(', ')}`);
  const undropped = (before?.drop ?? []).filter((c) => !after.drop.includes(c));
  if (undropped.length > 0) out.push(`${where}: capabilities.drop no longer drops ${undropped.join(', ')}`);
  return out;
}

function podDangers(path: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>, mode: Mode): string[] {
  const out: string[] = [];
  for (const field of HOST_NAMESPACES) {
    if (after[field] === true && before?.[field] !== true) {
      out.push(`${keySegment(path, field)}: true: the pod shares the node's ${field.slice(4).toLowerCase()} namespace`);
    }
  }
  const hostPaths = (spec: Record<string, unknown> | undefined) =>
    new Map(
      asArray(spec?.volumes)
        .map(mapOrEmpty)
        .filter((v) => isMap(v.hostPath))
        .map((v) => [String(v.name), v.hostPath]),
    );
  const oldHostPaths = hostPaths(before);
  for (const [name, hostPath] of hostPaths(after)) {
    if (!deepEqual(oldHostPaths.get(name), hostPath)) {
      out.push(`${nameSegment(keySegment(path, 'volumes'), name)}: mounts the node's path ${show(mapOrEmpty(hostPath).path)}`);
    }
  }
  if (mode === 'changed' && before?.automountServiceAccountToken === false && after.automountServiceAccountToken !== false) {
    out.push(`${keySegment(path, 'automountServiceAccountToken')} is ${show(after.automountServiceAccountToken)} (was false): the pod gets an API token`);
  }
  for (const list of CONTAINER_LISTS) {
    const oldContainers = new Map(
      asArray(before?.[list])
        .map(mapOrEmpty)
        .map((c) => [String(c.name), c]),
    );
    for (const container of asArray(after[list]).map(mapOrEmpty)) {
      const name = String(container.name);
      const where = nameSegment(keySegment(path, list), name);
      const old = oldContainers.get(name);
      const oldEffective = before !== undefined && old !== undefined ? effective(before, old) : undefined;
      out.push(...containerDangers(where, oldEffective, effective(after, container)));
    }
  }
  return out;
}

/**
 * Privileges a workload gains: host namespaces, hostPath volumes and container security
 * settings that become more permissive. For a new workload (`oldObject` undefined) only
 * settings that explicitly grant a privilege are flagged (`privileged: true`, a host
 * namespace, `runAsUser: 0`, an added capability...); what a workload merely omits is the
 * validator's business.
 */
export function workloadPrivilegeDangers(key: ResourceKey, oldObject: KubeObject | undefined, newObject: KubeObject): Danger[] {
  const path = podSpecPath(key);
  if (path === undefined) return [];
  const after = get(newObject, path);
  if (!isMap(after)) return [];
  const beforeValue = oldObject === undefined ? undefined : get(oldObject, path);
  const before = isMap(beforeValue) ? beforeValue : undefined;
  const pathText = path.reduce((text, k) => keySegment(text, k), '');
  return podDangers(pathText, before, after, oldObject === undefined ? 'added' : 'changed').map((message) => ({ rule: 'privilege', message }));
}

const POD_SECURITY_LABEL = 'pod-security.kubernetes.io/enforce';
/** Pod Security Standard levels, strictest first; an absent label means `privileged`. */
const POD_SECURITY_LEVELS = ['restricted', 'baseline', 'privileged'];

/**
 * A Namespace whose enforced Pod Security Standard gets looser (`restricted` → `baseline`,
 * or the label removed): every pod in it may now ask for more.
 * See https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export function namespacePrivilegeDangers(key: ResourceKey, oldObject: KubeObject, newObject: KubeObject): Danger[] {
  if (key.group !== '' || key.kind !== 'Namespace') return [];
  const level = (o: KubeObject) => mapOrEmpty(mapOrEmpty(o.metadata).labels)[POD_SECURITY_LABEL];
  const rank = (v: unknown) => (typeof v === 'string' && POD_SECURITY_LEVELS.includes(v) ? POD_SECURITY_LEVELS.indexOf(v) : POD_SECURITY_LEVELS.length - 1);
  const before = level(oldObject);
  const after = level(newObject);
  if (rank(after) <= rank(before)) return [];
  return [
    {
      rule: 'privilege',
      message: `metadata.labels["${POD_SECURITY_LABEL}"] loosens from ${show(before)} to ${show(after)}: pods in the namespace may ask for more privileges`,
    },
  ];
}
