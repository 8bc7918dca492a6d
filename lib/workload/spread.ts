/**
 * How the replicas of one workload spread over zones and nodes: the one place the platform
 * decides it, for its own workloads (pod-template.ts), Strimzi's node pools and the
 * operators' charts.
 *
 * - Across nodes, always hard (`DoNotSchedule`, skew 1): two replicas on one node share its
 *   fate, and a node that stops answering keeps its pods for five minutes (the default
 *   `unreachable` toleration) before they are rescheduled. `nodeTaintsPolicy: Honor` leaves
 *   cordoned, draining and unreachable nodes out of the count, so an AKS upgrade or a dead
 *   node never blocks the replacement pods. A pool too small for its replicas shows Pending
 *   pods for the cluster autoscaler, not silently co-located ones.
 * - Across zones, hard only for a quorum (`hard`: Kafka's KRaft controllers and brokers,
 *   whose replication needs a majority outside any one zone). For stateless services it is
 *   `ScheduleAnyway` (skew 1, the scheduler still prefers the emptiest zone): AKS pools are
 *   one scale set across the zones, whose autoscaler cannot add a node in a chosen zone, so a
 *   hard zone constraint could leave a replica Pending whenever one zone's nodes are full or
 *   gone, which is exactly when it is needed elsewhere.
 */
import type { TopologySpreadConstraint } from '../../imports/k8s';

/** The node label of a node's availability zone. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** The node label of a node's name. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** `soft` zones for replicas that stand alone, `hard` zones for a quorum. */
export type ZoneSpread = 'soft' | 'hard';

/** The constraints that spread the pods `selector` matches over zones (as `zones` says) and nodes. */
export function spreadConstraints(selector: Readonly<Record<string, string>>, zones: ZoneSpread): TopologySpreadConstraint[] {
  const labelSelector = { matchLabels: { ...selector } };
  return [
    { labelSelector, maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: zones === 'hard' ? 'DoNotSchedule' : 'ScheduleAnyway' },
    { labelSelector: { matchLabels: { ...selector } }, maxSkew: 1, topologyKey: HOSTNAME_LABEL, whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'Honor' },
  ];
}
