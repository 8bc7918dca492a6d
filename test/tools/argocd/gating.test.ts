import { checkSyncGating, type GatingFinding } from '../../../tools/argocd/gating';
import { app, clusterIssuer, configMap, crd, deployment, folders, kafka, kafkaNodePool, obj, shop, wave } from './fixtures';

const rules = (findings: GatingFinding[]) => findings.map((f) => `${f.application}: ${f.rule}`);

describe('checkSyncGating', () => {
  test('a root in its last wave, the Application health check, operators before their custom resources: nothing to report', () => {
    const { applications, readFolder } = shop();
    expect(checkSyncGating(applications, readFolder, { applicationHealth: true })).toEqual([]);
  });

  test('without the Application health check no wave of children gates, and CRDs from an earlier wave may be missing', () => {
    const { applications, readFolder } = shop();
    const findings = checkSyncGating(applications, readFolder);
    expect(rules(findings)).toEqual([
      'argocd/issuers: crd-not-ready',
      'argocd/kafka: skip-dry-run-ignored',
      'argocd/root: app-health-missing',
      'argocd/root: app-health-missing',
      'argocd/root: app-health-missing',
      'argocd/root: app-health-missing',
    ]);
    expect(findings[2].message).toBe(
      'wave 0 of argocd/root holds child Applications namespaces, but argocd-cm has no health check for argoproj.io/Application: each counts as healthy once applied, so wave 1 starts before they have synced anything. Install the Application health check (charts/argocd/health/application.ts, in dist/<env>/bootstrap/argocd-values.yaml)',
    );
    expect(findings[1].message).toMatch(
      /^argocd\/kafka \(wave 2\) renders Kafka\/events, KafkaNodePool\/brokers, whose CRDs come from argocd\/strimzi in wave 1, which argocd\/root does not wait on\. Its app-level SkipDryRunOnMissingResource=true is ignored by Argo CD v3\.0\.23/,
    );
    expect(findings[0].message).toMatch(
      /^argocd\/issuers \(wave 2\) renders ClusterIssuer\/letsencrypt, whose CRDs come from argocd\/cert-manager in wave 1, which argocd\/root does not wait on: its sync fails the dry run while a CRD is missing\./,
    );
  });

  test('a root that renders itself in wave 0 waits on itself once Applications have a health check', () => {
    const { applications, readFolder } = shop((tree) => {
      tree['dist/argocd'][0] = app('root', { path: 'dist/argocd', namespace: 'argocd' });
    });
    const findings = checkSyncGating(applications, readFolder, { applicationHealth: true });
    expect(rules(findings)).toEqual(['argocd/root: root-waits-on-itself']);
    expect(findings[0].message).toMatch(/^argocd\/root renders itself in wave 0, which is not its last wave \(wave 1 follows\)/);
    // without a health check for Applications it waits on nothing, itself included
    expect(rules(checkSyncGating(applications, readFolder)).filter((r) => r.endsWith('root-waits-on-itself'))).toEqual([]);
  });

  test('an operator in the same wave as the custom resources it defines: the dry run fails, with or without the app-level option', () => {
    const { applications, readFolder } = shop((tree) => {
      tree['dist/argocd'][2] = app('strimzi', { wave: 2, chart: 'strimzi-kafka-operator@0.50.1', namespace: 'strimzi' });
      tree['dist/argocd'][5] = app('issuers', { wave: 0, namespace: 'cert-manager' });
    });
    const findings = checkSyncGating(applications, readFolder, { applicationHealth: true });
    expect(rules(findings)).toEqual(['argocd/issuers: crd-not-ready', 'argocd/kafka: skip-dry-run-ignored']);
    expect(findings[0].message).toMatch(/whose CRDs come from argocd\/cert-manager in a later wave \(1\)/);
    expect(findings[1].message).toMatch(/whose CRDs come from argocd\/strimzi in the same wave \(2\)/);
  });

  test('custom resources annotated SkipDryRunOnMissingResource skip the dry run but still meet a missing CRD when applied', () => {
    const skip = { 'argocd.argoproj.io/sync-options': 'Prune=false,SkipDryRunOnMissingResource=true' };
    const { applications, readFolder } = shop((tree) => {
      tree['dist/argocd'][2] = app('strimzi', { wave: 2, chart: 'strimzi-kafka-operator@0.50.1', namespace: 'strimzi' });
      tree['dist/kafka'] = [kafka('events', 'kafka', skip), kafkaNodePool('brokers', 'kafka', skip)];
    });
    const findings = checkSyncGating(applications, readFolder, { applicationHealth: true });
    expect(rules(findings)).toEqual(['argocd/kafka: crd-not-ready']);
    expect(findings[0].message).toMatch(/their dry run is skipped, but applying them fails until the CRDs exist/);
  });

  test("CRDs rendered by a folder count like a chart's; the same Application's own CRDs and other clusters' do not", () => {
    const widgets = app('widgets', { wave: 1 });
    const consumer = app('gadgets', { wave: 1 });
    const elsewhere = app('remote', { wave: 0, cluster: 'aks-2' });
    const root = app('root', { wave: 9, path: 'dist/argocd' });
    const tree = {
      'dist/argocd': [root, widgets, consumer, elsewhere],
      'dist/widgets': [crd('example.com', 'Widget', 'widgets')],
      'dist/gadgets': [obj('example.com/v1', 'Widget', 'w', 'gadgets'), crd('other.io', 'Gadget', 'gadgets'), obj('other.io/v1', 'Gadget', 'g', 'gadgets')],
      'dist/remote': [obj('example.com/v1', 'Widget', 'r', 'remote')],
    };
    const findings = checkSyncGating([root], folders(tree), { applicationHealth: true });
    expect(rules(findings)).toEqual(['argocd/gadgets: crd-not-ready', 'argocd/remote: crd-no-provider']);
    expect(findings[0].message).toMatch(/^argocd\/gadgets \(wave 1\) renders Widget\/w, whose CRDs come from argocd\/widgets in the same wave \(1\)/);
    // the other cluster has no Application that installs Widget's CRD at all
    expect(findings[1].message).toMatch(
      /^argocd\/remote \(wave 0\) renders Widget\/r, but no Application that argocd\/root syncs installs their CRDs on cluster aks-2/,
    );
  });

  test("custom resources a Helm chart renders from its values count: a chart's ServiceMonitor beside the Prometheus Operator's chart", () => {
    const monitored = { serviceMonitor: { enabled: true } };
    const tree = (kpsWave: number) =>
      shop((t) => {
        t['dist/argocd'].push(
          app('kube-prometheus-stack', { wave: kpsWave, chart: 'kube-prometheus-stack@88.0.0', namespace: 'monitoring' }),
          app('grafana', { wave: 1, chart: 'grafana@12.10.0', namespace: 'monitoring', values: monitored }),
        );
      });
    const sameWave = tree(1);
    const findings = checkSyncGating(sameWave.applications, sameWave.readFolder, { applicationHealth: true });
    expect(rules(findings)).toEqual(['argocd/grafana: crd-not-ready']);
    expect(findings[0].message).toMatch(
      /^argocd\/grafana \(wave 1\) renders ServiceMonitor \(rendered by the chart grafana\), whose CRDs come from argocd\/kube-prometheus-stack in the same wave \(1\)/,
    );
    const earlier = tree(0);
    expect(checkSyncGating(earlier.applications, earlier.readFolder, { applicationHealth: true })).toEqual([]);
    // with the chart's ServiceMonitor off there is nothing to wait for
    const off = shop((t) => {
      t['dist/argocd'].push(
        app('kube-prometheus-stack', { wave: 1, chart: 'kube-prometheus-stack@88.0.0', namespace: 'monitoring' }),
        app('grafana', { wave: 1, chart: 'grafana@12.10.0', namespace: 'monitoring', values: { serviceMonitor: { enabled: false } } }),
      );
    });
    expect(checkSyncGating(off.applications, off.readFolder, { applicationHealth: true })).toEqual([]);
  });

  test('a custom kind without a health check in a wave that something follows', () => {
    const { applications, readFolder } = shop((tree) => {
      tree['dist/kafka'] = [kafkaNodePool('brokers', 'kafka'), kafka('events', 'kafka', wave(1))];
      tree['dist/shop'] = [configMap('settings', 'shop'), obj('argoproj.io/v1alpha1', 'AppProject', 'shop', 'argocd'), deployment('web', 'shop', wave(1))];
    });
    const findings = checkSyncGating(applications, readFolder, { applicationHealth: true });
    // the ConfigMap and the AppProject are complete once applied: only the node pool is reported
    expect(findings).toEqual([
      {
        rule: 'no-health-check',
        application: 'argocd/kafka',
        message:
          'wave 0 of argocd/kafka holds KafkaNodePool/brokers, which Argo CD has no health check for: wave 1 starts once they are applied, before their operators have acted on them',
      },
    ]);
  });

  test('an ApplicationSet waits only until its Applications are generated', () => {
    const set = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'tenants', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '3' } },
      spec: {
        generators: [{ list: { elements: [{ tenant: 'acme' }] } }],
        template: {
          metadata: { name: 'tenant-{{tenant}}' },
          spec: {
            project: 'default',
            source: { repoURL: 'r', path: 'dist/tenant-{{tenant}}' },
            destination: { name: 'in-cluster', namespace: 'tenant-{{tenant}}' },
          },
        },
      },
    };
    const { applications, readFolder } = shop((tree) => {
      tree['dist/argocd'].push(set, app('after-tenants', { wave: 4 }));
      tree['dist/tenant-acme'] = [clusterIssuer('acme'), crd('example.com', 'Widget', 'widgets')];
      tree['dist/after-tenants'] = [obj('example.com/v1', 'Widget', 'w', 'after-tenants')];
    });
    const findings = checkSyncGating(applications, readFolder, { applicationHealth: true });
    expect(rules(findings)).toEqual(['argocd/after-tenants: crd-not-ready', 'argocd/root: appset-does-not-wait']);
    expect(findings[1].message).toBe(
      'ApplicationSet tenants in wave 3 of argocd/root: its built-in health check is Healthy once its Applications are generated (ResourcesUpToDate), not when they have synced, so wave 4 does not wait for tenant-acme',
    );
    // the generated Application comes after cert-manager's gated wave, so its ClusterIssuer is fine; what comes after it is not
    expect(findings[0].message).toMatch(
      /^argocd\/after-tenants \(wave 4\) renders Widget\/w, whose CRDs come from argocd\/tenant-acme in wave 3, which argocd\/root does not wait on/,
    );
  });
});
