import { allowedFlows, PodGroup, podGroups } from '../../tools/flows/network-flows';
import { appWithTenants, clusterObjects, tenantsYaml } from '../helpers';

/**
 * Pods that Helm charts, operators and AKS run, with the labels the Helm values and the
 * products promise: the flows to and from them must be allowed by the rendered policies.
 */
const external: PodGroup[] = [
  { id: 'matih-ingress/ingress-nginx', namespace: 'matih-ingress', labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [{ port: 443, protocol: 'TCP' }, { port: 8443, protocol: 'TCP' }, { port: 10254, protocol: 'TCP' }] },
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

  test('the ingress controller reaches every Ingress backend on its pod port', () => {
    const missing: string[] = [];
    for (const ing of objs.filter((o) => o.kind === 'Ingress')) {
      for (const path of ing.spec.rules.flatMap((r: any) => r.http.paths)) {
        const svc = objs.find((o) => o.kind === 'Service' && o.metadata.namespace === ing.metadata.namespace && o.metadata.name === path.backend.service.name);
        const sp = svc.spec.ports.find((p: any) => p.name === path.backend.service.port.name || p.port === path.backend.service.port.number);
        const w = podOf(svc.metadata.namespace, svc.spec.selector);
        const flow = `matih-ingress/ingress-nginx -> ${w.metadata.namespace}/${w.metadata.name} ${containerPort(w, sp.targetPort)}/TCP`;
        if (!flows.has(flow)) missing.push(flow);
      }
    }
    expect(missing).toEqual([]);
  });

  test('Prometheus reaches every ServiceMonitor endpoint and the ingress controller metrics', () => {
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
    expect(flows.has('matih-monitoring/prometheus -> matih-ingress/ingress-nginx 10254/TCP')).toBe(true);
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
      'kube-system/konnectivity-agent -> matih-ingress/ingress-nginx 8443/TCP',
    ]) expect(`${flow}: ${flows.has(flow)}`).toBe(`${flow}: true`);
  });

  test('the Strimzi operator reaches the brokers on 8443, 9090 and 9091, and nothing outside matih-kafka reaches 9092', () => {
    for (const port of [8443, 9090, 9091]) expect(flows.has(`strimzi-system/cluster-operator -> matih-kafka/broker ${port}/TCP`)).toBe(true);
    expect([...flows].filter((f) => f.endsWith(' 9092/TCP'))).toEqual([]);
    const clients = [...flows].filter((f) => f.endsWith('-> matih-kafka/broker 9093/TCP')).map((f) => f.split(' ')[0].split('/')[1]).sort();
    expect(clients).toEqual(objs.filter((o) => o.kind === 'KafkaUser').map((u) => u.metadata.name).sort());
  });
});

describe.each(['dev', 'prod'] as const)('the ingress-nginx controllers in %s', (name) => {
  const app = appWithTenants(name, tenantsYaml([{ slug: 'acme', displayName: 'Acme', tier: 'enterprise', environments: ['prod'], dedicatedIngress: { resourceGroup: 'rg-acme' } }]));
  const objs = clusterObjects(name, undefined, app);
  // the controllers of the MATIH cluster (the AI platform's cluster has its own, with its own policies)
  const controllers = objs.filter((o) => o.kind === 'Application' && o.spec.source.chart === 'ingress-nginx' && o.spec.destination.name === `matih-${name}`);

  test('run within Pod Security restricted on unprivileged ports, and clients are admitted on exactly those ports', () => {
    expect(controllers.length).toBe(name === 'prod' ? 2 : 1);
    for (const app of controllers) {
      const c = app.spec.source.helm.valuesObject.controller;
      expect(c.containerSecurityContext).toEqual({
        allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 101, runAsGroup: 82, seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.extraArgs).toMatchObject({ 'http-port': String(c.containerPort.http), 'https-port': String(c.containerPort.https) });
      const ns = app.spec.destination.namespace;
      const policy = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns && (o.spec.ingress ?? []).some((r: any) => r.from?.some((p: any) => p.ipBlock?.cidr === '0.0.0.0/0')));
      const rule = policy.spec.ingress.find((r: any) => r.from.some((p: any) => p.ipBlock?.cidr === '0.0.0.0/0'));
      expect(rule.ports.map((p: any) => p.port).sort()).toEqual([c.containerPort.http, c.containerPort.https].sort());
    }
  });
});
