/**
 * The platform's alerts and dashboards (issue 19.2): every expression parses as PromQL and
 * names only metrics that the cluster's own scrape targets in dist/ expose or that its stack
 * provides (tools/monitoring/metrics.ts); every threshold comes from the environment's config.
 */
import * as fc from 'fast-check';
import { env } from '../helpers';
import { readRepoFile } from '../files';
import type { MonitoringSettings } from '../../config';
import { ALERTS } from '../../charts/monitoring/rules';
import { METRICS, providerProblem } from '../../tools/monitoring/metrics';
import { promqlFacts } from '../../tools/monitoring/promql';
import { distClusters, type Manifest } from './dist-clusters';

const clusters = distClusters();
const rulesOf = (objects: readonly Manifest[]) =>
  objects.filter((o) => o.kind === 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: Manifest) => g.rules));
const dashboardQueries = (objects: readonly Manifest[]) =>
  objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')
    .flatMap((cm) =>
      Object.values(cm.data as Record<string, string>).flatMap((json) =>
        JSON.parse(json).panels.flatMap((p: Manifest) => (p.targets ?? []).map((t: Manifest) => t.expr)),
      ),
    );

describe.each(clusters.map((c) => [`${c.env}/${c.cluster}`, c] as const))('%s', (_, c) => {
  const metrics = { objects: c.objects, stackValues: c.releases['kube-prometheus-stack'] };
  const expressions = [...rulesOf(c.objects).map((r: Manifest) => [`alert ${r.alert}`, r.expr]), ...dashboardQueries(c.objects).map((q) => ['dashboard', q])];

  test('has alerts and dashboards to check', () => {
    expect(rulesOf(c.objects).length).toBeGreaterThanOrEqual(9);
    expect(dashboardQueries(c.objects).length).toBeGreaterThan(20);
  });

  test('every alert and dashboard expression parses as PromQL', () => {
    const broken = expressions.map(([what, expr]) => ({ what, expr, errors: promqlFacts(expr).errors })).filter((e) => e.errors.length > 0);
    expect(broken).toEqual([]);
  });

  test('every metric they name is exported by a target of this cluster or by its stack', () => {
    const problems = new Set<string>();
    for (const [what, expr] of expressions) {
      for (const metric of promqlFacts(expr).metrics) {
        const problem = providerProblem(metric, metrics);
        if (problem) problems.add(`${what}: ${problem}`);
      }
    }
    expect([...problems]).toEqual([]);
  });
});

describe('the check of metric names', () => {
  const prod = clusters.find((c) => c.cluster === 'matih-prod')!;
  const ai = clusters.find((c) => c.cluster === 'ai-platform-prod')!;
  const metricsOf = (c: typeof prod, change: (objects: Manifest[]) => Manifest[] = (o) => o) => ({
    objects: change([...c.objects]),
    stackValues: c.releases['kube-prometheus-stack'],
  });

  test('refuses a metric outside the table, and a Kafka metric on a cluster without Kafka', () => {
    expect(providerProblem('made_up_total', metricsOf(prod))).toMatch(/not in the table/);
    expect(providerProblem('kafka_server_replicamanager_underreplicatedpartitions', metricsOf(ai))).toMatch(/no PodMonitor scrapes the Kafka pods/);
    expect(providerProblem('argocd_app_info', metricsOf(ai))).toMatch(/Argo CD/);
  });

  test("refuses a Kafka metric the reporter's allowList leaves out", () => {
    const narrowed = metricsOf(prod, (objects) =>
      objects.map((o) =>
        o.kind === 'Kafka'
          ? {
              ...o,
              spec: {
                ...o.spec,
                kafka: { ...o.spec.kafka, metricsConfig: { type: 'strimziMetricsReporter', values: { allowList: ['kafka_server_replicamanager_.*'] } } },
              },
            }
          : o,
      ),
    );
    expect(providerProblem('kafka_server_replicamanager_underreplicatedpartitions', narrowed)).toBeUndefined();
    expect(providerProblem('kafka_controller_kafkacontroller_offlinepartitionscount', narrowed)).toMatch(/allowList/);
  });

  test('refuses node metrics when node-exporter is off', () => {
    expect(providerProblem('node_cpu_seconds_total', { objects: prod.objects, stackValues: { nodeExporter: { enabled: false } } })).toMatch(/node-exporter/);
  });

  test('the parser reports broken PromQL', () => {
    expect(promqlFacts('sum(rate(x_total[5m]) by').errors).not.toEqual([]);
    expect(promqlFacts('rate(x_total{a="b"}[5m]) > 1').errors).toEqual([]);
    expect(promqlFacts('a / on (node) group_left (pool) b{__name__="c"}').metrics).toEqual(['a', 'b', 'c']);
  });

  test('every metric of the table is used, so the table says what the platform relies on', () => {
    const used = new Set(
      clusters.flatMap((c) => [...rulesOf(c.objects).map((r: Manifest) => r.expr), ...dashboardQueries(c.objects)]).flatMap((e) => promqlFacts(e).metrics),
    );
    expect(Object.keys(METRICS).filter((m) => !used.has(m))).toEqual([]);
  });
});

describe('alert settings', () => {
  const settings = (name: 'dev' | 'staging' | 'prod') => env(name).platform.monitoring;

  test.each(['dev', 'staging', 'prod'] as const)('%s: every rule takes its duration and severity from config', (name) => {
    const m = settings(name);
    const c = clusters.find((x) => x.env === name && x.cluster === `matih-${name}`)!;
    for (const r of rulesOf(c.objects)) {
      const def = ALERTS.find((a) => a.alert === r.alert)!;
      expect([r.alert, r.for, r.labels.severity]).toEqual([r.alert, m.alerts[def.key].for, m.alerts[def.key].severity]);
      expect(r.expr).toBe(def.expr(m.alerts, m));
    }
  });

  test("seed 003's alerts are there: pod restarts, CrashLoopBackOff, node pool CPU and memory above 80%", () => {
    const rules = rulesOf(clusters.find((c) => c.cluster === 'matih-prod')!.objects);
    const names = rules.map((r: Manifest) => r.alert);
    expect(names).toEqual(expect.arrayContaining(['PodRestarting', 'PodCrashLooping', 'NodePoolCpuHigh', 'NodePoolMemoryHigh']));
    expect(rules.find((r: Manifest) => r.alert === 'NodePoolCpuHigh').expr).toMatch(/ > 80$/);
    expect(rules.find((r: Manifest) => r.alert === 'NodePoolMemoryHigh').expr).toMatch(/ > 80$/);
    expect(rules.find((r: Manifest) => r.alert === 'PodCrashLooping').expr).toContain('reason="CrashLoopBackOff"');
  });

  test('environments differ where their config does: production syncs by hand, dev pages nobody', () => {
    const byEnv = (name: string, alert: string) =>
      rulesOf(clusters.find((c) => c.cluster === `matih-${name}`)!.objects).find((r: Manifest) => r.alert === alert);
    expect(byEnv('prod', 'ArgoCdApplicationOutOfSync').for).toBe('8h');
    expect(byEnv('dev', 'ArgoCdApplicationOutOfSync').for).toBe('30m');
    expect(byEnv('prod', 'PodCrashLooping').labels.severity).toBe('critical');
    expect(byEnv('dev', 'PodCrashLooping').labels.severity).toBe('warning');
  });

  test('every threshold reaches its expression, whatever its value', () => {
    const base = settings('prod');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 1000 }),
        (cpu, pvc, days, mem, restarts) => {
          const alerts: MonitoringSettings['alerts'] = {
            ...base.alerts,
            nodeCpu: { ...base.alerts.nodeCpu, percent: cpu },
            nodeMemory: { ...base.alerts.nodeMemory, percent: mem },
            pvcUsage: { ...base.alerts.pvcUsage, percent: pvc },
            certificateExpiry: { ...base.alerts.certificateExpiry, days },
            podRestarts: { ...base.alerts.podRestarts, restarts },
          };
          const expr = (key: string) => ALERTS.find((a) => a.key === key)!.expr(alerts, { ...base, alerts });
          expect(expr('nodeCpu').endsWith(` > ${cpu}`)).toBe(true);
          expect(expr('nodeMemory').endsWith(` > ${mem}`)).toBe(true);
          expect(expr('pvcUsage').endsWith(` > ${pvc}`)).toBe(true);
          expect(expr('certificateExpiry').endsWith(` < ${days * 86400}`)).toBe(true);
          expect(expr('podRestarts').endsWith(` > ${restarts}`)).toBe(true);
          for (const a of ALERTS) expect(promqlFacts(a.expr(alerts, { ...base, alerts })).errors).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });

  test('every alert has a runbook in docs/monitoring.md, which its runbook_url points at', () => {
    const doc = readRepoFile('docs/monitoring.md');
    const headings = new Set([...doc.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1].trim().toLowerCase()));
    const rules = clusters.flatMap((c) => rulesOf(c.objects));
    for (const r of rules) {
      expect(`${r.alert}: ${headings.has(r.alert.toLowerCase())}`).toBe(`${r.alert}: true`);
      expect(r.annotations.runbook_url).toBe(`https://github.com/matih-ai/matih-manifests/blob/main/docs/monitoring.md#${r.alert.toLowerCase()}`);
    }
  });
});
