import { diffTrees, type KubeObject, renderMarkdown, renderText, routeChangeLines, treeResource, type TreeResource } from '../../../tools/diff';
import { edited } from './fixtures';

const gateway = (name = 'platform', namespace = 'edge', proxy?: string): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace },
  spec: {
    gatewayClassName: 'eg',
    ...(proxy ? { infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy } } } : {}),
    listeners: [
      { name: 'http', protocol: 'HTTP', port: 80 },
      { name: 'tenants', protocol: 'HTTPS', port: 443, hostname: '*.matih.ai' },
      { name: 'api.matih.ai', protocol: 'HTTPS', port: 443, hostname: 'api.matih.ai' },
    ],
  },
});
const route = (
  name: string,
  namespace: string,
  hostnames: string[],
  backend = 'app',
  parent: Record<string, string> = { name: 'platform', namespace: 'edge', sectionName: 'tenants' },
): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace },
  spec: { parentRefs: [parent], hostnames, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: backend, port: 8080 }] }] },
});
const redirect: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'https-redirect', namespace: 'edge' },
  spec: {
    parentRefs: [{ name: 'platform', sectionName: 'http' }],
    rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
  },
};
const ingress = (host: string): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'api', namespace: 'matih-control-plane' },
  spec: { rules: [{ host, http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'iam', port: { name: 'http' } } } }] } }] },
});
const internalProxy = (name: string, namespace = 'edge'): KubeObject => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'EnvoyProxy',
  metadata: { name, namespace },
  spec: {
    provider: { type: 'Kubernetes', kubernetes: { envoyService: { annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' } } } },
  },
});

/** Resources of env `prod`, cluster `matih-prod`, each in app `matih-prod/<folder>`. */
const tree = (...objects: Array<[string, KubeObject]>): TreeResource[] => objects.map(([folder, o]) => treeResource('prod', `matih-prod/${folder}`, o));
const exposures = (before: TreeResource[], after: TreeResource[]) =>
  diffTrees(before, after).resources.flatMap((r) => r.dangers.filter((d) => d.rule === 'exposure').map((d) => `${r.key.kind} ${r.key.name}: ${d.message}`));

describe('route and hostname changes per resource', () => {
  test('a changed HTTPRoute shows the hostnames and routes it adds and takes away', () => {
    const before = route('tenant', 'matih-tenant-acme', ['acme.matih.ai']);
    const after = edited(before, (r) => {
      r.spec.hostnames.push('www.acme.matih.ai');
      r.spec.rules[0].backendRefs[0].name = 'web';
    });
    expect(routeChangeLines(before, after)).toEqual([
      'hostname + www.acme.matih.ai',
      'route - acme.matih.ai/ → matih-tenant-acme/app:8080 via edge/platform listener tenants',
      'route + acme.matih.ai/ → matih-tenant-acme/web:8080 via edge/platform listener tenants',
      'route + www.acme.matih.ai/ → matih-tenant-acme/web:8080 via edge/platform listener tenants',
    ]);
  });

  test('Gateway listeners and Ingress rules are routes too; other kinds and unchanged routes give nothing', () => {
    expect(routeChangeLines(undefined, gateway())).toEqual([
      'hostname + *',
      'hostname + *.matih.ai',
      'hostname + api.matih.ai',
      'route + listener api.matih.ai: HTTPS 443 api.matih.ai',
      'route + listener http: HTTP 80 *',
      'route + listener tenants: HTTPS 443 *.matih.ai',
    ]);
    expect(routeChangeLines(ingress('api.matih.ai'), undefined)).toEqual([
      'hostname - api.matih.ai',
      'route - api.matih.ai/api → matih-control-plane/iam:http',
    ]);
    expect(routeChangeLines(redirect, undefined)).toEqual(['route - */ → redirect to https via edge/platform listener http']);
    expect(routeChangeLines({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, undefined)).toEqual([]);
    expect(
      routeChangeLines(
        gateway(),
        edited(gateway(), (g) => {
          g.metadata.labels = { a: 'b' };
        }),
      ),
    ).toEqual([]);
  });

  test('the text and markdown reports show them under the resource', () => {
    const report = diffTrees(tree(['edge', gateway()]), tree(['edge', gateway()], ['tenant-acme', route('tenant', 'matih-tenant-acme', ['acme.matih.ai'])]));
    const text = renderText(report);
    expect(text).toContain(
      '  + added   HTTPRoute matih-tenant-acme/tenant\n      ! hostname acme.matih.ai is newly exposed to the internet, through Gateway edge/platform\n      hostname + acme.matih.ai\n      route + acme.matih.ai/ → matih-tenant-acme/app:8080 via edge/platform listener tenants\n',
    );
    expect(renderMarkdown(report).join('')).toContain('`route + acme.matih.ai/ → matih-tenant-acme/app:8080 via edge/platform listener tenants`');
  });
});

describe('exposure: a hostname newly exposed to the internet is a dangerous change', () => {
  test('a route for a host nothing served before is flagged; the same host moving from an Ingress to a route is not', () => {
    const api = route('control-plane-api', 'matih-control-plane', ['api.matih.ai'], 'iam', {
      name: 'platform',
      namespace: 'edge',
      sectionName: 'api.matih.ai',
    });
    expect(exposures(tree(['edge', gateway()], ['control-plane', ingress('api.matih.ai')]), tree(['edge', gateway()], ['control-plane', api]))).toEqual([]);
    expect(exposures(tree(['edge', gateway()]), tree(['edge', gateway()], ['tenant-acme', route('tenant', 'matih-tenant-acme', ['acme.matih.ai'])]))).toEqual([
      'HTTPRoute tenant: hostname acme.matih.ai is newly exposed to the internet, through Gateway edge/platform',
    ]);
  });

  test('a host added to an existing route is flagged on that route; one a wildcard route served before is not', () => {
    const before = route('tenant', 'matih-tenant-acme', ['acme.matih.ai']);
    const after = edited(before, (r) => {
      r.spec.hostnames.push('shop.acme.matih.ai');
    });
    expect(exposures(tree(['edge', gateway()], ['t', before]), tree(['edge', gateway()], ['t', after]))).toEqual([
      'HTTPRoute tenant: hostname shop.acme.matih.ai is newly exposed to the internet, through Gateway edge/platform',
    ]);
    const wildcard = route('all', 'matih-tenant-acme', ['*.acme.matih.ai']);
    expect(exposures(tree(['edge', gateway()], ['t', before], ['t', wildcard]), tree(['edge', gateway()], ['t', after], ['t', wildcard]))).toEqual([]);
  });

  test('a host served in another cluster of the environment is still new in this one', () => {
    const other = treeResource('prod', 'ai-platform-prod/tenant', route('tenant', 'matih-tenant-acme', ['acme.matih.ai']));
    expect(
      exposures([...tree(['edge', gateway()]), other], [...tree(['edge', gateway()], ['t', route('tenant', 'matih-tenant-acme', ['acme.matih.ai'])]), other]),
    ).toHaveLength(1);
  });

  test('a redirect-only route and a route on an internal load balancer expose nothing', () => {
    expect(exposures(tree(['edge', gateway()]), tree(['edge', gateway()], ['edge', redirect]))).toEqual([]);
    const internal = gateway('private', 'edge', 'internal');
    const r = route('tenant', 'matih-tenant-acme', ['acme.matih.ai'], 'app', { name: 'private', namespace: 'edge', sectionName: 'tenants' });
    expect(
      exposures(tree(['edge', internal], ['edge', internalProxy('internal')]), tree(['edge', internal], ['edge', internalProxy('internal')], ['t', r])),
    ).toEqual([]);
  });

  test('a Gateway made public exposes the hosts of its unchanged routes, and is charged with them', () => {
    const r = route('tenant', 'matih-tenant-acme', ['acme.matih.ai'], 'app', { name: 'private', namespace: 'edge', sectionName: 'tenants' });
    const internal = gateway('private', 'edge', 'internal');
    const before = tree(['edge', internal], ['edge', internalProxy('internal')], ['t', r]);
    const after = tree(['edge', gateway('private', 'edge')], ['edge', internalProxy('internal')], ['t', r]);
    expect(exposures(before, after)).toEqual([
      'Gateway private: hostname acme.matih.ai is newly exposed to the internet, through Gateway edge/private (route matih-tenant-acme/tenant)',
    ]);
  });
});
