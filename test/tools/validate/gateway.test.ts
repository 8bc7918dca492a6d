import * as fc from 'fast-check';
import { hostnamesIntersect } from '../../../tools/validate';
import { found, validate } from './fixture';
import { edgePlus, edgeWith, INFRA, type Json } from './gateway-fixture';

const check = (objects: Parameters<typeof validate>[0]) => validate(objects, { gatewayInfraNamespaces: INFRA });
const nothing = (): void => undefined;

describe('Gateway API references', () => {
  test('the clean edge passes every check', () => {
    expect(check(edgeWith('Gateway', 'web', nothing))).toEqual([]);
  });

  test('a Gateway must name an existing GatewayClass, and parametersRefs an existing EnvoyProxy', () => {
    expect(
      found(
        check(
          edgeWith('Gateway', 'web', (g) => {
            g.spec.gatewayClassName = 'nginx';
          }),
        ),
      ),
    ).toEqual(['Gateway/web: ref/gatewayClass']);
    const problems = check(
      edgeWith('Gateway', 'web', (g) => {
        g.spec.infrastructure = { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'tenant' } };
      }),
    );
    expect(problems.map((p) => `${p.rule}: ${p.message}`)).toEqual([
      'ref/gatewayParameters: spec.infrastructure.parametersRef: no EnvoyProxy "tenant" in namespace "edge" (gateway.envoyproxy.io)',
    ]);
    expect(
      found(
        check(
          edgeWith('GatewayClass', 'eg', (c) => {
            c.spec.parametersRef.namespace = 'shop';
          }),
        ),
      ),
    ).toEqual(['GatewayClass/eg: ref/gatewayParameters']);
  });

  test('a listener certificate must be created by a Certificate, and from another namespace be granted', () => {
    const missing = check(
      edgeWith('Certificate', 'api-edge-tls', (c) => {
        c.spec.secretName = 'other-tls';
      }),
    );
    expect(missing.map((p) => `${p.kind}/${p.name}: ${p.rule}: ${p.message}`)).toEqual([
      'Gateway/web: ref/secret: spec.listeners[1].tls.certificateRefs[0]: no Secret "api-edge-tls" in namespace "edge", nor a Certificate or ExternalSecret that creates it',
    ]);
    const crossNamespace = (extra: Json[]) =>
      check(
        edgeWith(
          'Gateway',
          'web',
          (g) => {
            g.spec.listeners[1].tls.certificateRefs[0] = { kind: 'Secret', name: 'api-tls', namespace: 'shop' };
          },
          ...extra,
        ),
      );
    expect(found(crossNamespace([]))).toEqual(['Gateway/web: ref/secret']);
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'edge-certificates', namespace: 'shop' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }], to: [{ group: '', kind: 'Secret', name: 'api-tls' }] },
    };
    expect(crossNamespace([grant])).toEqual([]);
  });

  test('a route must attach to an existing Gateway and listener', () => {
    expect(
      found(
        check(
          edgeWith('HTTPRoute', 'api', (r) => {
            r.spec.parentRefs[0].name = 'public';
          }),
        ),
      ),
    ).toEqual(['HTTPRoute/api: ref/parentRef']);
    const problems = check(
      edgeWith('HTTPRoute', 'api', (r) => {
        r.spec.parentRefs[0].sectionName = 'https';
      }),
    );
    expect(problems.map((p) => p.message)).toEqual(['spec.parentRefs[0].sectionName: Gateway "edge/web" has no listener "https"']);
  });

  test('a route is refused by a listener whose allowedRoutes do not admit its namespace or kind', () => {
    const other = check(
      edgeWith('Gateway', 'web', (g) => {
        g.spec.listeners[1].allowedRoutes.namespaces.selector.matchExpressions[0].values = ['tenant'];
      }),
    );
    expect(found(other)).toEqual(['HTTPRoute/api: ref/parentRef']);
    expect(other[0].message).toContain('listener "api" admits no route of namespace "shop"');
    const same = check(
      edgeWith('Gateway', 'web', (g) => {
        g.spec.listeners[1].allowedRoutes.namespaces = { from: 'Same' };
      }),
    );
    expect(same.map((p) => p.message)).toEqual([
      'spec.parentRefs[0]: Gateway "edge/web" does not admit this HTTPRoute: listener "api" admits routes of its own namespace "edge" only',
    ]);
    const kinds = check(
      edgeWith('Gateway', 'web', (g) => {
        g.spec.listeners[1].allowedRoutes.kinds = [{ kind: 'GRPCRoute' }];
      }),
    );
    expect(found(kinds)).toEqual(['HTTPRoute/api: ref/parentRef']);
    // a namespace selected by its labels is admitted
    const byLabel = check(
      edgeWith('Gateway', 'web', (g) => {
        g.spec.listeners[1].allowedRoutes.namespaces = { from: 'Selector', selector: { matchLabels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
      }),
    );
    expect(byLabel).toEqual([]);
  });

  test('a route without a sectionName attaches to every listener that admits it', () => {
    expect(
      check(
        edgeWith('HTTPRoute', 'api', (r) => {
          delete r.spec.parentRefs[0].sectionName;
        }),
      ),
    ).toEqual([]);
  });

  test('a route hostname that no listener it attaches to accepts is reported', () => {
    const problems = check(
      edgeWith('HTTPRoute', 'api', (r) => {
        r.spec.hostnames = ['api.example.com', 'shop.example.org'];
      }),
    );
    expect(problems.map((p) => `${p.kind}/${p.name}: ${p.rule}: ${p.message}`)).toEqual([
      'HTTPRoute/api: ref/routeHostname: spec.hostnames "shop.example.org": no listener it attaches to at spec.parentRefs[0] (Gateway "edge/web") accepts it (api: api.example.com)',
    ]);
    // a wildcard listener accepts its subdomains
    expect(
      check(
        edgeWith('Gateway', 'web', (g) => {
          g.spec.listeners[1].hostname = '*.example.com';
        }),
      ),
    ).toEqual([]);
  });

  test('a backendRef must name an existing Service and port; across namespaces it needs a ReferenceGrant', () => {
    expect(
      found(
        check(
          edgeWith('HTTPRoute', 'api', (r) => {
            r.spec.rules[0].backendRefs[0].name = 'web';
          }),
        ),
      ),
    ).toEqual(['HTTPRoute/api: ref/routeBackend']);
    const port = check(
      edgeWith('HTTPRoute', 'api', (r) => {
        r.spec.rules[0].backendRefs[0].port = 80;
      }),
    );
    expect(port.map((p) => p.message)).toEqual(['spec.rules[0].backendRefs[0].port: Service "api" has no port 80']);
    const backend = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'edge' }, spec: { ports: [{ port: 8080 }] } };
    const crossNamespace = (extra: Json[]) =>
      check(
        edgeWith(
          'HTTPRoute',
          'api',
          (r) => {
            r.spec.rules[0].backendRefs[0].namespace = 'edge';
          },
          backend,
          ...extra,
        ),
      );
    expect(found(crossNamespace([]))).toEqual(['HTTPRoute/api: ref/routeBackend']);
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'shop-routes', namespace: 'edge' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service' }] },
    };
    expect(crossNamespace([grant])).toEqual([]);
  });

  test('an Envoy Gateway policy must target an object (and listener) of its own namespace', () => {
    expect(
      found(
        check(
          edgeWith('BackendTrafficPolicy', 'api', (p) => {
            p.spec.targetRefs[0].name = 'web';
          }),
        ),
      ),
    ).toEqual(['BackendTrafficPolicy/api: ref/policyTarget']);
    const listener = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'ClientTrafficPolicy',
      metadata: { name: 'web', namespace: 'edge' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web', sectionName: 'https' }] },
    };
    expect(found(check(edgePlus(listener)))).toEqual(['ClientTrafficPolicy/web: ref/policyTarget']);
    expect(check(edgePlus({ ...listener, spec: { targetRefs: [{ ...listener.spec.targetRefs[0], sectionName: 'api' }] } }))).toEqual([]);
  });
});

describe('hostname intersection (Gateway API listener and route hostnames)', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
  const domain = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));

  test('a host and a wildcard over one of its parents intersect, in either role; the parent itself does not', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), domain, (sub, parent) => {
        const host = `${sub.join('.')}.${parent}`;
        expect(hostnamesIntersect(`*.${parent}`, host)).toBe(true);
        expect(hostnamesIntersect(host, `*.${parent}`)).toBe(true);
        expect(hostnamesIntersect(`*.${parent}`, parent)).toBe(false);
      }),
    );
  });

  test('two exact hosts intersect only when equal; no listener hostname accepts every host', () => {
    fc.assert(
      fc.property(domain, domain, (a, b) => {
        expect(hostnamesIntersect(a, b)).toBe(a === b);
        expect(hostnamesIntersect(undefined, a)).toBe(true);
      }),
    );
  });
});
