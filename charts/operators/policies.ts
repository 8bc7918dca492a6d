/**
 * The NetworkPolicies of the operators' namespaces under their default-deny. Each
 * namespace's own pods may talk to each other (a chart's controller, webhook, cainjector);
 * every operator watches the API server, at its one address; only the pods that call Azure
 * or ACME reach the internet, on 443; admission webhooks admit the API server's callers on
 * their port only; Prometheus reaches exactly what the services admit it on. The edge
 * namespace has policies of its own (charts/edge/policies.ts).
 */
import { IntOrString, KubeNetworkPolicy, NetworkPolicyPeer } from '../../imports/k8s';
import { onPhase, Phase } from '../../lib/phases';
import { cidrPeerAnnotations, peerSelector, policyPorts } from '../../lib/network/network-policy';
import type { ClusterContext, PlatformChart } from '../context';
import { apiServerPeer, internetPeer, prometheusPeer } from '../peers';
import { scrapeTargets } from '../monitoring/targets';
import { NODE_EXPORTER_PORT, PROMETHEUS_POD_LABELS } from './prometheus';

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
 * flow is declared, Prometheus's egress to what the services admit it on.
 */
export function addOperatorPolicies(ctx: ClusterContext, chart: PlatformChart): void {
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

  const namespaces = [ops.certManager, ops.externalSecrets, ...(ctx.runs('matih') ? [ops.strimzi] : []), ns.monitoring];
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

  const prometheus = prometheusPeer(ctx);
  onPhase(chart, Phase.COLLECT, () => {
    const admitting = ctx.services()
      .map((svc) => ({ peer: svc.peer, ports: [...svc.admittedPorts(prometheus)] }))
      .filter((b) => b.ports.length > 0);
    // Prometheus scrapes the services that expose metrics, the other targets' pods (Strimzi,
    // the operators, Argo CD), and on the nodes, whose addresses are in the VNet range, the
    // kubelets (cAdvisor) and node-exporter (host network); the edge admits it by a policy of its own
    policy(ns.monitoring, 'allow-prometheus-to-targets', {
      podSelector: { matchLabels: PROMETHEUS_POD_LABELS }, policyTypes: ['Egress'],
      egress: [
        ...admitting.map((t) => ({ to: [peerSelector(ns.monitoring, t.peer)], ports: policyPorts(t.ports) })),
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
