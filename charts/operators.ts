/**
 * The operators, from their upstream Helm charts at the versions of the CRDs in
 * imports/crds (see imports/SOURCES.md), as Argo CD Applications with typed values; and the NetworkPolicies
 * their namespaces need under default-deny.
 */
import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, NetworkPolicyPeer } from '../imports/k8s';
import type { Environment, HelmChartRef, PlatformConfig } from '../config';
import { Application } from '../imports/argocd-application-argoproj.io';
import { NetworkPeer, peerSelector, PeerPort, policyPorts } from '../lib/network-policy';
import { AKS_AGENT_POOL_LABEL } from '../lib/node-pool';
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL } from '../lib/service-workload';
import { PLATFORM_TLS_SECRET } from './certificates';
import { INGRESS_NGINX_POD_PORTS, RestrictedIngressNginxValues, restrictedControllerValues } from './ingress-nginx';
import { azurePeer } from './peers';
import { MANAGED_BY, operatorProjectName } from './platform-chart';
import { TENANT_NAMESPACE_LABEL } from './tenants';

/** Values of the cert-manager chart that the platform sets. */
export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  /** leader election in its own namespace, not kube-system (outside the project's destinations) */
  readonly global: { readonly leaderElection: { readonly namespace: string } };
  readonly serviceAccount: { readonly annotations: Record<string, string> };
  readonly podLabels: Record<string, string>;
  readonly extraArgs: readonly string[];
  readonly nodeSelector: Record<string, string>;
}

/** Values of the external-secrets chart that the platform sets. */
export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly serviceAccount: { readonly name: string; readonly annotations: Record<string, string> };
  readonly podLabels: Record<string, string>;
  readonly nodeSelector: Record<string, string>;
}

/** Values of the strimzi-kafka-operator chart that the platform sets. */
export interface StrimziValues {
  /** the operator pod within Pod Security `restricted` (the chart sets no security context by default) */
  readonly podSecurityContext: { readonly runAsNonRoot: true; readonly seccompProfile: { readonly type: 'RuntimeDefault' } };
  readonly securityContext: {
    readonly allowPrivilegeEscalation: false;
    readonly capabilities: { readonly drop: readonly string[] };
    readonly readOnlyRootFilesystem: true;
    readonly runAsNonRoot: true;
  };
  readonly watchNamespaces: readonly string[];
  readonly watchAnyNamespace: boolean;
  readonly extraEnvs: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly nodeSelector: Record<string, string>;
}

/** Values of the ingress-nginx chart for the platform controller. */
export interface IngressNginxValues {
  readonly controller: RestrictedIngressNginxValues & {
    readonly ingressClassResource: { readonly name: string; readonly default: boolean; readonly controllerValue: string };
    readonly replicaCount: number;
    readonly service: { readonly type: 'LoadBalancer'; readonly externalTrafficPolicy: 'Local' };
    readonly metrics: { readonly enabled: boolean; readonly serviceMonitor: { readonly enabled: boolean } };
    readonly nodeSelector: Record<string, string>;
  };
}

/** Values of kube-prometheus-stack that the platform sets. */
export interface KubePrometheusStackValues {
  readonly prometheus: {
    readonly prometheusSpec: {
      /** select every ServiceMonitor, not only the chart's own */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly retention: string;
      readonly nodeSelector: Record<string, string>;
    };
  };
  /** node-exporter needs hostNetwork and hostPID, which `restricted` forbids; AKS node metrics come from Azure Monitor */
  readonly nodeExporter: { readonly enabled: boolean };
  /** AKS runs these control-plane components out of reach; their Services would land in kube-system */
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly coreDns: { readonly enabled: boolean };
  readonly prometheusOperator: { readonly nodeSelector: Record<string, string> };
}

/** Labels the Prometheus Operator puts on every Prometheus pod. */
const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus' };
/** ingress-nginx's metrics port. */
const INGRESS_NGINX_METRICS_PORT = 10254;

const SYSTEM_POOL = (cfg: PlatformConfig) => ({ [AKS_AGENT_POOL_LABEL]: cfg.nodePools.system.name });

/** One Application per operator chart; returns their folder-less names for the project. */
export function addOperatorApplications(scope: Construct, env: Environment, wave: number): HelmChartRef[] {
  const cfg = env.config;
  const tf = env.terraform;
  const ns = cfg.namespaces;
  const ops = cfg.operatorNamespaces;
  const system = SYSTEM_POOL(cfg);
  const wi = (workload: string) => ({ [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: tf.workloadIdentityClientIds[workload] });
  const useWi = { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' };

  const certManager: CertManagerValues = {
    crds: { enabled: true, keep: true },
    global: { leaderElection: { namespace: ops.certManager } },
    serviceAccount: { annotations: wi('cert-manager') },
    podLabels: useWi,
    // DNS-01 self-checks go through CoreDNS, so cert-manager needs no DNS egress to the internet
    extraArgs: ['--dns01-recursive-nameservers-only', `--dns01-recursive-nameservers=${cfg.network.dnsServiceIp}:53`],
    nodeSelector: system,
  };
  const externalSecrets: ExternalSecretsValues = {
    installCRDs: true,
    serviceAccount: { name: 'external-secrets', annotations: wi('external-secrets') },
    podLabels: useWi,
    nodeSelector: system,
  };
  const strimzi: StrimziValues = {
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
    watchNamespaces: [ns.kafka],
    watchAnyNamespace: false,
    extraEnvs: [
      // Strimzi's pods get the Pod Security `restricted` security contexts
      { name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' },
      // its generated NetworkPolicies admit the operator from its own namespace only
      { name: 'STRIMZI_OPERATOR_NAMESPACE_LABELS', value: `kubernetes.io/metadata.name=${ops.strimzi}` },
    ],
    nodeSelector: system,
  };
  const ingressNginx: IngressNginxValues = {
    controller: {
      ingressClassResource: { name: 'nginx', default: true, controllerValue: 'k8s.io/ingress-nginx' },
      replicaCount: cfg.environment === 'prod' ? 3 : 2,
      service: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
      nodeSelector: system,
      // the platform certificate serves every Ingress of the API host
      ...restrictedControllerValues({ 'default-ssl-certificate': `${ns.ingress}/${PLATFORM_TLS_SECRET}` }, true),
    },
  };
  const prometheus: KubePrometheusStackValues = {
    prometheus: {
      prometheusSpec: {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        retention: cfg.environment === 'prod' ? '30d' : '7d',
        nodeSelector: system,
      },
    },
    nodeExporter: { enabled: false },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    coreDns: { enabled: false },
    prometheusOperator: { nodeSelector: system },
  };

  const charts = cfg.operatorCharts;
  const apps: Array<[string, HelmChartRef, string, string, object]> = [
    ['cert-manager', charts.certManager, ops.certManager, 'cert-manager', certManager],
    ['external-secrets', charts.externalSecrets, ops.externalSecrets, 'external-secrets', externalSecrets],
    ['strimzi', charts.strimzi, ops.strimzi, 'strimzi', strimzi],
    ['ingress-nginx', charts.ingressNginx, ns.ingress, 'ingress-nginx', ingressNginx],
    ['kube-prometheus-stack', charts.kubePrometheusStack, ns.monitoring, 'kube-prometheus-stack', prometheus],
  ];
  for (const [name, chart, namespace, release, values] of apps) {
    new Application(scope, `operator-${name}`, {
      metadata: {
        name: `${cfg.environment}-${name}`,
        namespace: ops.argocd,
        labels: { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': cfg.partOf },
        annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: operatorProjectName(cfg.environment),
        source: { repoUrl: chart.repoURL, chart: chart.chart, targetRevision: chart.version, helm: { releaseName: release, valuesObject: values } },
        destination: { server: 'https://kubernetes.default.svc', namespace },
        syncPolicy: {
          ...(cfg.gitops.automated ? { automated: { prune: true, selfHeal: true } } : {}),
          // CRDs are too large for the client-side last-applied annotation
          syncOptions: ['ServerSideApply=true'],
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
  }
  return apps.map(([, chart]) => chart);
}

/** Flows the operators and platform components need inside their default-deny namespaces. */
export interface OperatorFlows {
  /** Backends the platform ingress controller forwards to. */
  readonly ingressBackends: ReadonlyArray<{ readonly peer: NetworkPeer; readonly ports: readonly PeerPort[] }>;
  /** Scrape targets of Prometheus. */
  readonly scrapeTargets: ReadonlyArray<{ readonly peer: NetworkPeer; readonly ports: readonly PeerPort[] }>;
}

/**
 * NetworkPolicies of the operator namespaces. Each namespace's own pods may talk to each
 * other (the chart's components: controller, webhook, cainjector, ...); the Kubernetes
 * API server and admission webhooks are reached across the AKS tunnel from addresses
 * outside the pod and service ranges, so those rules use an ipBlock on the one port.
 */
export function addOperatorPolicies(scope: Construct, cfg: PlatformConfig, flows: OperatorFlows): void {
  const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': cfg.partOf };
  const outside = azurePeer(cfg, 'outside');
  const outsideBlock: NetworkPolicyPeer = { ipBlock: { cidr: outside.cidr, except: [...(outside.except ?? [])] } };
  const tcp = (...ports: number[]) => ports.map((port) => ({ port: IntOrString.fromNumber(port), protocol: 'TCP' }));
  const policy = (namespace: string, name: string, spec: object) =>
    new KubeNetworkPolicy(scope, `${namespace}-${name}`, { metadata: { name, namespace, labels }, spec: spec as never });
  const ops = cfg.operatorNamespaces;
  const ns = cfg.namespaces;
  // The API server calls admission webhooks through AKS's konnectivity agents, pods in
  // kube-system with addresses inside the pod range; with API server VNet integration it
  // comes from outside the cluster ranges instead. Webhook ports admit both, nothing else.
  const apiServer: NetworkPolicyPeer[] = [
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { app: 'konnectivity-agent' } } },
    outsideBlock,
  ];

  for (const namespace of [ops.certManager, ops.externalSecrets, ops.strimzi, ns.ingress, ns.monitoring]) {
    policy(namespace, 'allow-same-namespace', {
      podSelector: {}, policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }],
    });
    // every operator watches the API server; on AKS it listens on 443 outside the cluster ranges
    policy(namespace, 'allow-kube-apiserver-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [outsideBlock], ports: tcp(443) }] });
  }
  const webhooks: Array<[string, Record<string, string>, number]> = [
    [ops.certManager, { 'app.kubernetes.io/component': 'webhook', 'app.kubernetes.io/name': 'webhook' }, 10250],
    [ops.externalSecrets, { 'app.kubernetes.io/name': 'external-secrets-webhook' }, 10250],
  ];
  for (const [namespace, labels, port] of webhooks) {
    policy(namespace, 'allow-webhook-from-apiserver', {
      podSelector: { matchLabels: labels }, policyTypes: ['Ingress'],
      ingress: [{ from: apiServer, ports: tcp(port) }],
    });
  }
  // cert-manager: ACME and Azure DNS; External Secrets: Key Vault and Entra ID, all on 443 (covered above)

  // Strimzi's operator manages the brokers and controllers
  const kafkaPods = peerSelector(ops.strimzi, { name: 'kafka', namespace: ns.kafka, podLabels: { 'strimzi.io/cluster': cfg.kafka.clusterName } });
  policy(ops.strimzi, 'allow-strimzi-to-kafka', {
    // KRaft controllers (9090), replication (9091) and the KafkaAgent the operator polls during rolls (8443)
    podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [kafkaPods], ports: tcp(8443, 9090, 9091) }],
  });

  // the platform ingress controller: clients from anywhere on 80 and 443, then the routed backends
  const controller = { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' } };
  policy(ns.ingress, 'allow-clients-to-controller', {
    podSelector: controller, policyTypes: ['Ingress'],
    ingress: [
      // the LoadBalancer's 80 and 443 land on the controller's unprivileged pod ports
      { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: tcp(INGRESS_NGINX_POD_PORTS.http, INGRESS_NGINX_POD_PORTS.https) },
      // the admission webhook that validates Ingresses
      { from: apiServer, ports: tcp(8443) },
      { from: [peerSelector(ns.ingress, { name: 'prometheus', namespace: ns.monitoring, podLabels: PROMETHEUS_POD_LABELS })], ports: tcp(INGRESS_NGINX_METRICS_PORT) },
    ],
  });
  const backends = [
    ...flows.ingressBackends.map((b) => ({ to: [peerSelector(ns.ingress, b.peer)], ports: policyPorts(b.ports) })),
    { to: [{ namespaceSelector: { matchLabels: { ...TENANT_NAMESPACE_LABEL } } }], ports: tcp(cfg.tenantAppPort) },
  ];
  policy(ns.ingress, 'allow-controller-to-backends', { podSelector: controller, policyTypes: ['Egress'], egress: backends });

  // Prometheus scrapes the services that expose metrics, the ingress controller, and the
  // kubelets (cAdvisor) on the nodes, whose addresses are in the VNet range
  policy(ns.monitoring, 'allow-prometheus-to-targets', {
    podSelector: { matchLabels: PROMETHEUS_POD_LABELS }, policyTypes: ['Egress'],
    egress: [
      ...flows.scrapeTargets.map((t) => ({ to: [peerSelector(ns.monitoring, t.peer)], ports: policyPorts(t.ports) })),
      { to: [peerSelector(ns.monitoring, { name: 'ingress-nginx', namespace: ns.ingress, podLabels: controller.matchLabels })], ports: tcp(INGRESS_NGINX_METRICS_PORT) },
      { to: [{ ipBlock: { cidr: cfg.network.clusterCidrs[0] } }], ports: tcp(10250) },
    ],
  });
  policy(ns.monitoring, 'allow-operator-webhook-from-apiserver', {
    podSelector: { matchLabels: { app: 'kube-prometheus-stack-operator' } }, policyTypes: ['Ingress'],
    ingress: [{ from: apiServer, ports: tcp(10250) }],
  });
}
