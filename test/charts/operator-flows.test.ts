import { allowedFlows, PodGroup, podGroups } from '../../tools/flows/network-flows';
import { appWithTenants, clusterObjects, env, tenantsYaml } from '../helpers';

/**
 * Pods that Helm charts, operators and AKS run, with the labels the Helm values and the
 * products promise: the flows to and from them must be allowed by the rendered policies.
 */
/** A NetworkPolicy rule, as these tests read it. */
interface Rule {
  readonly from?: ReadonlyArray<{ readonly ipBlock?: { readonly cidr: string } }>;
  readonly to?: ReadonlyArray<{ readonly ipBlock?: { readonly cidr: string } }>;
  readonly ports: ReadonlyArray<{ readonly port: number }>;
}

const PROXY = { 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway', 'app.kubernetes.io/name': 'envoy' };
const external: PodGroup[] = [
  // Envoy Gateway's controller (gateway-helm v1.3.3 labels and ports) and the proxies it runs for the shared Gateway
  { id: 'matih-ingress/envoy-gateway', namespace: 'matih-ingress', labels: { 'control-plane': 'envoy-gateway', 'app.kubernetes.io/name': 'gateway-helm', 'app.kubernetes.io/instance': 'envoy-gateway' }, ports: [18000, 18001, 18002, 19001].map((port) => ({ port, protocol: 'TCP' })) },
  { id: 'matih-ingress/edge', namespace: 'matih-ingress', labels: { ...PROXY, 'gateway.envoyproxy.io/owning-gateway-name': 'platform', 'gateway.envoyproxy.io/owning-gateway-namespace': 'matih-ingress' }, ports: [10080, 10443, 19001].map((port) => ({ port, protocol: 'TCP' })) },
  { id: 'matih-monitoring/prometheus', namespace: 'matih-monitoring', labels: { 'app.kubernetes.io/name': 'prometheus', prometheus: 'kube-prometheus-stack-prometheus' }, ports: [{ port: 9090, protocol: 'TCP' }] },
  { id: 'kube-system/konnectivity-agent', namespace: 'kube-system', labels: { app: 'konnectivity-agent' }, ports: [] },
  { id: 'cert-manager/webhook', namespace: 'cert-manager', labels: { 'app.kubernetes.io/component': 'webhook', 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/instance': 'cert-manager' }, ports: [{ port: 10250, protocol: 'TCP' }] },
  { id: 'external-secrets/webhook', namespace: 'external-secrets', labels: { 'app.kubernetes.io/name': 'external-secrets-webhook', 'app.kubernetes.io/instance': 'external-secrets' }, ports: [{ port: 10250, protocol: 'TCP' }] },
  { id: 'strimzi-system/cluster-operator', namespace: 'strimzi-system', labels: { name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator' }, ports: [{ port: 8080, protocol: 'TCP' }] },
  { id: 'matih-kafka/broker', namespace: 'matih-kafka', labels: { 'strimzi.io/cluster': 'matih-kafka', 'strimzi.io/broker-role': 'true', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'matih-kafka-kafka' }, ports: [{ port: 8443, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }, { port: 9091, protocol: 'TCP' }, { port: 9093, protocol: 'TCP' }, { port: 9404, protocol: 'TCP' }] },
  { id: 'matih-kafka/entity-operator', namespace: 'matih-kafka', labels: { 'strimzi.io/cluster': 'matih-kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'matih-kafka-entity-operator' }, ports: [{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'TCP' }] },
  { id: 'cert-manager/controller', namespace: 'cert-manager', labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/instance': 'cert-manager' }, ports: [{ port: 9402, protocol: 'TCP' }] },
  { id: 'external-secrets/controller', namespace: 'external-secrets', labels: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/instance': 'external-secrets' }, ports: [{ port: 8080, protocol: 'TCP' }] },
  { id: 'argocd/application-controller', namespace: 'argocd', labels: { 'app.kubernetes.io/name': 'argocd-application-controller' }, ports: [{ port: 8082, protocol: 'TCP' }] },
  // the stack (docs/stack.md): Crossplane's chart pods, a provider's package pod (our runtime config's label), the Ray cluster's pods (KubeRay's labels)
  { id: 'crossplane-system/core', namespace: 'crossplane-system', labels: { app: 'crossplane', 'app.kubernetes.io/part-of': 'crossplane' }, ports: [{ port: 8080, protocol: 'TCP' }, { port: 9443, protocol: 'TCP' }] },
  { id: 'crossplane-system/rbac-manager', namespace: 'crossplane-system', labels: { app: 'crossplane-rbac-manager', 'app.kubernetes.io/part-of': 'crossplane' }, ports: [{ port: 8080, protocol: 'TCP' }] },
  { id: 'crossplane-system/provider', namespace: 'crossplane-system', labels: { 'matih.ai/crossplane-package': 'runtime', 'pkg.crossplane.io/provider': 'provider-family-azure' }, ports: [{ port: 8080, protocol: 'TCP' }, { port: 9443, protocol: 'TCP' }] },
  { id: 'matih-ray/head', namespace: 'matih-ray', labels: { 'ray.io/cluster': 'ai-ray', 'ray.io/node-type': 'head' }, ports: [{ port: 8080, protocol: 'TCP' }, { port: 10001, protocol: 'TCP' }] },
];

/** The container ports the charts and Strimzi give these pods names, as the PodMonitors select them. */
const externalPortNames: Record<string, Record<string, number[]>> = {
  'matih-kafka/broker': { 'tcp-prometheus': [9404] },
  'matih-kafka/entity-operator': { healthcheck: [8080, 8081] },
  'cert-manager/controller': { 'http-metrics': [9402] },
  'external-secrets/controller': { metrics: [8080] },
  'strimzi-system/cluster-operator': { http: [8080] },
  'argocd/application-controller': { metrics: [8082] },
  // gateway-helm v1.3.3 values deployment.ports; Envoy Gateway's proxy container (internal/infrastructure/kubernetes/proxy/resource.go)
  'matih-ingress/envoy-gateway': { metrics: [19001] },
  'matih-ingress/edge': { metrics: [19001] },
  'crossplane-system/core': { metrics: [8080] },
  'crossplane-system/rbac-manager': { metrics: [8080] },
  'crossplane-system/provider': { metrics: [8080] },
  'matih-ray/head': { metrics: [8080] },
};

/** What Strimzi generates for the brokers: the operator on its ports, clients from the tls listener's peers. */
function strimziGenerated(kafka: any): any {
  const tls = kafka.spec.kafka.listeners.find((l: any) => l.name === 'tls');
  return {
    kind: 'NetworkPolicy', metadata: { name: 'matih-kafka-network-policy-kafka', namespace: 'matih-kafka' },
    spec: {
      podSelector: { matchLabels: { 'strimzi.io/cluster': 'matih-kafka', 'strimzi.io/kind': 'Kafka' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'strimzi-system' } }, podSelector: { matchLabels: { 'strimzi.io/kind': 'cluster-operator' } } }], ports: [{ port: 8443 }, { port: 9090 }, { port: 9091 }] },
        { from: tls.networkPolicyPeers, ports: [{ port: 9093 }] },
      ],
    },
  };
}

describe.each(['dev', 'prod'] as const)('flows with the pods that Helm, operators and AKS run, in %s', (name) => {
  const objs = clusterObjects(name);
  const kafka = objs.find((o) => o.kind === 'Kafka');
  const all = [...objs, strimziGenerated(kafka)];
  const pods = [...podGroups(objs), ...external];
  const flows = new Set(allowedFlows(all, pods).map((f) => `${f.from} -> ${f.to} ${f.port}`));
  const workloads = objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  const podOf = (ns: string, selector: Record<string, string>) => workloads.find((w) => w.metadata.namespace === ns
    && Object.entries(selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
  const containerPort = (w: any, port: string | number) => (typeof port === 'number' ? port
    : w.spec.template.spec.containers.flatMap((c: { ports?: unknown[] }) => c.ports ?? []).find((p: any) => p.name === port).containerPort);

  test('the shared Gateway\'s proxies reach every HTTPRoute backend on its pod port, and nothing else', () => {
    const expected = new Set<string>();
    for (const route of objs.filter((o) => o.kind === 'HTTPRoute')) {
      for (const ref of route.spec.rules.flatMap((r: any) => r.backendRefs ?? [])) {
        const svc = objs.find((o) => o.kind === 'Service' && o.metadata.namespace === route.metadata.namespace && o.metadata.name === ref.name);
        const w = podOf(svc.metadata.namespace, svc.spec.selector);
        // a tenant's entry pods are tenant-service's, not rendered here
        if (!w) continue;
        const sp = svc.spec.ports.find((p: any) => p.port === ref.port);
        expected.add(`matih-ingress/edge -> ${w.metadata.namespace}/${w.metadata.name} ${containerPort(w, sp.targetPort)}/TCP`);
      }
    }
    // iam, tenant, config, infrastructure; ai, query-engine, bi, catalog; the two workbenches
    expect(expected.size).toBe(10);
    const edgeFlows = [...flows].filter((f) => f.startsWith('matih-ingress/edge -> ') && !f.startsWith('matih-ingress/edge -> matih-ingress/envoy-gateway '));
    expect(edgeFlows.sort()).toEqual([...expected].sort());
    expect([...flows].filter((f) => f.startsWith('matih-ingress/edge -> matih-ingress/'))).toEqual(['matih-ingress/edge -> matih-ingress/envoy-gateway 18000/TCP']);
  });

  test('Prometheus reaches every ServiceMonitor endpoint and the edge\'s metrics', () => {
    const missing: string[] = [];
    for (const sm of objs.filter((o) => o.kind === 'ServiceMonitor')) {
      const ns = sm.spec.namespaceSelector.matchNames[0];
      const svc = objs.find((o) => o.kind === 'Service' && o.metadata.namespace === ns && Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels[k] === v) && !o.metadata.name.endsWith('-headless'));
      const w = podOf(ns, svc.spec.selector);
      for (const ep of sm.spec.endpoints) {
        const sp = svc.spec.ports.find((p: any) => p.name === ep.port);
        const flow = `matih-monitoring/prometheus -> ${ns}/${w.metadata.name} ${containerPort(w, sp.targetPort)}/TCP`;
        if (!flows.has(flow)) missing.push(flow);
      }
    }
    expect(missing).toEqual([]);
    expect(flows.has('matih-monitoring/prometheus -> matih-ingress/envoy-gateway 19001/TCP')).toBe(true);
    expect(flows.has('matih-monitoring/prometheus -> matih-ingress/edge 19001/TCP')).toBe(true);
  });

  test('the edge\'s controller admits only its proxies (xDS) and Prometheus; no other pod reaches the edge namespace', () => {
    expect([...flows].filter((f) => f.includes('-> matih-ingress/envoy-gateway ')).sort()).toEqual([
      'matih-ingress/edge -> matih-ingress/envoy-gateway 18000/TCP', 'matih-monitoring/prometheus -> matih-ingress/envoy-gateway 19001/TCP',
    ]);
    expect([...flows].filter((f) => f.includes('-> matih-ingress/edge ')).sort()).toEqual(['matih-monitoring/prometheus -> matih-ingress/edge 19001/TCP']);
  });

  test('Prometheus reaches every PodMonitor endpoint on the pods it selects', () => {
    const monitors = objs.filter((o) => o.kind === 'PodMonitor');
    expect(monitors.length).toBeGreaterThanOrEqual(5);
    const missing: string[] = [];
    for (const pm of monitors) {
      const targets = external.filter((g) => pm.spec.namespaceSelector.matchNames.includes(g.namespace)
        && Object.entries(pm.spec.selector.matchLabels).every(([k, v]) => g.labels[k] === v));
      expect(`${pm.metadata.name}: ${targets.length > 0}`).toBe(`${pm.metadata.name}: true`);
      for (const g of targets) {
        for (const ep of pm.spec.podMetricsEndpoints) {
          for (const port of externalPortNames[g.id]?.[ep.port] ?? [-1]) {
            const flow = `matih-monitoring/prometheus -> ${g.id} ${port}/TCP`;
            if (!flows.has(flow)) missing.push(flow);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('the API server (through konnectivity) reaches the admission webhooks', () => {
    for (const flow of [
      'kube-system/konnectivity-agent -> cert-manager/webhook 10250/TCP',
      'kube-system/konnectivity-agent -> external-secrets/webhook 10250/TCP',
    ]) expect(`${flow}: ${flows.has(flow)}`).toBe(`${flow}: true`);
  });

  test('the Strimzi operator reaches the brokers on 8443, 9090 and 9091, and nothing outside matih-kafka reaches 9092', () => {
    for (const port of [8443, 9090, 9091]) expect(flows.has(`strimzi-system/cluster-operator -> matih-kafka/broker ${port}/TCP`)).toBe(true);
    expect([...flows].filter((f) => f.endsWith(' 9092/TCP'))).toEqual([]);
    const clients = [...flows].filter((f) => f.endsWith('-> matih-kafka/broker 9093/TCP')).map((f) => f.split(' ')[0].split('/')[1]).sort();
    expect(clients).toEqual(objs.filter((o) => o.kind === 'KafkaUser').map((u) => u.metadata.name).sort());
  });
});

describe.each(['dev', 'prod'] as const)('the edge namespace in %s', (name) => {
  const app = appWithTenants(name, tenantsYaml([{ slug: 'acme', displayName: 'Acme', tier: 'enterprise', environments: ['prod'], dedicatedIngress: { resourceGroup: 'rg-acme' } }]));
  const objs = clusterObjects(name, undefined, app);
  const policies = objs.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'matih-ingress');
  const gateways = objs.filter((o) => o.kind === 'Gateway');

  test('clients reach each Gateway\'s proxies from anywhere on its listener ports shifted above 1024 (no NET_BIND_SERVICE), and on nothing else', () => {
    expect(gateways.length).toBe(name === 'prod' ? 2 : 1);
    const open = policies.filter((p) => ((p.spec.ingress ?? []) as Rule[]).some((r) => r.from?.some((f) => f.ipBlock)));
    expect(open.map((p) => p.metadata.name).sort()).toEqual(name === 'prod' ? ['allow-edge-acme-from-clients', 'allow-edge-from-clients'] : ['allow-edge-from-clients']);
    for (const gw of gateways) {
      const policy = open.find((p) => p.spec.podSelector.matchLabels['gateway.envoyproxy.io/owning-gateway-namespace'] === gw.metadata.namespace)!;
      expect(policy.spec.podSelector.matchLabels['gateway.envoyproxy.io/owning-gateway-name']).toBe(gw.metadata.name);
      const ports = [...new Set((gw.spec.listeners as Array<{ port: number }>).map((l) => l.port + 10000))].sort();
      expect(policy.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: ports.map((port) => ({ port, protocol: 'TCP' })) }]);
    }
  });

  test('the controller and its certgen Job reach the API server at its one address on 443, and nothing else leaves the namespace for an address', () => {
    const api = `${env(name).clusters.find((c) => c.name === `matih-${name}`)!.terraform.apiServerIp}/32`;
    const toAddresses = policies.flatMap((p) => ((p.spec.egress ?? []) as Rule[]).filter((r) => r.to?.some((t) => t.ipBlock)).map((r) => `${p.metadata.name}: ${(r.to ?? []).map((t) => t.ipBlock?.cidr).join(',')} ${r.ports.map((x) => x.port).join(',')}`));
    expect(toAddresses.sort()).toEqual([`allow-certgen-to-kube-apiserver: ${api} 443`, `allow-envoy-gateway: ${api} 443`]);
  });
});
