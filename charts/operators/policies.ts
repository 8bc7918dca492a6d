/**
 * The NetworkPolicies of the operators' namespaces under their default-deny. Each
 * namespace's own pods may talk to each other (a chart's controller, webhook, cainjector);
 * every operator watches the API server, at its one address; only the pods that call Azure
 * or ACME reach the internet, on 443; admission webhooks admit the API server's callers on
 * their port only; the edge and Prometheus reach exactly what the services admit them on.
 */
import { IntOrString, KubeNetworkPolicy, NetworkPolicyPeer } from '../../imports/k8s';
import { onPhase, Phase } from '../../lib/phases';
import { cidrPeerAnnotations, INTERNET_INGRESS_REASON, peerSelector, policyPorts } from '../../lib/network/network-policy';
import type { ClusterContext, PlatformChart } from '../context';
import { apiServerPeer, ingressControllerPeer, internetPeer, prometheusPeer } from '../peers';
import { INGRESS_NGINX_POD_PORTS } from './ingress-nginx';
import { scrapeTargets } from '../monitoring/targets';
import { NODE_EXPORTER_PORT, PROMETHEUS_POD_LABELS } from './prometheus';

/** ingress-nginx's metrics port. */
const INGRESS_NGINX_METRICS_PORT = 10254;
const tcp = (...ports: number[]) => ports.map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' }));

/** Where the API server's calls to admission and conversion webhooks come from. */
export function apiServerCallers(ctx: ClusterContext): NetworkPolicyPeer[] {
  // through AKS's konnectivity agents, pods in kube-system; with API Server VNet
  // Integration, from the API server's own address
  return [
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { app: 'konnectivity-agent' } } },
    { ipBlock: { cidr: apiServerPeer(ctx).cidr } },
  ];
}

/**
 * Adds the operators' policies to `chart` (the cluster's namespaces folder), and, once every
 * flow is declared, the edge's and Prometheus's egress to what the services admit them on.
 * `tenantNamespaces` selects the tenant namespaces the edge forwards to. @default none
 */
export function addOperatorPolicies(ctx: ClusterContext, chart: PlatformChart, tenantNamespaces?: Readonly<Record<string, string>>): void {
  const labels = ctx.labels();
  const policy = (namespace: string, name: string, spec: object, annotations?: Record<string, string>) =>
    new KubeNetworkPolicy(chart, `${namespace}-${name}`, { metadata: { name, namespace, labels, annotations }, spec: spec as never });
  const ops = ctx.platform.operatorNamespaces;
  const ns = ctx.platform.namespaces;
  const apiServer = { ipBlock: { cidr: apiServerPeer(ctx).cidr } };
  const toInternet = (name: string, reason: string): { egress: object[]; annotations: Record<string, string> } => {
    const peer = internetPeer(ctx, name, reason);
    const internet: NetworkPolicyPeer = { ipBlock: { cidr: peer.cidr, except: [...(peer.except ?? [])] } };
    return { egress: [{ to: [internet], ports: tcp(443) }], annotations: cidrPeerAnnotations(peer) ?? {} };
  };

  const namespaces = [ops.certManager, ops.externalSecrets, ...(ctx.runs('matih') ? [ops.strimzi] : []), ns.ingress, ns.monitoring];
  for (const namespace of namespaces) {
    policy(namespace, 'allow-same-namespace', {
      podSelector: {}, policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }],
    });
    policy(namespace, 'allow-kube-apiserver-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [apiServer], ports: tcp(443) }] });
  }
  // the controllers that call Azure (Entra ID, Azure DNS, Key Vault) and Let's Encrypt; nothing else reaches the internet
  const certManager = toInternet('azure', 'ACME (Let\'s Encrypt), Azure DNS for DNS-01 and Entra ID (Workload Identity), over HTTPS');
  policy(ops.certManager, 'allow-controller-to-azure', {
    podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'cert-manager' } },
    policyTypes: ['Egress'], egress: certManager.egress,
  }, certManager.annotations);
  const externalSecrets = toInternet('azure', 'Azure Key Vault and Entra ID (Workload Identity), over HTTPS');
  policy(ops.externalSecrets, 'allow-controller-to-azure', {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'external-secrets' } },
    policyTypes: ['Egress'], egress: externalSecrets.egress,
  }, externalSecrets.annotations);
  const webhooks: Array<[string, Record<string, string>, number]> = [
    [ops.certManager, { 'app.kubernetes.io/component': 'webhook', 'app.kubernetes.io/name': 'webhook' }, 10250],
    [ops.externalSecrets, { 'app.kubernetes.io/name': 'external-secrets-webhook' }, 10250],
    [ns.monitoring, { app: 'kube-prometheus-stack-operator' }, 10250],
  ];
  for (const [namespace, selector, port] of webhooks) {
    policy(namespace, namespace === ns.monitoring ? 'allow-operator-webhook-from-apiserver' : 'allow-webhook-from-apiserver', {
      podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: [{ from: apiServerCallers(ctx), ports: tcp(port) }],
    });
  }
  if (ctx.runs('matih')) {
    // Strimzi's operator manages the brokers and controllers: KRaft (9090), replication (9091)
    // and the KafkaAgent it polls during rolls (8443)
    const kafkaPods = peerSelector(ops.strimzi, { name: 'kafka', namespace: ns.kafka, podLabels: { 'strimzi.io/cluster': ctx.platform.kafka.clusterName } });
    policy(ops.strimzi, 'allow-strimzi-to-kafka', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [kafkaPods], ports: tcp(8443, 9090, 9091) }] });
  }

  const controller = ingressControllerPeer(ctx);
  const prometheus = prometheusPeer(ctx);
  policy(ns.ingress, 'allow-clients-to-controller', {
    podSelector: { matchLabels: { ...controller.podLabels } }, policyTypes: ['Ingress'],
    ingress: [
      // the LoadBalancer's 80 and 443 land on the controller's unprivileged pod ports
      { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: tcp(INGRESS_NGINX_POD_PORTS.http, INGRESS_NGINX_POD_PORTS.https) },
      // the admission webhook that validates Ingresses
      { from: apiServerCallers(ctx), ports: tcp(8443) },
      { from: [peerSelector(ns.ingress, prometheus)], ports: tcp(INGRESS_NGINX_METRICS_PORT) },
    ],
  }, { [INTERNET_INGRESS_REASON]: 'the platform\'s public endpoint: its LoadBalancer on 80 and 443' });
  onPhase(chart, Phase.COLLECT, () => {
    const admitting = (peer: typeof controller) => ctx.services()
      .map((svc) => ({ peer: svc.peer, ports: [...svc.admittedPorts(peer)] }))
      .filter((b) => b.ports.length > 0);
    policy(ns.ingress, 'allow-controller-to-backends', {
      podSelector: { matchLabels: { ...controller.podLabels } }, policyTypes: ['Egress'],
      egress: [
        ...admitting(controller).map((b) => ({ to: [peerSelector(ns.ingress, b.peer)], ports: policyPorts(b.ports) })),
        ...(tenantNamespaces ? [{ to: [{ namespaceSelector: { matchLabels: { ...tenantNamespaces } } }], ports: tcp(ctx.platform.tenantAppPort) }] : []),
      ],
    });
    // Prometheus scrapes the services that expose metrics, the edge, the other targets'
    // pods (Strimzi, the operators, Argo CD), and on the nodes, whose addresses are in the
    // VNet range, the kubelets (cAdvisor) and node-exporter (host network)
    policy(ns.monitoring, 'allow-prometheus-to-targets', {
      podSelector: { matchLabels: PROMETHEUS_POD_LABELS }, policyTypes: ['Egress'],
      egress: [
        ...admitting(prometheus).map((t) => ({ to: [peerSelector(ns.monitoring, t.peer)], ports: policyPorts(t.ports) })),
        { to: [peerSelector(ns.monitoring, controller)], ports: tcp(INGRESS_NGINX_METRICS_PORT) },
        ...scrapeTargets(ctx).map((t) => ({ to: [peerSelector(ns.monitoring, t.peer)], ports: tcp(...t.ports) })),
        { to: [{ ipBlock: { cidr: ctx.terraform.vnetCidr } }], ports: tcp(NODE_EXPORTER_PORT, 10250) },
      ],
    });
  });
}

/** Has Prometheus scrape every service of the cluster that exposes metrics, once all are declared. */
export function addScraping(ctx: ClusterContext, chart: PlatformChart): void {
  onPhase(chart, Phase.DECLARE, () => {
    const prometheus = prometheusPeer(ctx);
    for (const svc of ctx.services()) if (svc.metrics) svc.allowIngressFrom(prometheus, [svc.metrics.port]);
  });
}
