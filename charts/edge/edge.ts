/**
 * The edge of a cluster (docs/edge.md): the `edge` folder, in the edge namespace. The
 * GatewayClass of Envoy Gateway, the shared Gateway `platform` with its proxies' EnvoyProxy,
 * one HTTPS listener and certificate per host routed through it (registered by the charts
 * that route, see `routes.ts`), the namespace's NetworkPolicies and PodMonitors, and the
 * quota that admits exactly the load balancers of the cluster's Gateways.
 */
import { GatewayClass } from '../../imports/gwapi-gatewayclasses-gateway.networking.k8s.io';
import { KubeResourceQuota, Quantity } from '../../imports/k8s';
import { onPhase, Phase } from '../../lib/phases';
import type { ClusterContext, PlatformChart } from '../context';
import { edgeProxyPeer } from '../peers';
import { EdgeGateway, type EdgeGatewayProps } from './gateway';
import { ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_GROUP, GATEWAY_CLASS, PLATFORM_EDGE_PEER, PLATFORM_GATEWAY, PLATFORM_PROXY } from './model';
import { addEdgePolicies } from './policies';
import { addEnvoyProxy } from './proxy';

/** The folder of the edge, and the sync wave it lands in (with the issuers and secret stores, after the operators and CRDs). */
export const EDGE_FOLDER = 'edge';
/** The ResourceQuota of the edge namespace: its LoadBalancer Services are the Gateways'. */
const EDGE_QUOTA = 'edge-load-balancers';

/** The edge of one cluster: its folder and its Gateways, the shared one first. */
export class Edge {
  public readonly platform: EdgeGateway;
  private readonly all: EdgeGateway[] = [];

  constructor(
    public readonly ctx: ClusterContext,
    public readonly chart: PlatformChart,
  ) {
    this.platform = this.addGateway(chart, {
      name: PLATFORM_GATEWAY,
      namespace: ctx.platform.namespaces.ingress,
      peer: edgeProxyPeer(ctx, { namespace: ctx.platform.namespaces.ingress, name: PLATFORM_GATEWAY }, PLATFORM_EDGE_PEER),
    });
  }

  /** Every Gateway of the cluster: each gets a LoadBalancer Service and proxies in the edge namespace. */
  public get gateways(): readonly EdgeGateway[] {
    return this.all;
  }

  /** Adds a Gateway rendered in `chart` (a tenant's folder for its own entry). */
  public addGateway(chart: PlatformChart, props: EdgeGatewayProps): EdgeGateway {
    const gw = new EdgeGateway(chart, props);
    this.all.push(gw);
    return gw;
  }
}

const edges = new WeakMap<ClusterContext, Edge>();

/** The cluster's edge. @throws when the cluster has none (charts/edge/model.ts `hasEdge`) */
export function edgeOf(ctx: ClusterContext): Edge {
  const edge = edges.get(ctx);
  if (!edge) throw new Error(`cluster ${ctx.name} has no edge: only a cluster that runs matih or ai-platform serves hosts`);
  return edge;
}

/** Adds the `edge` folder to a cluster; the systems' charts then route their hosts through it. */
export function addEdge(ctx: ClusterContext): Edge {
  const ns = ctx.platform.namespaces.ingress;
  const chart = ctx.chart(EDGE_FOLDER, ns);
  new GatewayClass(chart, 'gatewayclass', {
    metadata: { name: GATEWAY_CLASS, labels: ctx.labels() },
    spec: {
      controllerName: ENVOY_GATEWAY_CONTROLLER,
      description: 'Envoy Gateway v1.3.3, the edge of the platform (docs/edge.md)',
      parametersRef: { group: ENVOY_GATEWAY_GROUP, kind: 'EnvoyProxy', name: PLATFORM_PROXY, namespace: ns },
    },
  });
  addEnvoyProxy(chart, { name: PLATFORM_PROXY, namespace: ns, replicas: ctx.env.name === 'prod' ? 3 : 2, pool: ctx.pool('system', 'the edge proxies') });
  const edge = new Edge(ctx, chart);
  edges.set(ctx, edge);
  addEdgePolicies(ctx, chart, () => edge.gateways);
  onPhase(chart, Phase.DECLARE, () => {
    for (const gw of edge.gateways) {
      if (gw.httpsListeners.length === 0) throw new Error(`cluster ${ctx.name}: Gateway ${gw.namespace}/${gw.name} serves no host over HTTPS`);
    }
    // Envoy Gateway v1.3 creates every Gateway's LoadBalancer Service here, the tenants' too;
    // without node ports (allocateLoadBalancerNodePorts: false), so the quota needs none
    new KubeResourceQuota(chart, 'quota', {
      metadata: { name: EDGE_QUOTA, namespace: ns, labels: ctx.labels() },
      spec: { hard: { 'services.loadbalancers': Quantity.fromNumber(edge.gateways.length), 'services.nodeports': Quantity.fromNumber(0) } },
    });
  });
  return edge;
}
