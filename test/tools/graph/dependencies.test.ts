import { inClusterUrls, renderDependencyMermaid, serviceDependencies } from '../../../tools/graph/dependencies';

/** A workload of `kind` whose one container has `env` (name → value) and pod labels `labels`. */
function workload(
  kind: string,
  namespace: string,
  name: string,
  env: Record<string, string>,
  labels: Record<string, string> = { app: name },
  init: Record<string, string> = {},
): any {
  const vars = (e: Record<string, string>) => Object.entries(e).map(([n, value]) => ({ name: n, value }));
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace },
    spec: {
      template: {
        metadata: { labels },
        spec: {
          initContainers: vars(init).length ? [{ name: 'init', env: vars(init) }] : undefined,
          containers: [{ name: 'main', env: [...vars(env), { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }],
        },
      },
    },
  };
}
const service = (namespace: string, name: string, selector: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector },
});

describe('inClusterUrls', () => {
  test('finds <service>.<namespace>.svc[.cluster.local][:port] in URLs of any scheme, several per value', () => {
    expect(inClusterUrls('postgresql://db.data.svc.cluster.local:5432/app')).toEqual([{ service: 'db', namespace: 'data', port: '5432' }]);
    expect(inClusterUrls('k-0.k-headless.kafka.svc:9093,k-1.k-headless.kafka.svc.cluster.local:9093')).toEqual([
      { service: 'k-headless', namespace: 'kafka', port: '9093' },
      { service: 'k-headless', namespace: 'kafka', port: '9093' },
    ]);
    expect(inClusterUrls('http://api.web.svc')).toEqual([{ service: 'api', namespace: 'web', port: '' }]);
  });

  test('ignores names that only contain .svc and plain words', () => {
    expect(inClusterUrls('https://a.b.svc.example.com/x')).toEqual([]);
    expect(inClusterUrls('db.data.svcs.local:5432')).toEqual([]);
    expect(inClusterUrls('SSL')).toEqual([]);
  });
});

describe('serviceDependencies', () => {
  const objects = [
    workload(
      'Deployment',
      'web',
      'api',
      {
        DATABASE_URL: 'postgresql://db.data.svc.cluster.local:5432',
        READ_REPLICA_URL: 'postgresql://db.data.svc.cluster.local:5432',
        KAFKA_BOOTSTRAP_SERVERS: 'k-0.k-headless.kafka.svc:9093',
        SELF_URL: 'http://api.web.svc.cluster.local:8080',
      },
      { app: 'api' },
      { WAIT_FOR: 'cache.data.svc:6379' },
    ),
    workload('StatefulSet', 'data', 'postgresql', {}, { 'app.kubernetes.io/name': 'postgresql', tier: 'db' }),
    workload('StatefulSet', 'data', 'redis', {}, { app: 'redis' }),
    service('data', 'db', { 'app.kubernetes.io/name': 'postgresql' }),
    service('data', 'cache', { app: 'redis' }),
    service('web', 'api', { app: 'api' }),
  ];

  test('an edge from the caller to the workload the Service selects, by port, with the env vars naming it', () => {
    const graph = serviceDependencies(objects);
    expect(graph.edges).toEqual([
      { from: 'web/api', to: 'data/postgresql', port: '5432', env: ['DATABASE_URL', 'READ_REPLICA_URL'] },
      { from: 'web/api', to: 'data/redis', port: '6379', env: ['WAIT_FOR'] },
      { from: 'web/api', to: 'kafka/k-headless', port: '9093', env: ['KAFKA_BOOTSTRAP_SERVERS'] },
    ]);
    // the Service is named "db" but its pods are the StatefulSet "postgresql"; Kafka's are not rendered
    expect(graph.nodes.map((n) => `${n.key} ${n.kind}${n.rendered ? '' : ' (not rendered)'}`)).toEqual([
      'data/postgresql StatefulSet',
      'data/redis StatefulSet',
      'kafka/k-headless Service (not rendered)',
      'web/api Deployment',
    ]);
  });

  test('renders namespaces as subgraphs, one arrow per caller and callee, outside Services dashed', () => {
    expect(renderDependencyMermaid(serviceDependencies(objects))).toEqual(`flowchart LR
  subgraph ns_data["data"]
    n_data_postgresql["postgresql"]
    n_data_redis["redis"]
  end
  subgraph ns_kafka["kafka"]
    n_kafka_k_headless["k-headless"]
  end
  subgraph ns_web["web"]
    n_web_api["api"]
  end
  n_web_api -->|"5432"| n_data_postgresql
  n_web_api -->|"6379"| n_data_redis
  n_web_api -->|"9093"| n_kafka_k_headless
  classDef outside stroke-dasharray: 5 5
  class n_kafka_k_headless outside
`);
  });

  test('reads CronJob and Pod templates too', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'jobs' },
      spec: { jobTemplate: { spec: { template: workload('Job', 'jobs', 'x', { API: 'http://api.web.svc:8080' }).spec.template } } },
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'jobs', labels: {} },
      spec: { containers: [{ name: 'c', env: [{ name: 'API', value: 'api.web.svc:8080' }] }] },
    };
    const graph = serviceDependencies([...objects, cron, pod]);
    expect(graph.edges.filter((e) => e.to === 'web/api').map((e) => e.from)).toEqual(['jobs/debug', 'jobs/report']);
  });
});
