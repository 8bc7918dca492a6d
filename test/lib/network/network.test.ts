import { App, Chart } from 'cdk8s';
import { KubeNetworkPolicy, IntOrString } from '../../../imports/k8s';
import { allowedFlows, type PodGroup, podGroups } from '../../../tools/flows/network-flows';
import type { ServiceWorkloadProps } from '../../../lib/workload/props';
import { ServiceWorkload } from '../../../lib/workload/service-workload';
import { objects } from '../../helpers';

function decl(name: string, namespace: string, port: number, extra: Partial<ServiceWorkloadProps> = {}): ServiceWorkloadProps {
  return {
    name,
    namespace,
    image: { registry: 'r.example.io', repository: name, tag: '1.0.0' },
    ports: [{ name: 'http', port }],
    replicas: 1,
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    nodePool: { name: 'system' },
    readiness: { tcp: { port: 'http' } },
    liveness: { tcp: { port: 'http' } },
    ...extra,
  };
}

/** A small platform: web → api (other namespace) → db; a batch job with no dependencies. */
function fixture() {
  const app = new App();
  const chart = new Chart(app, 'fixture');
  for (const ns of ['front', 'back']) {
    new KubeNetworkPolicy(chart, `${ns}-deny`, {
      metadata: { name: 'default-deny', namespace: ns },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new KubeNetworkPolicy(chart, `${ns}-dns`, {
      metadata: { name: 'allow-dns-egress', namespace: ns },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
            ],
            ports: [
              { port: IntOrString.fromNumber(53), protocol: 'UDP' },
              { port: IntOrString.fromNumber(53), protocol: 'TCP' },
            ],
          },
        ],
      },
    });
  }
  const db = new ServiceWorkload(chart, 'db', decl('db', 'back', 5432));
  const api = new ServiceWorkload(
    chart,
    'api',
    decl('api', 'back', 8080, {
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'admin', port: 9000 },
      ],
      readiness: { tcp: { port: 'http' } },
      liveness: { tcp: { port: 'http' } },
      dependencies: [{ service: db, env: 'DB_URL' }],
    }),
  );
  new ServiceWorkload(chart, 'web', decl('web', 'front', 3000, { dependencies: [{ service: api, port: 'http', env: 'API_URL' }] }));
  new ServiceWorkload(chart, 'batch', decl('batch', 'back', 7000));
  return { app, objs: objects(app) };
}

const coreDns: PodGroup = {
  id: 'kube-system/coredns',
  namespace: 'kube-system',
  labels: { 'k8s-app': 'kube-dns' },
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};

describe('network policies derived from declared dependencies', () => {
  test('allow exactly the declared (from, to, port) flows and DNS', () => {
    const { objs } = fixture();
    const flows = allowedFlows(objs, [...podGroups(objs), coreDns]).filter((f) => !f.from.startsWith('kube-system/'));
    expect(flows).toEqual([
      { from: 'back/api', to: 'back/db', port: '5432/TCP' },
      { from: 'back/api', to: 'kube-system/coredns', port: '53/TCP' },
      { from: 'back/api', to: 'kube-system/coredns', port: '53/UDP' },
      { from: 'back/batch', to: 'kube-system/coredns', port: '53/TCP' },
      { from: 'back/batch', to: 'kube-system/coredns', port: '53/UDP' },
      { from: 'back/db', to: 'kube-system/coredns', port: '53/TCP' },
      { from: 'back/db', to: 'kube-system/coredns', port: '53/UDP' },
      { from: 'front/web', to: 'back/api', port: '8080/TCP' },
      { from: 'front/web', to: 'kube-system/coredns', port: '53/TCP' },
      { from: 'front/web', to: 'kube-system/coredns', port: '53/UDP' },
    ]);
  });

  test('a service with no declared dependency has no egress policy of its own, so only DNS', () => {
    const { objs } = fixture();
    const own = objs.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.labels?.['app.kubernetes.io/name'] === 'batch');
    expect(own).toEqual([]);
    const flows = allowedFlows(objs, [...podGroups(objs), coreDns]).filter((f) => f.from === 'back/batch');
    expect(flows.map((f) => f.to)).toEqual(['kube-system/coredns', 'kube-system/coredns']);
  });

  test('put the callee URL, always the FQDN form on the Service port, into the caller env', () => {
    const { objs } = fixture();
    const web = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web');
    expect(web.spec.template.spec.containers[0].env).toEqual([{ name: 'API_URL', value: 'http://api.back.svc.cluster.local:80' }]);
  });

  test('name policies after the flow and select the pods they are for, across namespaces with a namespace selector', () => {
    const { objs } = fixture();
    const egress = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-web-to-api');
    expect(egress.metadata.namespace).toBe('front');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Egress'],
      egress: [
        {
          ports: [{ port: 8080, protocol: 'TCP' }],
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'back' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/name': 'api' } },
            },
          ],
        },
      ],
    });
    const ingress = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-api-from-web');
    expect(ingress.metadata.namespace).toBe('back');
    expect(ingress.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'api', 'app.kubernetes.io/name': 'api' } });
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    // same namespace: no namespace selector
    expect(objs.find((o) => o.metadata.name === 'allow-api-to-db').spec.egress[0].to).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/name': 'db' } } },
    ]);
  });

  test('a dependency on a port the callee does not expose fails naming both services', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const db = new ServiceWorkload(chart, 'db', decl('db', 'back', 5432));
    expect(() => new ServiceWorkload(chart, 'api', decl('api', 'back', 8080, { dependencies: [{ service: db, port: 'grpc' }] }))).toThrow(
      'service "api" depends on service "db" port "grpc", which "db" does not expose (it exposes: http 5432)',
    );
  });

  test('a dependency on a service declared outside this platform fails naming both services', () => {
    const other = new ServiceWorkload(new Chart(new App(), 'other'), 'db', decl('db', 'back', 5432));
    const chart = new Chart(new App(), 'c');
    expect(() => new ServiceWorkload(chart, 'api', decl('api', 'back', 8080, { dependencies: [{ service: other }] }))).toThrow(
      'service "api" depends on service "db", which is not declared in this environment',
    );
  });

  test('a dangling dependency (no service object) fails naming the caller', () => {
    const chart = new Chart(new App(), 'c');
    const missing = ({} as Record<string, ServiceWorkload>)['ghost'];
    expect(() => new ServiceWorkload(chart, 'api', decl('api', 'back', 8080, { dependencies: [{ service: missing }] }))).toThrow(
      'service "api" depends on a value that is not a declared service (got undefined)',
    );
  });
});
