import * as fc from 'fast-check';
import { App } from 'cdk8s';
import { ClusterContext } from '../../charts/context';
import { EdgeGateway, TLS12_CIPHERS } from '../../charts/edge/gateway';
import { renderEnvironments } from '../../tools/synth';
import { clusterObjects, env, find, objects } from '../helpers';
import { readRepoFile } from '../files';

const HSTS = { name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' };
const NS = 'matih-ingress';

interface Listener {
  readonly name: string;
  readonly protocol: string;
  readonly allowedRoutes: { readonly namespaces: unknown };
}
interface ParentRef {
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

describe.each([
  ['dev', 'matih-dev'],
  ['dev', 'ai-platform-dev'],
  ['prod', 'matih-prod'],
  ['prod', 'ai-platform-prod'],
] as const)('the edge of %s/%s', (name, cluster) => {
  const objs = clusterObjects(name, cluster);
  const release = clusterObjects(name, `matih-${name}`).find((o) => o.kind === 'Application' && o.metadata.name === `${cluster}-envoy-gateway`);
  const gateways = objs.filter((o) => o.kind === 'Gateway');

  test("Envoy Gateway v1.3.3 runs in the edge namespace on the system pool, two replicas with a disruption budget in prod, without the chart's CRDs", () => {
    expect(release.spec.source).toMatchObject({ chart: 'gateway-helm', targetRevision: 'v1.3.3', helm: { releaseName: 'envoy-gateway', skipCrds: true } });
    expect(release.spec.destination).toEqual({ name: cluster, namespace: NS });
    const values = release.spec.source.helm.valuesObject;
    expect(values.deployment.replicas).toBe(name === 'prod' ? 2 : 1);
    expect(values.podDisruptionBudget).toEqual({ minAvailable: name === 'prod' ? 1 : 0 });
    expect(values.deployment.pod.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'system' });
    // the chart's own container security context (restricted) is not replaced
    expect(values.deployment.envoyGateway).toBeUndefined();
  });

  test('one GatewayClass whose EnvoyProxy runs the shared proxies: LoadBalancer keeping client addresses, no node ports, spread, budgeted', () => {
    const cls = find(objs, 'GatewayClass', 'envoy-gateway');
    expect(cls.spec.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    const proxy = find(objs, 'EnvoyProxy', cls.spec.parametersRef.name, cls.spec.parametersRef.namespace).spec.provider.kubernetes;
    expect(proxy.envoyService).toEqual({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: false });
    expect(proxy.envoyDeployment.replicas).toBe(name === 'prod' ? 3 : 2);
    expect(proxy.envoyPDB).toEqual({ minAvailable: 1 });
    expect(proxy.envoyDeployment.container).toEqual({ resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1Gi' } } });
    // Envoy Gateway's own security contexts (restricted) and port shift stay in force
    expect(proxy.envoyDeployment.pod.securityContext).toBeUndefined();
    expect(proxy.useListenerPortAsContainerPort).toBeUndefined();
  });

  test('every Gateway redirects HTTP to HTTPS, serves TLS 1.2+ with AEAD ciphers, and times requests out after 60 s unless a route says otherwise', () => {
    expect(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toContain(`${NS}/platform`);
    for (const gw of gateways) {
      const ns = gw.metadata.namespace;
      expect(gw.spec.listeners[0]).toEqual({
        name: 'http',
        protocol: 'HTTP',
        port: 80,
        allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], namespaces: { from: 'Same' } },
      });
      const redirect = objs.find((o) => o.kind === 'HTTPRoute' && o.metadata.namespace === ns && o.spec.parentRefs[0].sectionName === 'http');
      expect(redirect.spec.rules).toEqual([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
      const target = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gw.metadata.name }];
      expect(find(objs, 'ClientTrafficPolicy', gw.metadata.name, ns).spec).toEqual({
        targetRefs: target,
        tls: { minVersion: '1.2', ciphers: [...TLS12_CIPHERS] },
        headers: { withUnderscoresAction: 'DropHeader' },
        http2: { maxConcurrentStreams: 100 },
      });
      expect(find(objs, 'BackendTrafficPolicy', gw.metadata.name, ns).spec).toEqual({ targetRefs: target, timeout: { http: { requestTimeout: '60s' } } });
      for (const l of gw.spec.listeners.slice(1)) expect(l).toMatchObject({ protocol: 'HTTPS', port: 443, tls: { mode: 'Terminate' } });
    }
  });

  test('each HTTPS listener admits the HTTPRoutes of exactly the namespaces that route through it, and every HTTPS rule sets HSTS', () => {
    const routes = objs.filter((o) => o.kind === 'HTTPRoute' && o.spec.parentRefs[0].sectionName !== 'http');
    expect(routes.length).toBeGreaterThan(0);
    for (const gw of gateways) {
      for (const l of (gw.spec.listeners as Listener[]).filter((x) => x.protocol === 'HTTPS' && x.name !== 'tenants')) {
        const using = routes.filter((r) =>
          (r.spec.parentRefs as ParentRef[]).some(
            (p) => p.name === gw.metadata.name && (p.namespace ?? r.metadata.namespace) === gw.metadata.namespace && p.sectionName === l.name,
          ),
        );
        const namespaces = [...new Set(using.map((r) => r.metadata.namespace))].sort();
        expect(namespaces.length).toBeGreaterThan(0);
        expect(l.allowedRoutes.namespaces).toEqual(
          namespaces.length === 1 && namespaces[0] === gw.metadata.namespace
            ? { from: 'Same' }
            : { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: namespaces }] } },
        );
      }
    }
    for (const r of routes)
      for (const rule of r.spec.rules) expect(rule.filters).toEqual([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [HSTS] } }]);
  });

  test("the edge namespace's quota admits one load balancer per Gateway and no node port", () => {
    expect(find(objs, 'ResourceQuota', 'edge-load-balancers', NS).spec.hard).toEqual({ 'services.loadbalancers': gateways.length, 'services.nodeports': 0 });
  });

  test('Prometheus scrapes the controller and every proxy through PodMonitors', () => {
    expect(find(objs, 'PodMonitor', 'envoy-gateway', NS).spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(find(objs, 'PodMonitor', 'envoy-proxies', NS).spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway', 'app.kubernetes.io/name': 'envoy' } },
      namespaceSelector: { matchNames: [NS] },
      podMetricsEndpoints: [{ port: 'metrics', path: '/stats/prometheus', interval: '30s' }],
    });
    // each admitted on its metrics port only, by a policy of its own
    for (const name of ['envoy-gateway', 'envoy-proxies']) {
      expect(find(objs, 'NetworkPolicy', `allow-${name}-from-prometheus`, NS).spec.ingress[0].ports).toEqual([{ port: 19001, protocol: 'TCP' }]);
    }
  });

  test("the clients' policy of every Gateway says why it admits the internet", () => {
    for (const policy of objs.filter((o) => o.kind === 'NetworkPolicy' && /-from-clients$/.test(o.metadata.name))) {
      expect(policy.metadata.annotations?.['matih.ai/internet-ingress-reason']).toMatch(/^the public endpoint of Gateway /);
    }
  });
});

test('no ingress-nginx object and no Ingress is left in any environment', () => {
  const files = renderEnvironments(['dev', 'staging', 'prod'], readRepoFile);
  expect(
    files
      .filter((f) => ['Ingress', 'IngressClass'].includes(String(f.object.kind)) || /ingress-nginx|nginx\.ingress\.kubernetes\.io/.test(f.content))
      .map((f) => f.path),
  ).toEqual([]);
});

describe("a Gateway's HTTPS listener", () => {
  const ctx = () => {
    const e = env('dev');
    return new ClusterContext(
      new App(),
      e,
      e.clusters.find((c) => c.name === 'matih-dev')!,
    );
  };
  const peer = { name: 'edge', namespace: NS, podLabels: {} };

  test('admits exactly the namespaces registered for it, whatever their order; its own namespace alone is "Same"', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', NS), { minLength: 1, maxLength: 6 }), (namespaces) => {
        const c = ctx();
        const chart = c.chart('edge', NS);
        const gw = new EdgeGateway(chart, { name: 'platform', namespace: NS, peer });
        for (const ns of namespaces) gw.listener('api.example.com', 'api.example.com', 'api-tls', { namespace: ns });
        const listener = find(objects(chart), 'Gateway', 'platform').spec.listeners[1];
        const unique = [...new Set(namespaces)].sort();
        expect(listener.allowedRoutes.namespaces).toEqual(
          unique.length === 1 && unique[0] === NS
            ? { from: 'Same' }
            : { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: unique }] } },
        );
        expect(
          objects(chart)
            .filter((o) => o.kind === 'Certificate')
            .map((o) => o.spec.dnsNames),
        ).toEqual([['api.example.com']]);
      }),
      { numRuns: 25 },
    );
  });

  test('refuses the same host with another certificate', () => {
    const gw = new EdgeGateway(ctx().chart('edge', NS), { name: 'platform', namespace: NS, peer });
    gw.listener('api.example.com', 'api.example.com', 'api-tls', { namespace: 'a' });
    expect(() => gw.listener('api.example.com', 'api.example.com', 'other-tls', { namespace: 'b' })).toThrow(
      'Gateway matih-ingress/platform: listener "api.example.com" serves api.example.com with Secret api-tls, not api.example.com with other-tls',
    );
  });
});
