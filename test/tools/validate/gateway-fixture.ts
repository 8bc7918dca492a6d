/**
 * The clean fixture (fixture.ts) behind an edge: namespace `edge` with a GatewayClass of
 * Envoy Gateway, its EnvoyProxy (LoadBalancer without node ports), a Gateway with an HTTP
 * and an HTTPS listener for api.example.com (certificate from a Certificate in `edge`) that
 * admits routes from `shop` by name, a quota of one load balancer and no node ports, and in
 * `shop` an HTTPRoute to the api Service. Every check passes on it.
 */
import { cleanObjects, load } from './fixture';
import type { LoadedObject } from '../../../tools/validate';

// parsed YAML that the tests change freely
export type Json = Record<string, any>;

const EG = 'gateway.envoyproxy.io/gatewayclass-controller';
/** Envoy Gateway creates the Gateways' Services in `edge`, its own namespace. */
export const INFRA = { [EG]: 'edge' };

function edgeObjects(): Json[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'eg' },
      spec: { controllerName: EG, parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'proxy', namespace: 'edge' } },
    },
    {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'proxy', namespace: 'edge' },
      spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false } } } },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'api-edge-tls', namespace: 'edge' },
      spec: { secretName: 'api-edge-tls', dnsNames: ['api.example.com'], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt', group: 'cert-manager.io' } },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'web', namespace: 'edge' },
      spec: {
        gatewayClassName: 'eg',
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
          {
            name: 'api',
            protocol: 'HTTPS',
            port: 443,
            hostname: 'api.example.com',
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'api-edge-tls' }] },
            allowedRoutes: {
              kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
              namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } },
            },
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'lb', namespace: 'edge' },
      spec: { hard: { 'services.loadbalancers': '1', 'services.nodeports': '0' } },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        parentRefs: [{ name: 'web', namespace: 'edge', sectionName: 'api' }],
        hostnames: ['api.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'api', port: 8080 }] }],
      },
    },
    {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'api' }], timeout: { http: { requestTimeout: '120s' } } },
    },
  ];
}

/** The clean objects and the edge, with `change` applied to the one of `kind` and `name` (and extra objects). */
export function edgeWith(kind: string, name: string, change: (object: Json) => void, ...extra: Json[]): LoadedObject[] {
  const objects = [...cleanObjects(), ...edgeObjects()];
  const target = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!target) throw new Error(`the edge fixture has no ${kind} ${name}`);
  change(target);
  return load([...objects, ...extra]);
}

/** The clean objects, the edge and more. */
export function edgePlus(...extra: Json[]): LoadedObject[] {
  return load([...cleanObjects(), ...edgeObjects(), ...extra]);
}
