/**
 * Monitoring that survives a restart and sees every workload (issue 17.5, 19.1, 19.3), read
 * from the committed dist/: Prometheus on a volume sized from its retention, node-exporter
 * alone in a privileged namespace, Grafana's admin password from Key Vault synced before
 * Grafana starts, Azure Monitor through Workload Identity, monitors Prometheus picks up,
 * dashboards Grafana loads, and every workload either scraped or listed with a reason.
 */
import * as fc from 'fast-check';
import { prometheusStorage, PREMIUM_SSD_SIZES_GIB } from '../../charts/operators/prometheus-storage';
import { NODE_EXPORTER_POD_SECURITY_REASON } from '../../charts/namespaces';
import { env } from '../helpers';
import { readRepoFile } from '../files';
import { distClusters, type Manifest, withoutWebhookExclusions } from './dist-clusters';

const clusters = distClusters();
const GIB = 2 ** 30;
const of = (objects: readonly Manifest[], kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const appsOf = (envName: string) => clusters.filter((c) => c.env === envName).flatMap((c) => of(c.objects, 'Application'));

describe.each(clusters.map((c) => [`${c.env}/${c.cluster}`, c] as const))('%s', (_, c) => {
  const m = env(c.env as 'dev').platform.monitoring;
  const kps = c.releases['kube-prometheus-stack'];
  const grafana = c.releases.grafana;
  const monitoringNs = 'matih-monitoring';

  test('Prometheus keeps its retention on a managed-csi-premium volume sized by the documented estimate', () => {
    const spec = kps.prometheus.prometheusSpec;
    const storage = prometheusStorage(m.prometheus, m.alerts.pvcUsage.percent);
    // an emptyDir (the chart's default) would lose every sample on a restart
    expect(spec.storageSpec).toEqual({
      volumeClaimTemplate: {
        spec: { storageClassName: 'managed-csi-premium', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${storage.volumeGiB}Gi` } } },
      },
    });
    expect(spec.retention).toBe(`${m.prometheus.retentionDays}d`);
    expect(spec.scrapeInterval).toBe(`${m.prometheus.scrapeIntervalSeconds}s`);
    // old blocks go before the volume reaches the PVC alert's threshold
    expect(parseInt(spec.retentionSize, 10)).toBeLessThan((storage.volumeGiB * m.alerts.pvcUsage.percent) / 100);
    expect(parseInt(spec.retentionSize, 10) * GIB).toBeGreaterThanOrEqual(storage.neededBytes);
  });

  test('node-exporter runs alone in its own namespace, which enforces privileged and says why', () => {
    const nsName = kps['prometheus-node-exporter'].namespaceOverride;
    expect(kps.nodeExporter.enabled).toBe(true);
    expect(nsName).toBe(m.nodeExporterNamespace);
    const ns = of(c.objects, 'Namespace', nsName)[0];
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
    expect(ns.metadata.annotations['matih.ai/pod-security-reason']).toBe(NODE_EXPORTER_POD_SECURITY_REASON);
    // only the Namespace and its default policies are rendered there; every other namespace stays restricted
    expect(
      c.objects
        .filter((o) => o.metadata?.namespace === nsName)
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    ).toEqual(['NetworkPolicy/allow-dns-egress', 'NetworkPolicy/default-deny']);
    expect(
      of(c.objects, 'Namespace')
        .filter((n) => n.metadata.name !== nsName)
        .map((n) => n.metadata.labels['pod-security.kubernetes.io/enforce']),
    ).toEqual(expect.arrayContaining(['restricted']));
    // besides the NVIDIA device plugin's, on the clusters that have GPUs (test/charts/nvidia-device-plugin.test.ts)
    const devicePlugin = env(c.env as 'dev').platform.operatorNamespaces.nvidiaDevicePlugin;
    expect(
      of(c.objects, 'Namespace')
        .filter((n) => n.metadata.labels['pod-security.kubernetes.io/enforce'] !== 'restricted' && n.metadata.name !== devicePlugin)
        .map((n) => n.metadata.name),
    ).toEqual([nsName]);
    // no other release renders into it (Kyverno's values name it, to keep its webhooks away)
    for (const [release, values] of Object.entries(c.releases))
      if (release !== 'kube-prometheus-stack') expect(JSON.stringify(withoutWebhookExclusions(release, values))).not.toContain(nsName);
    // Prometheus reaches node-exporter on the nodes' addresses (host network)
    const egress = of(c.objects, 'NetworkPolicy', 'allow-prometheus-to-targets')[0].spec.egress;
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: expect.stringMatching(/^10\.\d+\.0\.0\/16$/) } }],
      ports: [
        { port: 9100, protocol: 'TCP' },
        { port: 10250, protocol: 'TCP' },
      ],
    });
  });

  test("the operators' project lets kube-prometheus-stack render into node-exporter's namespace", () => {
    const project = clusters.filter((x) => x.env === c.env).flatMap((x) => of(x.objects, 'AppProject', `${c.cluster}-operators`))[0];
    expect(project.spec.destinations).toContainEqual({ name: c.cluster, namespace: m.nodeExporterNamespace });
  });

  test('Grafana takes its admin credentials from Key Vault, synced by an ExternalSecret before it starts', () => {
    expect(kps.grafana).toEqual({ enabled: false, forceDeployDatasources: true, forceDeployDashboards: true });
    expect(grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    const es = of(c.objects, 'ExternalSecret', 'grafana-admin')[0];
    expect(es.metadata.namespace).toBe(monitoringNs);
    expect(es.spec).toMatchObject({
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'azure-key-vault' },
      target: { name: 'grafana-admin', creationPolicy: 'Owner' },
    });
    expect(es.spec.data).toEqual([
      { secretKey: 'admin-password', remoteRef: { key: 'grafana-admin-admin-password' } },
      { secretKey: 'admin-user', remoteRef: { key: 'grafana-admin-admin-user' } },
    ]);
    expect(of(c.objects, 'ClusterSecretStore', 'azure-key-vault')[0].spec.conditions[0].namespaces).toContain(monitoringNs);
    // Grafana's Application syncs after the store and beside its ExternalSecret, never before them (it would wait forever)
    const wave = (name: string) =>
      Number(appsOf(c.env).find((a) => a.metadata.name === `${c.cluster}-${name}`).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('grafana')).toBeGreaterThan(wave('secret-stores'));
    expect(wave('grafana')).toBeGreaterThanOrEqual(wave('monitoring'));
    expect(wave('grafana')).toBeGreaterThan(wave('kube-prometheus-stack'));
  });

  test('Grafana reads Azure Monitor with its own Workload Identity from the Terraform outputs', () => {
    const tf = env(c.env as 'dev').clusters.find((x) => x.name === c.cluster)!.terraform;
    const clientId = tf.workloadIdentityClientIds.grafana;
    expect(grafana.serviceAccount.annotations).toEqual({ 'azure.workload.identity/client-id': clientId });
    expect(grafana.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(grafana['grafana.ini'].azure).toEqual({
      workload_identity_enabled: true,
      workload_identity_client_id: clientId,
      workload_identity_tenant_id: tf.tenantId,
    });
    const ds = of(c.objects, 'ConfigMap', 'grafana-datasource-azure-monitor')[0];
    expect(ds.metadata).toMatchObject({ namespace: monitoringNs, labels: { grafana_datasource: '1' } });
    expect(JSON.parse(ds.data['azure-monitor.yaml']).datasources).toEqual([
      expect.objectContaining({
        type: 'grafana-azure-monitor-datasource',
        jsonData: { azureAuthType: 'workloadidentity', subscriptionId: tf.subscriptionId },
      }),
    ]);
    expect(grafana.sidecar.datasources).toEqual({ enabled: true, label: 'grafana_datasource', labelValue: '1', resource: 'configmap' });
  });

  test('Prometheus picks up every ServiceMonitor, PodMonitor and PrometheusRule of the cluster', () => {
    const spec = kps.prometheus.prometheusSpec;
    const monitors = c.objects.filter((o) => ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'].includes(o.kind));
    expect(monitors.length).toBeGreaterThan(5);
    const missed = monitors.filter((o) => !pickedUp(spec, o)).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(missed).toEqual([]);
    // the chart's default would select only objects labelled release=kube-prometheus-stack: ours would all be missed
    const defaults = { ...spec, serviceMonitorSelectorNilUsesHelmValues: true, podMonitorSelectorNilUsesHelmValues: true, ruleSelectorNilUsesHelmValues: true };
    expect(monitors.filter((o) => pickedUp(defaults, o))).toEqual([]);
  });

  test('Grafana loads a dashboard for every namespace of services, from its own namespace', () => {
    const dashboards = of(c.objects, 'ConfigMap').filter((cm) => cm.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.every((d) => d.metadata.namespace === monitoringNs)).toBe(true);
    expect(grafana.sidecar.dashboards).toEqual({ enabled: true, label: 'grafana_dashboard', labelValue: '1', resource: 'configmap' });
    expect(grafana.rbac).toEqual({ namespaced: true });
    const models = dashboards.map((d) => JSON.parse(Object.values(d.data as Record<string, string>)[0]));
    expect(new Set(models.map((d) => d.uid)).size).toBe(models.length);
    const rows = new Set(models.flatMap((d) => d.panels.filter((p: Manifest) => p.type === 'row').map((p: Manifest) => `${d.uid}/${p.title}`)));
    for (const w of c.objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
      expect(`${w.metadata.namespace}/${w.metadata.name}: ${rows.has(`${w.metadata.namespace}/${w.metadata.name}`)}`).toBe(
        `${w.metadata.namespace}/${w.metadata.name}: true`,
      );
    }
  });
});

/** Whether kube-prometheus-stack's Prometheus (its 88.0.0 template) selects a monitor or rule: label selector, then namespace selector. */
function pickedUp(spec: Manifest, o: Manifest): boolean {
  const [selector, nilUsesHelm, nsSelector] = {
    ServiceMonitor: [spec.serviceMonitorSelector, spec.serviceMonitorSelectorNilUsesHelmValues ?? true, spec.serviceMonitorNamespaceSelector],
    PodMonitor: [spec.podMonitorSelector, spec.podMonitorSelectorNilUsesHelmValues ?? true, spec.podMonitorNamespaceSelector],
    PrometheusRule: [spec.ruleSelector, spec.ruleSelectorNilUsesHelmValues ?? true, spec.ruleNamespaceSelector],
  }[o.kind as 'ServiceMonitor'] as [Manifest, boolean, Manifest];
  const effective = selector && Object.keys(selector).length ? selector : nilUsesHelm ? { matchLabels: { release: 'kube-prometheus-stack' } } : {};
  const labels = o.metadata.labels ?? {};
  const labelsOk = Object.entries(effective.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  // an empty (or absent) namespace selector means every namespace
  const nsOk = !nsSelector || Object.keys(nsSelector).length === 0;
  return labelsOk && nsOk;
}

describe('the Prometheus volume estimate (docs/monitoring.md#prometheus-storage)', () => {
  const base = env('prod').platform.monitoring.prometheus;

  test('is retention × samples per second × bytes per sample, plus headroom, on the smallest Premium SSD that holds it below the alert', () => {
    const s = prometheusStorage(base, 85);
    expect(s.samplesPerSecond).toBe(base.activeSeries / base.scrapeIntervalSeconds);
    expect(s.blockBytes).toBe(s.samplesPerSecond * base.bytesPerSample * base.retentionDays * 86_400);
    expect(s.neededBytes).toBeCloseTo(s.blockBytes * (1 + base.headroomPercent / 100));
    // prod: 300k series every 30 s, 2 B, 30 days: 48.3 GiB of blocks, 62.8 GiB with headroom, 80% of 128 GiB
    expect([s.volumeGiB, s.retention, s.retentionSize]).toEqual([128, '30d', '102GiB']);
  });

  test('any estimate fits its volume, the next smaller size would not, and a longer retention never shrinks it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 5, max: 120 }),
        fc.integer({ min: 1000, max: 2_000_000 }),
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 50, max: 100 }),
        (retentionDays, scrapeIntervalSeconds, activeSeries, bytesPerSample, headroomPercent, alert) => {
          const p = { retentionDays, scrapeIntervalSeconds, activeSeries, bytesPerSample, headroomPercent };
          const s = prometheusStorage(p, alert);
          const keep = (alert - 5) / 100;
          expect(PREMIUM_SSD_SIZES_GIB).toContain(s.volumeGiB);
          expect(s.volumeGiB * keep * GIB).toBeGreaterThanOrEqual(s.neededBytes);
          const smaller = PREMIUM_SSD_SIZES_GIB.filter((g) => g < s.volumeGiB).at(-1);
          if (smaller !== undefined) expect(smaller * keep * GIB).toBeLessThan(s.neededBytes);
          expect(prometheusStorage({ ...p, retentionDays: retentionDays + 1 }, alert).volumeGiB).toBeGreaterThanOrEqual(s.volumeGiB);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('an estimate beyond the largest disk is refused, naming the setting', () => {
    expect(() => prometheusStorage({ ...base, activeSeries: 50_000_000, retentionDays: 400 }, 85)).toThrow(/^monitoring\.prometheus: \d+ GiB are needed/);
  });
});

describe('docs/monitoring.md', () => {
  const doc = readRepoFile('docs/monitoring.md');

  test.each(['dev', 'staging', 'prod'] as const)('states the %s volume sizing the code computes', (name) => {
    const m = env(name).platform.monitoring;
    const s = prometheusStorage(m.prometheus, m.alerts.pvcUsage.percent);
    const row = new RegExp(`^\\| ${name} +\\|([^\\n]+)$`, 'm')
      .exec(doc)![1]
      .split('|')
      .map((c) => c.trim());
    const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;
    expect(row.slice(0, 8)).toEqual([
      m.prometheus.activeSeries.toLocaleString('en-US'),
      `${m.prometheus.scrapeIntervalSeconds} s`,
      String(m.prometheus.bytesPerSample),
      `${m.prometheus.retentionDays} d`,
      gib(s.blockBytes),
      gib(s.neededBytes),
      `${s.volumeGiB} GiB`,
      s.retentionSize.replace('GiB', ' GiB'),
    ]);
  });
});
