/**
 * Replicas that share a fate: a workload that runs more than one replica (or may, under an
 * autoscaler) must spread them over zones and nodes, and each Strimzi node pool of more
 * than one node over zones with a hard constraint, since a zone holding most of Kafka's
 * controllers or of a partition's replicas takes the quorum with it (Strimzi 0.49+ adds no
 * affinity of its own for `rack`). lib/workload/spread.ts is what the platform renders.
 *
 * - `spread/zones`, `spread/nodes`: a Deployment or StatefulSet with `replicas` > 1, or the
 *   target of a HorizontalPodAutoscaler that may scale it past 1, without a
 *   topologySpreadConstraint on `topology.kubernetes.io/zone` (resp. `kubernetes.io/hostname`)
 *   whose selector matches its own pods;
 * - `spread/kafka-zones`: a KafkaNodePool with more than one replica without a
 *   `DoNotSchedule` zone constraint (and a node one) in `spec.template.pod` selecting its pods
 *   (`strimzi.io/cluster` and `strimzi.io/pool-name`, which Strimzi sets on them).
 */
import { HOSTNAME_LABEL, ZONE_LABEL } from '../../lib/workload/spread';
import { groupOf, type Inventory } from './inventory';
import { asArray, asMap, asString, asStringMap, type JsonMap } from './json';
import { parseLabelSelector, selectorMatches } from './label-selector';
import type { PodTemplate } from './pod-templates';
import { objectId, type LoadedObject } from './problem';

/** A finding about one object. */
export interface SpreadFinding {
  readonly rule: string;
  readonly message: string;
}

const SCALED = new Set(['apps/Deployment', 'apps/StatefulSet']);

/** The most replicas a workload runs: `spec.replicas` (default 1), or its autoscaler's maximum. */
function mostReplicas(template: PodTemplate, inventory: Inventory): { count: number; why: string } {
  const id = objectId(template.owner.object);
  const replicas = Number(asMap(asMap(template.owner.object)?.spec)?.replicas ?? 1);
  for (const hpa of inventory.ofKind('autoscaling', 'HorizontalPodAutoscaler')) {
    const h = objectId(hpa.object);
    const spec = asMap(asMap(hpa.object)?.spec) ?? {};
    const target = asMap(spec.scaleTargetRef) ?? {};
    if (h.namespace === id.namespace && target.kind === id.kind && target.name === id.name) {
      return { count: Math.max(replicas, Number(spec.maxReplicas ?? 1)), why: `HorizontalPodAutoscaler ${h.name} scales it to ${String(spec.maxReplicas)}` };
    }
  }
  return { count: replicas, why: `${replicas} replicas` };
}

function constraintsOn(constraints: readonly unknown[], key: string, labels: Readonly<Record<string, string>>): JsonMap[] {
  return constraints.map((c) => asMap(c) ?? {}).filter((c) => c.topologyKey === key && selectorMatches(parseLabelSelector(c.labelSelector), labels));
}

/** The spread findings of one workload's pod template. */
export function checkWorkloadSpread(template: PodTemplate, inventory: Inventory): SpreadFinding[] {
  const id = objectId(template.owner.object);
  if (!SCALED.has(`${groupOf(id.apiVersion)}/${id.kind}`)) return [];
  const most = mostReplicas(template, inventory);
  if (most.count < 2) return [];
  const constraints = asArray(template.spec.topologySpreadConstraints);
  const out: SpreadFinding[] = [];
  if (!constraintsOn(constraints, ZONE_LABEL, template.labels).length) {
    out.push({ rule: 'spread/zones', message: `${most.why}, but no topologySpreadConstraint on ${ZONE_LABEL} selects its pods: one zone may hold them all` });
  }
  if (!constraintsOn(constraints, HOSTNAME_LABEL, template.labels).length) {
    out.push({
      rule: 'spread/nodes',
      message: `${most.why}, but no topologySpreadConstraint on ${HOSTNAME_LABEL} selects its pods: one node may hold them all`,
    });
  }
  return out;
}

/** The spread findings of a KafkaNodePool. */
export function checkKafkaPoolSpread(loaded: LoadedObject): SpreadFinding[] {
  const id = objectId(loaded.object);
  if (groupOf(id.apiVersion) !== 'kafka.strimzi.io' || id.kind !== 'KafkaNodePool') return [];
  const object = asMap(loaded.object) ?? {};
  const spec = asMap(object.spec) ?? {};
  const replicas = Number(spec.replicas ?? 0);
  if (replicas < 2) return [];
  const labels = { 'strimzi.io/cluster': asStringMap(asMap(object.metadata)?.labels)['strimzi.io/cluster'] ?? '', 'strimzi.io/pool-name': id.name };
  const constraints = asArray(asMap(asMap(asMap(spec.template)?.pod))?.topologySpreadConstraints);
  const hardZones = constraintsOn(constraints, ZONE_LABEL, labels).filter((c) => asString(c.whenUnsatisfiable) === 'DoNotSchedule');
  const out: SpreadFinding[] = [];
  if (!hardZones.length) {
    out.push({
      rule: 'spread/kafka-zones',
      message: `${replicas} nodes, but spec.template.pod has no DoNotSchedule topologySpreadConstraint on ${ZONE_LABEL} selecting strimzi.io/pool-name=${id.name}: one zone may hold a majority of them`,
    });
  }
  if (!constraintsOn(constraints, HOSTNAME_LABEL, labels).length) {
    out.push({
      rule: 'spread/kafka-zones',
      message: `${replicas} nodes, but spec.template.pod has no topologySpreadConstraint on ${HOSTNAME_LABEL} selecting strimzi.io/pool-name=${id.name}: one node may hold several`,
    });
  }
  return out;
}
