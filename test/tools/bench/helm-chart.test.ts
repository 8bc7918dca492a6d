/**
 * The chart the bench times `helm template` of renders, with the real helm, exactly the
 * objects it was generated from, and takes them from values (Helm really templates).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toYaml } from '../../../lib/render/yaml';
import { compareRendered, helmChart, helmDocuments, splitImage, templateOf, writeChart, type RenderedText } from '../../../tools/bench/helm-chart';
import { readTree, runHelm, runHelmWithPeakRss } from '../../../tools/bench/processes';

const labels = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/version': '1.0', 'matih.ai/flag': 'true' };
const OBJECTS: Record<string, Record<string, unknown>> = {
  'dev/control-plane/deployment-api.yaml': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels, name: 'api', namespace: 'matih-control-plane' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              env: [
                { name: 'PORT', value: '8080' },
                { name: 'ON', value: 'on' },
              ],
              image: 'matihlabsacr.azurecr.io/matih/api:1.2.3',
              name: 'main',
              resources: { limits: { cpu: '500m', memory: '1Gi' } },
              securityContext: { runAsNonRoot: true, runAsUser: 10001 },
            },
            { image: 'busybox@sha256:0123abcd', name: 'sidecar', env: [] },
          ],
          volumes: [{ emptyDir: {}, name: 'tmp' }],
        },
      },
    },
  },
  'dev/control-plane/service-api.yaml': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'matih-control-plane' },
    spec: {
      loadBalancerSourceRanges: ['10.0.0.0/8', '{{ in a list }}'],
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      selector: { 'app.kubernetes.io/name': 'api' },
    },
  },
  'dev/control-plane/matih-kafka/networkpolicy-allow-api.yaml': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-api', namespace: 'matih-kafka' },
    spec: {
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'matih-control-plane' } } }] }],
      podSelector: {},
      policyTypes: ['Ingress'],
    },
  },
  'prod/monitoring/configmap-alerts.yaml': {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { annotations: { note: 'a {{ brace }} here' }, name: 'alerts', namespace: 'matih-monitoring' },
    data: { 'template.tmpl': '{{ .Labels.alertname }}\nline two\n' },
    binaryData: { x: 'key: {{ plain }} string' },
  },
};
const FILES: RenderedText[] = Object.entries(OBJECTS).map(([p, o]) => ({ path: p, content: toYaml(o, { sortKeys: true }) }));

describe('the Helm chart of the bench', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-bench-test-'));
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function written(name: string, files = FILES) {
    const chart = helmChart(files);
    const dir = path.join(tmp, name);
    writeChart(chart, dir);
    return { chart, dir };
  }

  test('has one subchart per app folder and one template per object', () => {
    const { chart } = written('layout');
    const templates = [...chart.files.keys()].filter((f) => /\/templates\/.*\.yaml$/.test(f)).sort();
    expect(templates).toEqual([
      'charts/dev-control-plane/templates/deployment-api.yaml',
      'charts/dev-control-plane/templates/matih-kafka/networkpolicy-allow-api.yaml',
      'charts/dev-control-plane/templates/service-api.yaml',
      'charts/prod-monitoring/templates/configmap-alerts.yaml',
    ]);
    expect(chart.files.has('charts/dev-control-plane/templates/_helpers.tpl')).toBe(true);
    expect(chart.sources.get('platform/charts/prod-monitoring/templates/configmap-alerts.yaml')).toEqual('prod/monitoring/configmap-alerts.yaml');
  });

  test('helm template renders exactly the same objects, to stdout and into --output-dir', () => {
    const { chart, dir } = written('same');
    const docs = helmDocuments(runHelm(dir).stdout);
    expect(docs).toHaveLength(FILES.length);
    expect(compareRendered(docs, chart, FILES)).toEqual([]);
    const out = path.join(tmp, 'same-out');
    runHelm(dir, out);
    const files = readTree(out);
    expect(files).toHaveLength(FILES.length);
    expect(compareRendered(helmDocuments(files.map((f) => f.content).join('\n')), chart, FILES)).toEqual([]);
  });

  test("the synth's hand-off files are no objects: the chart has no template for them and the comparison does not ask for them", () => {
    const handoff = { path: 'dev/bootstrap/argocd-values.yaml', content: toYaml({ server: { replicas: 2 } }) };
    const { chart, dir } = written('handoff', [...FILES, handoff]);
    expect([...chart.sources.values()].sort()).toEqual(FILES.map((f) => f.path).sort());
    const docs = helmDocuments(runHelm(dir).stdout);
    expect(compareRendered(docs, chart, [...FILES, handoff])).toEqual([]);
    // an object file is still asked for
    expect(compareRendered(docs.slice(1), chart, [...FILES, handoff])).toEqual([expect.stringMatching(/: helm did not render it$/)]);
  });

  test('the templates take names, images, labels and blocks from values', () => {
    const { template, values } = templateOf(OBJECTS['dev/control-plane/deployment-api.yaml'], 'deployment-api', 'dev-control-plane');
    expect(template).toContain('name: {{ $v.name | quote }}');
    expect(template).toContain('image: "{{ $v.image.repository }}:{{ $v.image.tag }}"');
    expect(template).toContain('image: "{{ $v.image2.repository }}@{{ $v.image2.digest }}"');
    expect(template).toContain('labels:{{- include "dev-control-plane.labels" $v.labels | trim | nindent 4 }}');
    expect(template).toContain('resources:{{- toYaml $v.resources | nindent 12 }}');
    expect(template).toContain('replicas: {{ $v.replicas }}');
    expect(template).not.toContain('matihlabsacr.azurecr.io');
    expect(values.image).toEqual({ repository: 'matihlabsacr.azurecr.io/matih/api', tag: '1.2.3' });
  });

  test('strings holding {{ or }} come from values, so Helm does not read them as templates', () => {
    const configMap = templateOf(OBJECTS['prod/monitoring/configmap-alerts.yaml'], 'configmap-alerts', 'prod-monitoring');
    expect(configMap.template).toContain('x: {{ $v.x | quote }}');
    expect(configMap.values.x).toEqual('key: {{ plain }} string');
    const service = templateOf(OBJECTS['dev/control-plane/service-api.yaml'], 'service-api', 'dev-control-plane');
    expect(service.template).toContain('loadBalancerSourceRanges:{{- toYaml $v.loadBalancerSourceRanges | nindent 4 }}');
  });

  test('a changed value changes what helm renders, and the comparison catches it', () => {
    const { chart, dir } = written('changed');
    const values = path.join(dir, 'charts/dev-control-plane/values.yaml');
    fs.writeFileSync(values, fs.readFileSync(values, 'utf8').replace('tag: "1.2.3"', 'tag: "9.9.9"'));
    const docs = helmDocuments(runHelm(dir).stdout);
    expect(docs.map((d) => d.text).join('')).toContain('matihlabsacr.azurecr.io/matih/api:9.9.9');
    expect(compareRendered(docs, chart, FILES)).toEqual(['dev/control-plane/deployment-api.yaml: helm rendered a different object']);
    expect(compareRendered(docs.slice(1), chart, FILES)).toHaveLength(2);
  });

  test("helm's peak RSS is measured, with GNU time or by sampling /proc", () => {
    const { dir } = written('rss');
    const sampled = runHelmWithPeakRss(dir, undefined, path.join(tmp, 'no-such-time'));
    expect(helmDocuments(sampled.stdout)).toHaveLength(FILES.length);
    expect(sampled.rss.how).toContain('VmHWM');
    expect(sampled.rss.kib).toBeGreaterThan(1024);
    if (fs.existsSync('/usr/bin/time')) {
      const exact = runHelmWithPeakRss(dir, path.join(tmp, 'rss-out'));
      expect(exact.rss.how).toContain('wait4');
      expect(exact.rss.kib).toBeGreaterThan(1024);
      expect(readTree(path.join(tmp, 'rss-out'))).toHaveLength(FILES.length);
    }
  });

  test('splitImage', () => {
    expect(splitImage('registry:5000/a/b:1.0')).toEqual({ repository: 'registry:5000/a/b', tag: '1.0' });
    expect(splitImage('registry:5000/a/b')).toEqual({ repository: 'registry:5000/a/b' });
    expect(splitImage('a/b@sha256:ff')).toEqual({ repository: 'a/b', digest: 'sha256:ff' });
  });

  test('a file outside an app folder is refused', () => {
    expect(() => helmChart([{ path: 'dev/x.yaml', content: 'kind: A\n' }])).toThrow('not <env>/<cluster>/<app>/<file>.yaml');
  });
});
