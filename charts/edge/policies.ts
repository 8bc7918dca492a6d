/**
 * The NetworkPolicies of the edge namespace, where Envoy Gateway's controller and every
 * Gateway's proxies run, under its default-deny: clients reach each Gateway's proxies on its
 * listener ports only; the proxies reach each routed backend on its port only and the
 * controller's xDS port; the controller (and its certgen Job) reach only the API server;
 * Prometheus scrapes both (scrape targets: a PodMonitor and a policy each, Prometheus's egress
 * follows). Nothing else: no pod of the namespace talks to another by default.
 */
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyEgressRule } from '../../imports/k8s';
import { onPhase, Phase } from '../../lib/phases';
import { INTERNET_INGRESS_REASON, peerSelector, policyPorts } from '../../lib/network/network-policy';
import type { ClusterContext, PlatformChart } from '../context';
import { ENVOY_GATEWAY_METRICS_PORT, ENVOY_GATEWAY_XDS_PORT } from '../operators/envoy-gateway';
import { addScrapeTarget } from '../monitoring/targets';
import { apiServerPeer, EDGE_PROXY_LABELS, edgeControllerPeer } from '../peers';
import type { EdgeGateway } from './gateway';
import { ENVOY_METRICS_PORT, proxyContainerPort } from './model';

const tcp = (...ports: number[]) => ports.map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' }));

/** The labels of the certgen Job's pod (gateway-helm `templates/certgen.yaml`), which writes the xDS mTLS Secrets. */
const CERTGEN_LABELS = { app: 'certgen' } as const;

/** Adds the edge namespace's policies to `chart` once every Gateway and route of the cluster is declared. */
export function addEdgePolicies(ctx: ClusterContext, chart: PlatformChart, gateways: () => readonly EdgeGateway[]): void {
  const ns = ctx.platform.namespaces.ingress;
  const labels = ctx.labels();
  const policy = (namespace: string, name: string, spec: object, annotations?: Record<string, string>) =>
    new KubeNetworkPolicy(chart, `policy-${namespace}-${name}`, { metadata: { name, namespace, labels, annotations }, spec: spec as never });
  const controller = edgeControllerPeer(ctx);
  const proxies = { name: 'envoy-proxies', namespace: ns, podLabels: { ...EDGE_PROXY_LABELS } };
  const apiServer = { ipBlock: { cidr: apiServerPeer(ctx).cidr } };

  policy(ns, 'allow-envoy-gateway', {
    podSelector: { matchLabels: { ...controller.podLabels } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      // every proxy holds one xDS stream to the controller (mTLS, certificates from certgen)
      { from: [{ podSelector: { matchLabels: proxies.podLabels } }], ports: tcp(ENVOY_GATEWAY_XDS_PORT) },
    ],
    // it watches the Gateway API objects and manages the proxies' Deployments and Services; no webhook calls it back
    egress: [{ to: [apiServer], ports: tcp(443) }],
  });
  policy(ns, 'allow-certgen-to-kube-apiserver', {
    podSelector: { matchLabels: { ...CERTGEN_LABELS } },
    policyTypes: ['Egress'],
    egress: [{ to: [apiServer], ports: tcp(443) }],
  });
  policy(ns, 'allow-envoy-proxies', {
    podSelector: { matchLabels: proxies.podLabels },
    policyTypes: ['Egress'],
    egress: [{ to: [peerSelector(ns, controller)], ports: tcp(ENVOY_GATEWAY_XDS_PORT) }],
  });
  // neither the controller's Service nor the proxies' pods are rendered here (the chart and Envoy
  // Gateway create them), and the proxies' Services expose only listener ports: PodMonitors, then
  addScrapeTarget(ctx, { peer: controller, portName: 'metrics', ports: [ENVOY_GATEWAY_METRICS_PORT] }, chart, { policyScope: chart });
  addScrapeTarget(ctx, { peer: proxies, portName: 'metrics', ports: [ENVOY_METRICS_PORT], path: '/stats/prometheus' }, chart, { policyScope: chart });

  onPhase(chart, Phase.COLLECT, () => {
    for (const gw of gateways()) {
      const own = { matchLabels: { ...gw.peer.podLabels } };
      policy(
        ns,
        `allow-${gw.peer.name}-from-clients`,
        {
          podSelector: own,
          policyTypes: ['Ingress'],
          // from anywhere: the Azure load balancer keeps client addresses (externalTrafficPolicy Local); Envoy listens on the shifted ports
          ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: tcp(...gw.ports.map(proxyContainerPort)) }],
        },
        {
          [INTERNET_INGRESS_REASON]: `the public endpoint of Gateway ${gw.namespace}/${gw.name}: its Azure load balancer on ports ${gw.ports.join(', ')}, for any client`,
        },
      );
      const backends: NetworkPolicyEgressRule[] = ctx
        .services()
        .map((svc) => ({ peer: svc.peer, ports: [...svc.admittedPorts(gw.peer)] }))
        .filter((b) => b.ports.length > 0)
        .map((b) => ({ to: [peerSelector(ns, b.peer)], ports: policyPorts(b.ports) }));
      const egress = [...backends, ...gw.egress.map((e) => ({ to: [e.to], ports: policyPorts(e.ports) }))];
      if (egress.length === 0) continue;
      policy(ns, `allow-${gw.peer.name}-to-backends`, { podSelector: own, policyTypes: ['Egress'], egress });
    }
  });
}
