/**
 * The NetworkPolicies of the stack's operator namespaces under their default-deny
 * (docs/stack.md#network), beside the other operators' in the `namespaces` folder: every pod
 * reaches the API server at its one address; the webhooks the API server calls (Crossplane's
 * validation, every provider's CRD conversion, Kyverno's admission and cleanup) admit only its
 * callers; only the pods that call Azure or a package registry reach the internet, on 443; and
 * Prometheus reaches every metrics port of the stack, the Ray cluster's and Temporal's included.
 */
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyPeer } from '../../imports/k8s';
import { cidrPeerAnnotations, peerSelector } from '../../lib/network/network-policy';
import { RAY_METRICS_PORT } from '../../lib/ray/ray-cluster';
import type { ClusterContext, PlatformChart } from '../context';
import { apiServerCallers } from '../operators/policies';
import { PROMETHEUS_POD_LABELS } from '../operators/prometheus';
import { apiServerPeer, internetPeer, prometheusPeer } from '../peers';
import { CROSSPLANE_POD_LABELS, CROSSPLANE_PORTS, PACKAGE_POD_LABELS } from './crossplane';
import { AI_RAY_CLUSTER, KUBERAY_OPERATOR } from './kuberay';
import { KYVERNO_POD_LABELS, KYVERNO_PORTS } from './kyverno';
import { TEMPORAL_METRICS } from './temporal';

const tcp = (...ports: number[]) => ports.map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' }));

/** What Prometheus scrapes: pods of a namespace and their metrics port. */
interface ScrapeTarget {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly port: number;
  /** Whether the target's own ingress is rendered here (the operators'), or by its construct (Ray, Temporal). */
  readonly ingressHere: boolean;
  /** Names the ingress policy when a namespace has several targets. @default none */
  readonly name?: string;
}

/** Whether the cluster runs the stack: a MATIH cluster (infrastructure-service, tenants and the AI workloads live there). */
export function runsStack(ctx: ClusterContext): boolean {
  return ctx.runs('matih');
}

/** Adds the stack's operator policies and Prometheus's egress to the stack to `chart` (the cluster's namespaces folder). */
export function addStackPolicies(ctx: ClusterContext, chart: PlatformChart): void {
  const labels = ctx.labels();
  const policy = (namespace: string, name: string, spec: object, annotations?: Record<string, string>) =>
    new KubeNetworkPolicy(chart, `${namespace}-${name}`, { metadata: { name, namespace, labels, annotations }, spec: spec as never });
  const ops = ctx.platform.operatorNamespaces;
  const ns = ctx.platform.namespaces;
  const ray = ctx.platform.stack.ray.enabled;
  const apiServer = { ipBlock: { cidr: apiServerPeer(ctx).cidr } };
  const toInternet = (podLabels: Readonly<Record<string, string>>, reason: string) => {
    const peer = internetPeer(ctx, 'internet', reason);
    const to: NetworkPolicyPeer = { ipBlock: { cidr: peer.cidr, except: [...(peer.except ?? [])] } };
    return [
      { podSelector: { matchLabels: { ...podLabels } }, policyTypes: ['Egress'], egress: [{ to: [to], ports: tcp(443) }] },
      cidrPeerAnnotations(peer),
    ] as const;
  };

  for (const namespace of [ops.crossplane, ops.kyverno, ...(ray ? [ops.kuberay] : [])]) {
    policy(namespace, 'allow-kube-apiserver-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [apiServer], ports: tcp(443) }] });
  }
  // Crossplane validates its own kinds and guards in-use objects; every provider converts its CRDs' versions
  for (const [name, selector] of [
    ['core', CROSSPLANE_POD_LABELS.core],
    ['packages', PACKAGE_POD_LABELS],
  ] as const) {
    policy(ops.crossplane, `allow-${name}-webhook-from-apiserver`, {
      podSelector: { matchLabels: { ...selector } },
      policyTypes: ['Ingress'],
      ingress: [{ from: apiServerCallers(ctx), ports: tcp(CROSSPLANE_PORTS.webhook) }],
    });
  }
  policy(
    ops.crossplane,
    'allow-core-to-registries',
    ...toInternet(
      CROSSPLANE_POD_LABELS.core,
      'the provider packages (xpkg.crossplane.io and the registries behind it), which Crossplane pulls itself, over HTTPS',
    ),
  );
  policy(
    ops.crossplane,
    'allow-packages-to-azure',
    ...toInternet(
      PACKAGE_POD_LABELS,
      'Azure Resource Manager and Entra ID (Workload Identity), which the providers call for tenant infrastructure, over HTTPS',
    ),
  );
  policy(ops.kyverno, 'allow-webhooks-from-apiserver', {
    podSelector: {
      matchLabels: { ...KYVERNO_POD_LABELS },
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['admission-controller', 'cleanup-controller'] }],
    },
    policyTypes: ['Ingress'],
    ingress: [{ from: apiServerCallers(ctx), ports: tcp(KYVERNO_PORTS.webhook) }],
  });

  const targets: ScrapeTarget[] = [
    { namespace: ops.crossplane, podLabels: CROSSPLANE_POD_LABELS.chart, port: CROSSPLANE_PORTS.metrics, ingressHere: true, name: 'crossplane' },
    { namespace: ops.crossplane, podLabels: PACKAGE_POD_LABELS, port: CROSSPLANE_PORTS.metrics, ingressHere: true, name: 'packages' },
    { namespace: ops.kyverno, podLabels: KYVERNO_POD_LABELS, port: KYVERNO_PORTS.metrics, ingressHere: true },
    { namespace: ns.temporal, podLabels: TEMPORAL_METRICS.podLabels, port: TEMPORAL_METRICS.port, ingressHere: false },
    ...(ray
      ? [
          { namespace: ops.kuberay, podLabels: KUBERAY_OPERATOR.podLabels, port: KUBERAY_OPERATOR.metricsPort, ingressHere: true },
          { namespace: ns.ray, podLabels: { 'ray.io/cluster': AI_RAY_CLUSTER }, port: RAY_METRICS_PORT, ingressHere: false },
        ]
      : []),
  ];
  const prometheus = prometheusPeer(ctx);
  for (const t of targets.filter((t) => t.ingressHere)) {
    policy(t.namespace, t.name ? `allow-${t.name}-metrics-from-prometheus` : 'allow-metrics-from-prometheus', {
      podSelector: { matchLabels: { ...t.podLabels } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [peerSelector(t.namespace, prometheus)], ports: tcp(t.port) }],
    });
  }
  policy(ns.monitoring, 'allow-prometheus-to-stack', {
    podSelector: { matchLabels: PROMETHEUS_POD_LABELS },
    policyTypes: ['Egress'],
    egress: targets.map((t) => ({
      to: [peerSelector(ns.monitoring, { name: t.namespace, namespace: t.namespace, podLabels: t.podLabels })],
      ports: tcp(t.port),
    })),
  });
}
