import { cleanObjects, cleanPlus, cleanWith, found, load, podSpec, validate } from './fixture';
import type { Manifest } from '../../charts/dist-clusters';

const metricsPort = { name: 'metrics', containerPort: 9121, protocol: 'TCP' };
const exporter = {
  name: 'exporter',
  image: 'registry.example.com/shop/exporter:1.0.0',
  ports: [metricsPort],
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '32Mi' } },
};
const withExporter = (d: Manifest) => {
  podSpec(d).containers.push(structuredClone(exporter));
};

describe('monitor/unscraped: metrics ports that nothing scrapes', () => {
  test('the clean fixture has none (its pods serve no port named metrics)', () => {
    expect(validate(load(cleanObjects()))).toEqual([]);
  });

  test('a container port named metrics without a monitor is reported, naming the port', () => {
    const problems = validate(cleanWith('Deployment', 'api', withExporter));
    expect(found(problems)).toEqual(['Deployment/api: monitor/unscraped']);
    expect(problems[0].message).toBe(
      'spec.template.spec.containers[1].ports[0] (metrics 9121) serves metrics that no ServiceMonitor or PodMonitor scrapes (pods app.kubernetes.io/name=api,app.kubernetes.io/instance=api,azure.workload.identity/use=true)',
    );
  });

  test.each(['http-metrics', 'tcp-prometheus'])('so is one named %s', (name) => {
    expect(
      found(
        validate(
          cleanWith('Deployment', 'api', (d) => {
            withExporter(d);
            podSpec(d).containers[1].ports[0].name = name;
          }),
        ),
      ),
    ).toEqual(['Deployment/api: monitor/unscraped']);
  });

  test('a ServiceMonitor endpoint on a Service port that targets it scrapes it', () => {
    const objects = cleanObjects();
    withExporter(objects.find((o) => o.kind === 'Deployment')!);
    objects.find((o) => o.kind === 'Service')!.spec.ports.push({ name: 'metrics', port: 9121, targetPort: 'metrics', protocol: 'TCP' });
    objects.find((o) => o.kind === 'ServiceMonitor')!.spec.endpoints.push({ port: 'metrics' });
    expect(validate(load(objects))).toEqual([]);
    // the same Service port, but the monitor scrapes another one
    objects.find((o) => o.kind === 'ServiceMonitor')!.spec.endpoints.pop();
    expect(found(validate(load(objects)))).toEqual(['Deployment/api: monitor/unscraped']);
  });

  test("a PodMonitor on the port's name or number scrapes it; one in a namespace it does not cover does not", () => {
    const pm = (endpoint: object, namespaceSelector?: object) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
        podMetricsEndpoints: [endpoint],
        ...(namespaceSelector ? { namespaceSelector } : {}),
      },
    });
    const withPm = (monitor: object) => {
      const o = cleanObjects();
      withExporter(o.find((x) => x.kind === 'Deployment')!);
      return load([...o, monitor]);
    };
    expect(validate(withPm(pm({ port: 'metrics' })))).toEqual([]);
    expect(validate(withPm(pm({ portNumber: 9121 })))).toEqual([]);
    expect(found(validate(withPm(pm({ port: 'metrics' }, { matchNames: ['elsewhere'] }))))).toEqual(['Deployment/api: monitor/unscraped']);
  });

  test('a port that a prometheus.io/port annotation on the Service names is a metrics port', () => {
    const problems = validate(
      cleanWith('Service', 'api', (s) => {
        s.metadata.annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' };
      }),
    );
    // the fixture's ServiceMonitor scrapes the http port, which is 8080
    expect(problems).toEqual([]);
    const objects = cleanObjects().filter((o) => o.kind !== 'ServiceMonitor');
    objects.find((o) => o.kind === 'Service')!.metadata.annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' };
    expect(found(validate(load(objects)))).toEqual(['Deployment/api: monitor/unscraped']);
  });

  test("a Kafka that exports metrics needs a PodMonitor on its brokers' tcp-prometheus port", () => {
    const kafkaWithMetrics = () => {
      const o = cleanObjects();
      o.find((x) => x.kind === 'Kafka')!.spec.kafka.metricsConfig = { type: 'strimziMetricsReporter' };
      return o;
    };
    const problems = validate(load(kafkaWithMetrics()));
    expect(found(problems)).toEqual(['Kafka/events: monitor/unscraped']);
    expect(problems[0].message).toMatch(/^\(Strimzi pods\)\.spec\.containers\[0\]\.ports\[0\] \(tcp-prometheus 9404\)/);
    const pm = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'kafka', namespace: 'shop' },
      spec: { selector: { matchLabels: { 'strimzi.io/kind': 'Kafka', 'strimzi.io/cluster': 'events' } }, podMetricsEndpoints: [{ port: 'tcp-prometheus' }] },
    };
    expect(validate(load([...kafkaWithMetrics(), pm]))).toEqual([]);
  });
});

describe('ref/podMonitor: monitors that select nothing', () => {
  const pm = (spec: object) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'pm', namespace: 'shop' }, spec });

  test('a PodMonitor whose selector matches no pod is reported', () => {
    const problems = validate(cleanPlus(pm({ selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, podMetricsEndpoints: [{ port: 'http' }] })));
    expect(found(problems)).toEqual(['PodMonitor/pm: ref/podMonitor']);
    expect(problems[0].message).toBe('spec.selector (app.kubernetes.io/name=web) matches no pod in "shop"');
  });

  test('a PodMonitor on a port the selected pods do not name is reported', () => {
    expect(
      found(validate(cleanPlus(pm({ selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, podMetricsEndpoints: [{ port: 'metrics' }] })))),
    ).toEqual(['PodMonitor/pm: ref/podMonitor']);
    expect(validate(cleanPlus(pm({ selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, podMetricsEndpoints: [{ port: 'http' }] })))).toEqual([]);
  });

  test('a PodMonitor may select the entity operator Strimzi creates, on its healthcheck ports', () => {
    const eo = { selector: { matchLabels: { 'strimzi.io/name': 'events-entity-operator' } } };
    expect(validate(cleanPlus(pm({ ...eo, podMetricsEndpoints: [{ port: 'healthcheck' }] })))).toEqual([]);
    expect(found(validate(cleanPlus(pm({ ...eo, podMetricsEndpoints: [{ port: 'metrics' }] }))))).toEqual(['PodMonitor/pm: ref/podMonitor']);
  });

  test("a PodMonitor of pods in a namespace without pods in the run (a chart's) is not judged", () => {
    const problems = validate(
      cleanPlus(
        pm({
          selector: { matchLabels: { 'app.kubernetes.io/name': 'cert-manager' } },
          namespaceSelector: { matchNames: ['cert-manager'] },
          podMetricsEndpoints: [{ port: 'http-metrics' }],
        }),
      ),
    );
    expect(problems).toEqual([]);
  });
});

describe('pss/namespace-level: namespaces below restricted', () => {
  const privileged = (annotations?: object) =>
    cleanWith('Namespace', 'shop', (n) => {
      n.metadata.labels['pod-security.kubernetes.io/enforce'] = 'privileged';
      if (annotations) n.metadata.annotations = annotations;
    });

  test('must say why, and may hold no workload of the run', () => {
    const problems = validate(privileged());
    expect(found(problems)).toEqual(['Namespace/shop: pss/namespace-level', 'Namespace/shop: pss/namespace-level']);
    expect(problems.map((p) => p.message).sort()).toEqual([
      'enforces Pod Security "privileged" without saying why: set the matih.ai/pod-security-reason annotation',
      'enforces Pod Security "privileged", yet holds Deployment/api: run them in a restricted namespace',
    ]);
  });

  test('a reason alone does not admit workloads of the run', () => {
    expect(found(validate(privileged({ 'matih.ai/pod-security-reason': 'node-exporter needs the host' })))).toEqual(['Namespace/shop: pss/namespace-level']);
  });

  test('a privileged namespace with a reason and no workload of the run passes', () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'nodes',
        labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
        annotations: { 'matih.ai/pod-security-reason': 'host agent' },
      },
    };
    expect(validate(cleanPlus(ns))).toEqual([]);
  });
});

describe('pod templates in ConfigMaps (matih.ai/pod-template)', () => {
  const template = (spec: object) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'executors', namespace: 'shop', annotations: { 'matih.ai/pod-template': 'pod.yaml' } },
    data: { 'pod.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'exec' } }, spec }, null, 2) },
  });

  test('are checked like a workload: Pod Security, references and hygiene', () => {
    const problems = validate(cleanPlus(template({ serviceAccountName: 'nobody', containers: [{ name: 'x', image: 'registry.example.com/x:latest' }] })));
    const rules = found(problems);
    expect(rules).toEqual(
      expect.arrayContaining([
        'ConfigMap/executors: pss/runAsNonRoot',
        'ConfigMap/executors: ref/serviceAccount',
        'ConfigMap/executors: hygiene/image-tag',
        'ConfigMap/executors: hygiene/resources',
      ]),
    );
    expect(problems.find((p) => p.rule === 'ref/serviceAccount')!.message).toBe(
      'data["pod.yaml"].spec.serviceAccountName: no ServiceAccount "nobody" in namespace "shop"',
    );
  });

  test('a ConfigMap without the annotation is plain data', () => {
    const cm = template({ containers: [{ name: 'x', image: 'x:latest' }] });
    delete (cm.metadata as Manifest).annotations;
    expect(validate(cleanPlus(cm))).toEqual([]);
  });
});
