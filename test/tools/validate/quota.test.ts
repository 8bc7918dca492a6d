import * as fc from 'fast-check';
import { found, validate } from './fixture';
import { edgePlus, edgeWith, INFRA, type Json } from './gateway-fixture';

const check = (objects: Parameters<typeof validate>[0], infra: Record<string, string> = INFRA) => validate(objects, { gatewayInfraNamespaces: infra });

/** A tenant-like Gateway in `shop` with an EnvoyProxy of its own there, and `shop`'s quota of no load balancers. */
function tenantGateway(allocateNodePorts?: boolean): Json[] {
  return [
    {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'own', namespace: 'shop' },
      spec: {
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            envoyService: { type: 'LoadBalancer', ...(allocateNodePorts === undefined ? {} : { allocateLoadBalancerNodePorts: allocateNodePorts }) },
          },
        },
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'own', namespace: 'shop' },
      spec: {
        gatewayClassName: 'eg',
        infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'own' } },
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { hard: { 'services.loadbalancers': 0, 'services.nodeports': 0 } },
    },
  ];
}

describe("quota/services: the LoadBalancer Services a namespace's quota must admit", () => {
  test("a Gateway's Service lands in the controller's namespace and is counted against that namespace's quota", () => {
    // in edge: the shared Gateway and this one, for one load balancer
    const problems = check(edgePlus(...tenantGateway(false)));
    expect(found(problems)).toEqual(['Gateway/web: quota/services']);
    expect(problems[0].message).toEqual(
      'the LoadBalancer Service its controller creates for it in namespace "edge" (2 ports, no node ports) needs 1 of services.loadbalancers, and ResourceQuota "lb" of namespace "edge" admits 1 in all (2 wanted so far)',
    );
    expect(
      check(
        edgeWith(
          'ResourceQuota',
          'lb',
          (q) => {
            q.spec.hard['services.loadbalancers'] = '2';
          },
          ...tenantGateway(false),
        ),
      ),
    ).toEqual([]);
  });

  test("a controller not named creates the Service in the Gateway's own namespace, whose quota then decides", () => {
    const problems = check(edgePlus(...tenantGateway(false)), {});
    expect(problems.map((p) => `${p.kind}/${p.namespace}/${p.name}: ${p.rule}`)).toEqual(['Gateway/shop/own: quota/services']);
    expect(problems[0].message).toContain('ResourceQuota "shop" of namespace "shop" admits 0');
  });

  test('node ports are counted per Service port unless allocateLoadBalancerNodePorts is false', () => {
    const problems = check(
      edgeWith('EnvoyProxy', 'proxy', (p) => {
        delete p.spec.provider.kubernetes.envoyService.allocateLoadBalancerNodePorts;
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'the LoadBalancer Service its controller creates for it in namespace "edge" (2 ports, each with a node port) needs 2 of services.nodeports, and ResourceQuota "lb" of namespace "edge" admits 0 in all (2 wanted so far); a load balancer that needs no node ports can set allocateLoadBalancerNodePorts: false',
    ]);
  });

  test('a Gateway whose EnvoyProxy asks for a ClusterIP Service takes no load balancer', () => {
    expect(
      check(
        edgePlus(
          ...tenantGateway(false).map((o) =>
            o.kind === 'EnvoyProxy' ? { ...o, spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'ClusterIP' } } } } } : o,
          ),
        ),
      ),
    ).toEqual([]);
  });

  test('Service objects count the same way: explicit node ports count even without allocation, NodePort Services count each port', () => {
    const lb = (ports: Record<string, unknown>[]) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: 'shop' },
      spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, selector: { 'app.kubernetes.io/name': 'api' }, ports },
    });
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { hard: { 'services.loadbalancers': 1, 'services.nodeports': 0 } },
    };
    expect(check(edgePlus(quota, lb([{ port: 443, targetPort: 8080 }])))).toEqual([]);
    expect(found(check(edgePlus(quota, lb([{ port: 443, targetPort: 8080, nodePort: 31443 }]))))).toEqual(['Service/lb: quota/services']);
    const nodePort = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'np', namespace: 'shop' },
      spec: { type: 'NodePort', selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    expect(found(check(edgePlus(quota, nodePort)))).toEqual(['Service/np: quota/services']);
  });

  test('a scoped quota (which counts pods) is not applied to Services', () => {
    expect(
      check(
        edgeWith(
          'ResourceQuota',
          'lb',
          (q) => {
            q.spec.scopes = ['BestEffort'];
          },
          ...tenantGateway(false).slice(0, 2),
        ),
      ),
    ).toEqual([]);
  });

  test('n Gateways under a quota of q load balancers: exactly the ones past q are reported', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 5 }), (extra, limit) => {
        const gateways = Array.from({ length: extra }, (_, i) => ({
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { name: `g${i}`, namespace: 'edge' },
          spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
        }));
        const problems = check(
          edgeWith(
            'ResourceQuota',
            'lb',
            (q) => {
              q.spec.hard['services.loadbalancers'] = limit;
            },
            ...gateways,
          ),
        );
        expect(problems.filter((p) => p.rule === 'quota/services').length).toBe(Math.max(0, extra + 1 - limit));
      }),
      { numRuns: 30 },
    );
  });
});
