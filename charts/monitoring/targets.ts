/**
 * Scrape targets that are not services of this repository (Strimzi's Kafka pods and entity
 * operator, the operators' controllers, Argo CD's application controller): Prometheus reaches
 * each through a PodMonitor on exactly its metrics port. The target's namespace admits
 * Prometheus on that port, and Prometheus's own egress (charts/operators/policies.ts) lists
 * every target declared here, once all are declared.
 */
import { type Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy } from '../../imports/k8s';
import { PodMonitor, type PodMonitorSpecPodMetricsEndpoints } from '../../imports/prometheus-podmonitors-monitoring.coreos.com';
import { type NetworkPeer, peerSelector } from '../../lib/network/network-policy';
import type { ClusterContext } from '../context';
import { prometheusPeer } from '../peers';

/** One set of pods Prometheus scrapes, on one named container port. */
export interface ScrapeTarget {
  /** The pods, as a network peer (its name names the PodMonitor and the policy). */
  readonly peer: NetworkPeer;
  /** The container port's name, as the PodMonitor selects it. */
  readonly portName: string;
  /** Its numbers (one per container that names a port so: Strimzi's topic and user operators both call theirs `healthcheck`). */
  readonly ports: readonly number[];
  /** @default '/metrics' */
  readonly path?: string;
  /** Relabelings of the PodMonitor's endpoint. @default none */
  readonly relabelings?: PodMonitorSpecPodMetricsEndpoints['relabelings'];
}

const declared = new WeakMap<ClusterContext, ScrapeTarget[]>();

/** Every target declared on a cluster, in declaration order. */
export function scrapeTargets(ctx: ClusterContext): readonly ScrapeTarget[] {
  return declared.get(ctx) ?? [];
}

/**
 * Has the cluster's Prometheus scrape `target`: a PodMonitor (in `monitorScope`, in the
 * target's namespace unless `monitorNamespace` is given) and, when `policyScope` is given,
 * a NetworkPolicy there that admits Prometheus on the target's ports. Leave `policyScope`
 * out only for a namespace this repository does not own (Argo CD's).
 */
export function addScrapeTarget(
  ctx: ClusterContext,
  target: ScrapeTarget,
  monitorScope: Construct,
  options: { readonly policyScope?: Construct; readonly monitorNamespace?: string } = {},
): void {
  const list = declared.get(ctx) ?? [];
  if (list.some((t) => t.peer.namespace === target.peer.namespace && t.peer.name === target.peer.name)) {
    throw new Error(`cluster ${ctx.name}: scrape target "${target.peer.name}" in namespace ${target.peer.namespace} is declared twice`);
  }
  list.push(target);
  declared.set(ctx, list);
  const labels = ctx.labels();
  const namespace = options.monitorNamespace ?? target.peer.namespace;
  new PodMonitor(monitorScope, `PodMonitor-${target.peer.namespace}-${target.peer.name}`, {
    metadata: { name: target.peer.name, namespace, labels },
    spec: {
      selector: { matchLabels: { ...target.peer.podLabels } },
      namespaceSelector: { matchNames: [target.peer.namespace] },
      podMetricsEndpoints: [
        {
          port: target.portName,
          path: target.path ?? '/metrics',
          interval: `${ctx.platform.monitoring.prometheus.scrapeIntervalSeconds}s`,
          relabelings: target.relabelings,
        },
      ],
    },
  });
  if (!options.policyScope) return;
  new KubeNetworkPolicy(options.policyScope, `ScrapePolicy-${target.peer.namespace}-${target.peer.name}`, {
    metadata: { name: `allow-${target.peer.name}-from-prometheus`, namespace: target.peer.namespace, labels },
    spec: {
      podSelector: { matchLabels: { ...target.peer.podLabels } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [peerSelector(target.peer.namespace, prometheusPeer(ctx))],
          ports: [...target.ports].sort((a, b) => a - b).map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' })),
        },
      ],
    },
  });
}
