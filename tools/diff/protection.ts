import { type KubeObject, type ResourceKey } from './resource-key';
import { mapOrEmpty } from '../validate/json';

/** The annotation through which Argo CD's sync options are set on one resource. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/**
 * Kinds whose deletion loses data or everything inside them, by `group/kind`.
 * CustomResourceDefinitions are here because deleting one deletes every resource of it.
 */
const STATEFUL_KINDS: ReadonlyMap<string, string> = new Map([
  ['/Namespace', 'deleting a Namespace deletes everything in it'],
  ['/PersistentVolumeClaim', 'deleting a PersistentVolumeClaim can delete its volume and data'],
  ['/PersistentVolume', 'deleting a PersistentVolume can delete its data'],
  ['apps/StatefulSet', 'a StatefulSet holds data in its volumes'],
  ['kafka.strimzi.io/Kafka', 'deleting a Kafka cluster deletes its brokers and topics'],
  ['kafka.strimzi.io/KafkaNodePool', 'deleting a KafkaNodePool deletes its brokers and their storage'],
  ['kafka.strimzi.io/KafkaTopic', 'deleting a KafkaTopic deletes its messages'],
  ['ray.io/RayCluster', "deleting a RayCluster deletes its pods with the cluster's state and every running job"],
  ['apiextensions.k8s.io/CustomResourceDefinition', 'deleting a CustomResourceDefinition deletes every resource of that kind'],
]);

/** Why deleting the resource would lose data, when its kind is a stateful one. */
export function statefulReason(key: ResourceKey): string | undefined {
  return STATEFUL_KINDS.get(`${key.group}/${key.kind}`);
}

/** The Argo CD sync options that protect the resource from deletion (`Prune=false`, `Delete=false`). */
export function protectingSyncOptions(object: KubeObject): string[] {
  const annotations = mapOrEmpty(mapOrEmpty(object.metadata).annotations);
  const value = annotations[SYNC_OPTIONS_ANNOTATION];
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((option) => option.trim())
    .filter((option) => option === 'Prune=false' || option === 'Delete=false');
}

/**
 * Why a resource must not disappear unnoticed: its kind is stateful, or it carries
 * `Prune=false`/`Delete=false` (someone decided it must outlive its manifest).
 */
export function protectionReason(key: ResourceKey, object: KubeObject): string | undefined {
  const stateful = statefulReason(key);
  const options = protectingSyncOptions(object);
  const annotated = options.length > 0 ? `it is annotated ${SYNC_OPTIONS_ANNOTATION}: ${options.join(',')}` : undefined;
  if (stateful !== undefined && annotated !== undefined) return `${stateful}; ${annotated}`;
  return stateful ?? annotated;
}
