/**
 * The NVIDIA device plugin, without which the GPU pools' nodes advertise no `nvidia.com/gpu`
 * and llm-inference and the Ray GPU workers stay Pending: read from the committed dist/, it is
 * installed exactly on the clusters with a GPU pool, runs on exactly those pools' nodes
 * (placed as the scheduler would place it), and lives alone in a privileged namespace that
 * says why and admits no traffic; for any pools, the release follows the GPU taint.
 */
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import { ClusterContext } from '../../charts/context';
import { DEVICE_PLUGIN_POD_SECURITY_REASON } from '../../charts/namespaces';
import { GPU_RESOURCE, nvidiaDevicePluginRelease } from '../../charts/operators/nvidia-device-plugin';
import { WAVE_OPERATORS } from '../../charts/operators/placement';
import type { PoolSettings } from '../../config/schema/clusters';
import { CHARTS } from '../../tools/argocd/charts';
import { placementConflict } from '../../tools/capacity/placement';
import { VM_SIZES } from '../../tools/capacity/vm-sizes';
import { podPlacement } from '../../tools/capacity/workloads';
import { env } from '../helpers';
import { distClusters, type Manifest, withoutWebhookExclusions } from './dist-clusters';

const clusters = distClusters();
const RELEASE = 'nvidia-device-plugin';
const configs = new Map<string, ReturnType<typeof env>>();
const config = (envName: string) => configs.get(envName) ?? configs.set(envName, env(envName as 'dev')).get(envName)!;
const poolsOf = (envName: string, cluster: string) => Object.entries(config(envName).clusters.find((c) => c.name === cluster)!.settings.pools);
/** The pools whose VM size has GPUs, by the capacity tool's size table (not by the taint the chart code reads). */
const gpuSized = (envName: string, cluster: string) =>
  poolsOf(envName, cluster)
    .filter(([, p]) => VM_SIZES[p.vmSize].gpus > 0)
    .map(([name]) => name);
/** The pools a pod with these values lands on, as the scheduler decides from labels and taints. */
const admitting = (values: Manifest, pools: ReadonlyArray<[string, Pick<PoolSettings, 'vmSize' | 'taint'>]>) => {
  const placement = podPlacement({ affinity: values.affinity, tolerations: values.tolerations, nodeSelector: values.nodeSelector });
  return pools.filter(([name, p]) => placementConflict(placement, { name, vmSize: p.vmSize, taint: p.taint }) === undefined).map(([name]) => name);
};

test('the configuration has GPU pools on the MATIH clusters and none on the AI platform clusters', () => {
  expect(clusters.map((c) => `${c.cluster}: ${gpuSized(c.env, c.cluster).join(' ')}`)).toEqual(
    clusters.map((c) => `${c.cluster}: ${c.cluster.startsWith('matih-') ? 'gpu' : ''}`),
  );
});

describe.each(clusters.map((c) => [`${c.env}/${c.cluster}`, c] as const))('%s', (_, c) => {
  const gpus = gpuSized(c.env, c.cluster);
  const ns = config(c.env).platform.operatorNamespaces.nvidiaDevicePlugin;
  const apps = clusters
    .filter((x) => x.env === c.env)
    .flatMap((x) => x.objects.filter((o) => o.kind === 'Application' && o.spec.destination.name === c.cluster));

  test('the release is installed exactly when the cluster has a pool with GPUs', () => {
    expect(RELEASE in c.releases).toBe(gpus.length > 0);
    expect(c.objects.some((o) => o.kind === 'Namespace' && o.metadata.name === ns)).toBe(gpus.length > 0);
  });

  if (gpus.length === 0) return;
  const values = c.releases[RELEASE];
  const app = apps.find((a) => a.spec.source?.chart === RELEASE)!;

  test("its pods land on exactly the GPU pools' nodes, tolerating their taints, and on no other pool", () => {
    expect(admitting(values, poolsOf(c.env, c.cluster))).toEqual(gpus);
    // the chart's default affinity on Node Feature Discovery's labels would have them land nowhere on AKS
    expect(admitting({ ...values, affinity: CHART_DEFAULT_AFFINITY }, poolsOf(c.env, c.cluster))).toEqual([]);
  });

  test('only the placement and the requests are set: the chart keeps system-node-critical, no GPU or node feature discovery, no config sidecar', () => {
    expect(Object.keys(values).sort()).toEqual(['affinity', 'resources', 'tolerations']);
    expect(values.resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    const facts = CHARTS[RELEASE];
    expect([facts.crdGroups(values), facts.customResources(values), facts.webhooks(values)]).toEqual([[], [], []]);
    // turning on GPU feature discovery would bring Node Feature Discovery and its CRDs
    expect(facts.crdGroups({ ...values, gfd: { enabled: true } })).toEqual(['nfd.k8s-sigs.io']);
    expect(facts.crdGroups({ ...values, gfd: { enabled: true }, nfd: { enabled: false } })).toEqual([]);
  });

  test('an operator Application of the pinned chart, in the operators wave, into its own namespace', () => {
    const pinned = config(c.env).platform.operatorCharts.nvidiaDevicePlugin;
    expect(app.spec.source).toMatchObject({ repoURL: pinned.repoURL, chart: pinned.chart, targetRevision: pinned.version });
    expect(app.spec.destination.namespace).toBe(ns);
    expect(app.spec.project).toBe(`${c.cluster}-operators`);
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(WAVE_OPERATORS));
    expect(app.metadata.finalizers).toBeUndefined();
    const project = clusters
      .filter((x) => x.env === c.env)
      .flatMap((x) => x.objects.filter((o) => o.kind === 'AppProject' && o.metadata.name === app.spec.project))[0];
    expect(project.spec.sourceRepos).toContain(pinned.repoURL);
    expect(project.spec.destinations).toContainEqual({ name: c.cluster, namespace: ns });
  });

  test('its namespace enforces privileged with the reason, holds nothing else and admits no traffic at all', () => {
    const namespace = c.objects.find((o) => o.kind === 'Namespace' && o.metadata.name === ns);
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(namespace.metadata.annotations['matih.ai/pod-security-reason']).toBe(DEVICE_PLUGIN_POD_SECURITY_REASON);
    // default deny only: no DNS, no API server, no scraping (the plugin talks to the kubelet over a unix socket)
    const inside = c.objects.filter((o) => o.metadata?.namespace === ns);
    expect(inside.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['NetworkPolicy/default-deny']);
    expect(inside[0].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // no other Application deploys there, and no other release's values name it (but Kyverno's, to keep its webhooks away)
    expect(apps.filter((a) => a.spec.destination.namespace === ns).map((a) => a.metadata.name)).toEqual([app.metadata.name]);
    for (const [release, v] of Object.entries(c.releases))
      if (release !== RELEASE) expect(JSON.stringify(withoutWebhookExclusions(release, v))).not.toContain(ns);
  });
});

/** values.yaml @ v0.20.0 `affinity`. */
const CHART_DEFAULT_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }] },
        { matchExpressions: [{ key: 'feature.node.kubernetes.io/cpu-model.vendor_id', operator: 'In', values: ['NVIDIA'] }] },
        { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] },
      ],
    },
  },
};

describe('for any node pools', () => {
  const base = env('dev');
  const cluster = base.clusters.find((c) => c.name === 'matih-dev')!;
  const taints = [
    undefined,
    { key: GPU_RESOURCE, value: 'true', effect: 'NoSchedule' as const },
    { key: GPU_RESOURCE, value: 'present', effect: 'NoSchedule' as const },
    { key: 'matih.ai/compute', value: 'true', effect: 'NoSchedule' as const },
  ];
  const pools = fc.dictionary(
    fc.constantFrom('system', 'gpu', 'gpub', 'compute', 'infer', 'app'),
    fc.record({ vmSize: fc.constantFrom('Standard_D4s_v3', 'Standard_NC4as_T4_v3'), taint: fc.constantFrom(...taints) }),
    { minKeys: 1, noNullPrototype: true },
  );

  test('the release exists when a pool is tainted for nvidia.com/gpu, and its pods land on exactly those pools', () => {
    fc.assert(
      fc.property(pools, (drawn) => {
        const settings = Object.fromEntries(
          Object.entries(drawn).map(([name, p]) => [
            name,
            { vmSize: p.vmSize, minNodes: 0, maxNodes: 1, maxPods: 110, ...(p.taint ? { taint: p.taint } : {}) },
          ]),
        );
        const ctx = new ClusterContext(new App(), base, { ...cluster, settings: { ...cluster.settings, pools: settings } });
        const release = nvidiaDevicePluginRelease(ctx);
        const tainted = Object.keys(drawn)
          .filter((name) => drawn[name].taint?.key === GPU_RESOURCE)
          .sort();
        expect(release === undefined).toBe(tainted.length === 0);
        if (!release) return;
        expect(admitting(release.values, Object.entries(settings)).sort()).toEqual(tainted);
        // one toleration per distinct taint
        const distinct = new Set(tainted.map((name) => JSON.stringify(drawn[name].taint)));
        expect((release.values as { tolerations: unknown[] }).tolerations).toHaveLength(distinct.size);
      }),
    );
  });
});
